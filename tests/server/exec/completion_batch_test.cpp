// Answers finished together on one thread go to the io threads in one hand-over.
#include "server/exec/completion_batch.h"

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace socialite::exec {
namespace {

// A stand-in for an io thread: keeps what is posted to run later.
struct FakeIo {
  std::vector<std::function<void()>> posted;
  CompletionBatch::Post Poster() {
    return [this](std::function<void()> work) { posted.push_back(std::move(work)); };
  }
  void RunAll() {
    for (auto& work : std::exchange(posted, {})) work();
  }
};

TEST(CompletionBatchTest, WithoutAnOpenBatchNothingIsKept) {
  FakeIo io;
  bool ran = false;
  EXPECT_FALSE(CompletionBatch::IsOpen());
  EXPECT_FALSE(CompletionBatch::Defer(io.Poster(), [&] { ran = true; }));
  EXPECT_TRUE(io.posted.empty());
  EXPECT_FALSE(ran);
}

TEST(CompletionBatchTest, AnswersOfABatchGoInOnePostInOrder) {
  FakeIo io;
  std::vector<std::string> delivered;
  {
    CompletionBatch batch;
    EXPECT_TRUE(CompletionBatch::IsOpen());
    for (std::string name : {"a", "b", "c"}) {
      EXPECT_TRUE(CompletionBatch::Defer(io.Poster(), [&, name] { delivered.push_back(name); }));
    }
    EXPECT_TRUE(io.posted.empty());  // nothing leaves before the batch closes
  }
  ASSERT_EQ(io.posted.size(), 1u);
  io.RunAll();
  EXPECT_EQ(delivered, (std::vector<std::string>{"a", "b", "c"}));
  // Closed: the next answer is the caller's to post.
  EXPECT_FALSE(CompletionBatch::Defer(io.Poster(), [] {}));
}

TEST(CompletionBatchTest, AnEmptyBatchPostsNothing) {
  FakeIo io;
  { CompletionBatch batch; }
  EXPECT_TRUE(io.posted.empty());
}

TEST(CompletionBatchTest, ABatchBelongsToItsThread) {
  FakeIo io;
  CompletionBatch batch;
  bool kept_elsewhere = true;
  std::thread other([&] { kept_elsewhere = CompletionBatch::Defer(io.Poster(), [] {}); });
  other.join();
  EXPECT_FALSE(kept_elsewhere);
}

TEST(CompletionBatchTest, AnInnerBatchHandsOverItsOwnAnswersAndTheOuterResumes) {
  FakeIo io;
  int delivered = 0;
  {
    CompletionBatch outer;
    EXPECT_TRUE(CompletionBatch::Defer(io.Poster(), [&] { ++delivered; }));
    {
      CompletionBatch inner;
      EXPECT_TRUE(CompletionBatch::Defer(io.Poster(), [&] { ++delivered; }));
    }
    EXPECT_EQ(io.posted.size(), 1u);
    EXPECT_TRUE(CompletionBatch::Defer(io.Poster(), [&] { ++delivered; }));
  }
  EXPECT_EQ(io.posted.size(), 2u);
  io.RunAll();
  EXPECT_EQ(delivered, 3);
}

TEST(CompletionBatchTest, AFailingAnswerDoesNotStrandTheOthers) {
  FakeIo io;
  int delivered = 0;
  {
    CompletionBatch batch;
    CompletionBatch::Defer(io.Poster(), [&] { ++delivered; });
    CompletionBatch::Defer(io.Poster(), [] { throw std::runtime_error("broken"); });
    CompletionBatch::Defer(io.Poster(), [&] { ++delivered; });
  }
  ASSERT_EQ(io.posted.size(), 1u);
  EXPECT_THROW(io.RunAll(), std::runtime_error);  // the io loop reports it
  EXPECT_EQ(delivered, 2);
}

}  // namespace
}  // namespace socialite::exec
