// The execution model's storage side: one writer that group-commits, readers that never wait
// for it, and the way a read that must write is handed to the writer.
#include "server/exec/state_executor.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "server/core/clock.h"
#include "server/core/id_generator.h"
#include "server/handlers/store_errors.h"
#include "storage/statement.h"
#include "tests/server/testing/temp_database.h"

namespace socialite::exec {
namespace {

using std::chrono::seconds;

// A promise that a test fulfils to let a blocked job go on.
struct Gate {
  std::promise<void> open;
  std::shared_future<void> opened = open.get_future().share();
  bool Wait() { return opened.wait_for(seconds(10)) == std::future_status::ready; }
};

class StateExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    services_ = std::make_unique<Services>(Services{*db_, clock_, ids_, options_});
  }
  void TearDown() override {
    executor_.reset();
    services_.reset();
  }
  void Start(int readers) {
    auto started = StateExecutor::Start(*services_, readers);
    ASSERT_TRUE(started.ok()) << started.error().message;
    executor_ = std::move(started).value();
  }

  static Status Insert(Services& services, const std::string& text) {
    return FromStore(
        storage::Statement(services.db, "INSERT INTO notes (text) VALUES (?)").Bind(1, text).Run());
  }
  static int64_t Count(Services& services) {
    storage::Statement count(services.db, "SELECT COUNT(*) FROM notes");
    return count.Step() ? count.Int(0) : -1;
  }
  // Submits a write and returns the future of its completion.
  std::future<Status> SubmitWrite(StateJob job) {
    auto done = std::make_shared<std::promise<Status>>();
    std::future<Status> result = done->get_future();
    EXPECT_TRUE(executor_->SubmitWrite(
        std::move(job), [done](Status status) { done->set_value(std::move(status)); }));
    return result;
  }

  testing::TempDatabase temp_;  // first: the connections below go before the file does
  storage::Database* db_ = &temp_.db();
  ManualClock clock_{1'700'000'000'000};
  RandomIdGenerator ids_{7};
  Options options_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<StateExecutor> executor_;
};

TEST_F(StateExecutorTest, WriterCommitsTheJobsQueuedWhileItWasBusyTogether) {
  Start(0);
  Gate gate;
  auto first = SubmitWrite([&](Services& s) {
    gate.Wait();  // everything below queues meanwhile
    return Insert(s, "first");
  });
  std::vector<std::future<Status>> rest;
  for (int i = 0; i < 20; ++i) {
    rest.push_back(SubmitWrite([i](Services& s) { return Insert(s, "n" + std::to_string(i)); }));
  }
  uint64_t before = executor_->commits();
  gate.open.set_value();
  EXPECT_TRUE(first.get().ok());
  for (auto& result : rest) EXPECT_TRUE(result.get().ok());
  // The first job's batch, then at most one more for the twenty queued behind it.
  EXPECT_LE(executor_->commits() - before, 2u);
  EXPECT_EQ(Count(*services_), 21);
}

TEST_F(StateExecutorTest, TheDeferredWorkRunsAfterTheBatchIsAnsweredOutsideItsTransaction) {
  // The WAL restart's place: every completion of the batch has run, no transaction is open.
  std::atomic<int> answered{0};
  std::atomic<int> answered_when_deferred{-1};
  std::atomic<bool> in_transaction{true};
  db_->SetDeferredWork([&] {
    answered_when_deferred = answered.load();
    in_transaction = sqlite3_get_autocommit(db_->handle()) == 0;
  });
  Start(0);
  Gate gate;
  std::promise<void> all_answered;
  auto answer = [&](Status status) {
    EXPECT_TRUE(status.ok());
    if (++answered == 3) all_answered.set_value();
  };
  ASSERT_TRUE(executor_->SubmitWrite(
      [&](Services& s) {
        gate.Wait();  // the two below queue meanwhile and form the next batch
        return Insert(s, "first");
      },
      answer));
  ASSERT_TRUE(executor_->SubmitWrite([](Services& s) { return Insert(s, "a"); }, answer));
  ASSERT_TRUE(executor_->SubmitWrite([](Services& s) { return Insert(s, "b"); }, answer));
  gate.open.set_value();
  ASSERT_EQ(all_answered.get_future().wait_for(seconds(10)), std::future_status::ready);
  executor_->Stop();  // the last batch's deferred work has run by now
  EXPECT_EQ(answered_when_deferred.load(), 3);
  EXPECT_FALSE(in_transaction.load());
  db_->SetDeferredWork(nullptr);
}

TEST_F(StateExecutorTest, TheWritersThreadIsNamedWriter) {
  Start(0);
  char name[16] = {};
  auto named = SubmitWrite([&](Services&) {
    pthread_getname_np(pthread_self(), name, sizeof(name));
    return Status();
  });
  ASSERT_TRUE(named.get().ok());
  EXPECT_STREQ(name, "writer");
}

TEST_F(StateExecutorTest, AFailingJobUndoesOnlyItselfInItsBatch) {
  Start(0);
  Gate gate;
  auto blocker = SubmitWrite([&](Services&) {
    gate.Wait();
    return Status();
  });
  auto kept = SubmitWrite([](Services& s) { return Insert(s, "kept"); });
  auto failed = SubmitWrite([](Services& s) -> Status {
    RETURN_IF_ERROR(Insert(s, "half a change"));
    return InvalidParameters("no");
  });
  auto thrown = SubmitWrite([](Services& s) -> Status {
    RETURN_IF_ERROR(Insert(s, "before a throw"));
    throw std::runtime_error("bug");
  });
  auto also_kept = SubmitWrite([](Services& s) { return Insert(s, "also kept"); });
  gate.open.set_value();
  EXPECT_TRUE(blocker.get().ok());
  EXPECT_TRUE(kept.get().ok());
  Status failure = failed.get();
  ASSERT_FALSE(failure.ok());
  EXPECT_EQ(failure.error().code, ErrorCode::kInvalidParameters);
  Status exception = thrown.get();
  ASSERT_FALSE(exception.ok());
  EXPECT_EQ(exception.error().code, ErrorCode::kInternalService);
  EXPECT_TRUE(also_kept.get().ok());
  storage::Statement rows(*db_, "SELECT text FROM notes ORDER BY rowid");
  std::vector<std::string> texts;
  while (rows.Step()) texts.push_back(rows.Text(0));
  EXPECT_EQ(texts, (std::vector<std::string>{"kept", "also kept"}));
}

TEST_F(StateExecutorTest, AWriteIsAnsweredOnlyOnceAnotherConnectionCanSeeIt) {
  Start(1);
  auto reader = storage::Database::OpenReader(temp_.path());
  ASSERT_TRUE(reader.ok());
  std::shared_ptr<storage::Database> other = std::move(reader).value();
  auto seen = std::make_shared<std::promise<int64_t>>();
  ASSERT_TRUE(executor_->SubmitWrite([](Services& s) { return Insert(s, "x"); },
                                     [other, seen](Status) {
                                       storage::Statement count(*other,
                                                                "SELECT COUNT(*) FROM notes");
                                       seen->set_value(count.Step() ? count.Int(0) : -1);
                                     }));
  EXPECT_EQ(seen->get_future().get(), 1);
}

TEST_F(StateExecutorTest, ReadsGoOnWhileTheWriterIsInsideATransaction) {
  Start(2);
  ASSERT_TRUE(executor_->Write([](Services& s) { return Insert(s, "committed"); }).ok());
  Gate gate;
  auto writing = SubmitWrite([&](Services& s) -> Status {
    RETURN_IF_ERROR(Insert(s, "not yet committed"));
    gate.Wait();  // holds the write transaction open
    return Status();
  });
  int64_t seen = -1;
  bool read_only = false;
  Status read = executor_->Read([&](Services& s) {
    seen = Count(s);
    read_only = s.read_only;
    return Status();
  });
  gate.open.set_value();
  EXPECT_TRUE(read.ok());
  EXPECT_EQ(seen, 1);  // its own snapshot: the open write is not in it
  EXPECT_TRUE(read_only);
  EXPECT_TRUE(writing.get().ok());
}

TEST_F(StateExecutorTest, AReaderCannotWrite) {
  Start(1);
  Status status = executor_->Read([](Services& s) { return Insert(s, "sneaky"); });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(Count(*services_), 0);
}

TEST_F(StateExecutorTest, AReadThatNeedsTheWriterRunsAgainOnIt) {
  Start(1);
  std::atomic<int> runs{0};
  Status status = executor_->Read([&](Services& s) -> Status {
    ++runs;
    if (s.read_only) return NeedsWriter();
    return Insert(s, "due work done first");
  });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(runs.load(), 2);
  EXPECT_EQ(Count(*services_), 1);
}

TEST_F(StateExecutorTest, AWriteFromInsideAWriteRunsInPlace) {
  Start(0);
  Status status = executor_->Write([this](Services& s) -> Status {
    RETURN_IF_ERROR(Insert(s, "outer"));
    return executor_->Write([](Services& inner) { return Insert(inner, "inner"); });
  });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(Count(*services_), 2);
}

TEST_F(StateExecutorTest, InMemoryDatabasesReadOnTheWriter) {
  auto memory = storage::Database::Open(":memory:");
  ASSERT_TRUE(memory.ok());
  Services services{*memory.value(), clock_, ids_, options_};
  auto started = StateExecutor::Start(services, 4);
  ASSERT_TRUE(started.ok());
  EXPECT_EQ(started.value()->readers(), 0u);
  EXPECT_TRUE(started.value()->Read([](Services& s) { return Status(); }).ok());
}

TEST_F(StateExecutorTest, AStoppedExecutorRefusesWork) {
  Start(1);
  executor_->Stop();
  EXPECT_FALSE(executor_->SubmitWrite([](Services&) { return Status(); }, nullptr));
  Status refused = executor_->Read([](Services&) { return Status(); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kThrottledRequest);
}

}  // namespace
}  // namespace socialite::exec
