// Readers take what queued while they were busy together: one snapshot, one hand-over of the
// answers; and a share of a burst each, so one reader does not take it all.
#include "server/exec/reader_pool.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "server/core/clock.h"
#include "server/core/id_generator.h"
#include "server/exec/completion_batch.h"
#include "server/exec/work_queue.h"
#include "server/handlers/store_errors.h"
#include "storage/statement.h"
#include "tests/server/testing/temp_database.h"

namespace socialite::exec {
namespace {

using std::chrono::seconds;

TEST(WorkQueueTest, PopShareTakesItsShareOfWhatIsQueued) {
  WorkQueue<int> queue(100);
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(queue.Push(int{i}));
  std::vector<int> out;
  ASSERT_TRUE(queue.PopShare(out, 16, 2));
  EXPECT_EQ(out, (std::vector<int>{0, 1, 2, 3, 4}));  // half of 9, rounded up
  ASSERT_TRUE(queue.PopShare(out, 3, 2));
  EXPECT_EQ(out, (std::vector<int>{5, 6}));  // half of the 4 left
  ASSERT_TRUE(queue.PopShare(out, 3, 0));    // no sharers counts as one
  EXPECT_EQ(out, (std::vector<int>{7, 8}));
  queue.Close();
  EXPECT_FALSE(queue.PopShare(out, 3, 2));
}

class ReaderPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ =
        std::make_unique<Services>(Services{*db_, clock_, ids_, options_, nullptr, nullptr, nullptr,
                                            nullptr, nullptr, false, nullptr, nullptr});
    auto reader = storage::Database::OpenReader(temp_.path());
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    reader_db_ = std::move(reader).value();
    std::vector<Services> bound;
    bound.push_back(BindServices(*writer_, *reader_db_));
    bound.back().read_only = true;
    pool_ = std::make_unique<ReaderPool>(std::move(bound));
  }
  void TearDown() override {
    pool_.reset();
    reader_db_.reset();
    writer_.reset();
  }
  // Occupies the one reader until the returned promise is fulfilled.
  std::shared_ptr<std::promise<void>> Block() {
    auto gate = std::make_shared<std::promise<void>>();
    auto started = std::make_shared<std::promise<void>>();
    std::shared_future<void> open = gate->get_future().share();
    EXPECT_TRUE(pool_->Submit(
        [open, started](Services&) {
          started->set_value();
          open.wait_for(seconds(10));
          return Status();
        },
        nullptr));
    started->get_future().wait_for(seconds(10));
    return gate;
  }
  void Insert(const std::string& text) {
    ASSERT_TRUE(
        storage::Statement(*db_, "INSERT INTO notes (text) VALUES (?)").Bind(1, text).Run().ok());
  }
  static int64_t Count(Services& services) {
    storage::Statement count(services.db, "SELECT COUNT(*) FROM notes");
    return count.Step() ? count.Int(0) : -1;
  }

  testing::TempDatabase temp_;  // first: the connections below go before the file does
  storage::Database* db_ = &temp_.db();
  std::unique_ptr<storage::Database> reader_db_;
  ManualClock clock_{1'700'000'000'000};
  RandomIdGenerator ids_{7};
  Options options_;
  std::unique_ptr<Services> writer_;
  std::unique_ptr<ReaderPool> pool_;
};

TEST_F(ReaderPoolTest, ReadsQueuedWhileTheReaderWasBusyAreAnsweredInOneHandOver) {
  auto gate = Block();
  std::mutex mutex;
  int posts = 0;
  std::vector<std::function<void()>> posted;
  auto post = [&](std::function<void()> work) {
    std::lock_guard<std::mutex> lock(mutex);
    ++posts;
    posted.push_back(std::move(work));
  };
  auto all_answered = std::make_shared<std::promise<void>>();
  int answered = 0;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(pool_->Submit([](Services&) { return Status(); },
                              [&, post, all_answered](Status) {
                                ASSERT_TRUE(CompletionBatch::Defer(post, [&, all_answered] {
                                  if (++answered == 5) all_answered->set_value();
                                }));
                              }));
  }
  gate->set_value();
  // The five were queued behind the blocker and go out together once they have run.
  ASSERT_EQ(all_answered->get_future().wait_for(std::chrono::milliseconds(0)),
            std::future_status::timeout);
  for (int waited = 0; waited < 1000; ++waited) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (posts > 0) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::lock_guard<std::mutex> lock(mutex);
  ASSERT_EQ(posts, 1);
  for (auto& work : posted) work();
  EXPECT_EQ(answered, 5);
}

TEST_F(ReaderPoolTest, ABatchSeesWhatWasCommittedBeforeItRan) {
  auto gate = Block();
  std::promise<int64_t> first, second;
  ASSERT_TRUE(pool_->Submit(
      [&](Services& s) {
        first.set_value(Count(s));
        return Status();
      },
      nullptr));
  ASSERT_TRUE(pool_->Submit(
      [&](Services& s) {
        second.set_value(Count(s));
        return Status();
      },
      nullptr));
  Insert("acknowledged before the reads ran");
  gate->set_value();
  EXPECT_EQ(first.get_future().get(), 1);
  EXPECT_EQ(second.get_future().get(), 1);
}

TEST_F(ReaderPoolTest, AJobThatEndsTheSnapshotLeavesTheNextOneAFreshSnapshot) {
  auto gate = Block();
  std::promise<bool> next_in_transaction;
  ASSERT_TRUE(pool_->Submit(
      [](Services& s) { return FromStore(storage::Statement(s.db, "ROLLBACK").Run()); }, nullptr));
  ASSERT_TRUE(pool_->Submit(
      [&](Services& s) {
        next_in_transaction.set_value(sqlite3_get_autocommit(s.db.handle()) == 0);
        return Status();
      },
      nullptr));
  gate->set_value();
  EXPECT_TRUE(next_in_transaction.get_future().get());
}

TEST_F(ReaderPoolTest, AFailingJobDoesNotFailItsBatch) {
  auto gate = Block();
  std::promise<Status> failed, fine;
  ASSERT_TRUE(pool_->Submit([](Services&) -> Status { throw std::runtime_error("bug"); },
                            [&](Status status) { failed.set_value(status); }));
  ASSERT_TRUE(pool_->Submit([](Services& s) { return Count(s) == 0 ? Status() : NeedsWriter(); },
                            [&](Status status) { fine.set_value(status); }));
  gate->set_value();
  Status failure = failed.get_future().get();
  ASSERT_FALSE(failure.ok());
  EXPECT_EQ(failure.error().code, ErrorCode::kInternalService);
  EXPECT_TRUE(fine.get_future().get().ok());
}

}  // namespace
}  // namespace socialite::exec
