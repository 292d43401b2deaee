// Background checkpoints: the serving connection no longer checkpoints inside its commits, the
// background thread copies the WAL into the database, and the WAL stays bounded.
#include "storage/wal_checkpointer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "storage/statement.h"
#include "tests/server/testing/temp_database.h"

namespace socialite::storage {
namespace {

using std::chrono::milliseconds;

class WalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The migrations' frames gone, so that a test's WAL holds its own frames only.
    ASSERT_TRUE(db_->Execute("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  // Commits `count` rows one by one, each followed by the deferred work as the writer runs it
  // after a batch (`deferred` false: never).
  void Insert(int count, bool deferred = true) {
    for (int i = 0; i < count; ++i) {
      // A fresh page per row, so the WAL grows by at least one frame per commit.
      ASSERT_TRUE(Statement(*db_, "INSERT INTO notes (text) VALUES (?)")
                      .Bind(1, std::string(3000, 'x'))
                      .Run()
                      .ok());
      if (deferred) db_->RunDeferredWork();
    }
  }
  // Frames in the WAL now (a PASSIVE checkpoint reports them).
  int WalFrames() {
    int log = 0;
    int copied = 0;
    EXPECT_EQ(
        sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied),
        SQLITE_OK);
    return log;
  }
  // A second connection in a read transaction: the WAL cannot restart under it until it commits.
  std::unique_ptr<Database> PinningReader() {
    auto reader = Database::Open(temp_.path());
    if (!reader.ok() || !reader.value()->Execute("BEGIN; SELECT COUNT(*) FROM notes;").ok()) {
      ADD_FAILURE() << "cannot open a reader in a transaction";
      return nullptr;
    }
    return std::move(reader).value();
  }
  uintmax_t WalBytes() { return std::filesystem::file_size(temp_.path() + "-wal"); }
  uintmax_t DbBytes() { return std::filesystem::file_size(temp_.path()); }

  testing::TempDatabase temp_;
  Database* db_ = &temp_.db();
};

TEST_F(WalCheckpointerTest, InMemoryDatabasesHaveNone) {
  auto memory = Database::Open(":memory:");
  ASSERT_TRUE(memory.ok());
  auto checkpointer = WalCheckpointer::Start(*memory.value(), {});
  ASSERT_TRUE(checkpointer.ok());
  EXPECT_EQ(checkpointer.value(), nullptr);
}

// Waits (bounded) until `done` holds.
template <typename Done>
bool Eventually(Done done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  return done();
}

TEST_F(WalCheckpointerTest, CopiesInTheBackgroundInBatches) {
  auto started = WalCheckpointer::Start(
      *db_, {.batch_frames = 20, .restart_frames = 100000, .idle_interval = milliseconds(60000)});
  ASSERT_TRUE(started.ok()) << started.error().message;
  std::unique_ptr<WalCheckpointer> checkpointer = std::move(started).value();
  uintmax_t before = DbBytes();
  Insert(30);
  EXPECT_TRUE(Eventually([&] { return checkpointer->background_checkpoints() >= 1; }));
  EXPECT_EQ(checkpointer->inline_checkpoints(), 0);
  // The pages really reached the database file.
  EXPECT_TRUE(Eventually([&] { return DbBytes() >= before + 20 * 4096; })) << DbBytes();
}

TEST_F(WalCheckpointerTest, CopiesWhenIdle) {
  auto started = WalCheckpointer::Start(
      *db_, {.batch_frames = 100000, .restart_frames = 100000, .idle_interval = milliseconds(20)});
  ASSERT_TRUE(started.ok());
  std::unique_ptr<WalCheckpointer> checkpointer = std::move(started).value();
  Insert(3);
  EXPECT_TRUE(Eventually([&] { return checkpointer->background_checkpoints() >= 1; }));
}

TEST_F(WalCheckpointerTest, TheWalStartsOverPastTheRestartSize) {
  auto started = WalCheckpointer::Start(*db_, {.batch_frames = 20, .restart_frames = 120});
  ASSERT_TRUE(started.ok());
  std::unique_ptr<WalCheckpointer> checkpointer = std::move(started).value();
  Insert(30);  // the background copies a first batch
  ASSERT_TRUE(Eventually([&] { return checkpointer->background_checkpoints() >= 1; }));
  Insert(400);  // then the committing connection finishes and restarts, again and again
  EXPECT_GE(checkpointer->inline_checkpoints(), 1);
  // Each row is about three frames: without restarts the WAL would pass 1,200 frames. (How
  // small it stays depends on how often a restart meets a background copy in progress.)
  EXPECT_LT(WalBytes(), 800u * 4200u);
}

TEST_F(WalCheckpointerTest, WithoutTheBackgroundCopyTheWalStillStartsOver) {
  auto started = WalCheckpointer::Start(
      *db_, {.batch_frames = 100000, .restart_frames = 50, .idle_interval = milliseconds(60000)});
  ASSERT_TRUE(started.ok());
  std::unique_ptr<WalCheckpointer> checkpointer = std::move(started).value();
  Insert(400);
  EXPECT_LT(WalBytes(), 120u * 4200u);
  EXPECT_GE(checkpointer->inline_checkpoints(), 1);
  EXPECT_EQ(checkpointer->background_checkpoints(), 0);
}

TEST_F(WalCheckpointerTest, TheRestartWaitsForTheDeferredWorkNotForACommit) {
  auto started = WalCheckpointer::Start(
      *db_, {.batch_frames = 100000, .restart_frames = 50, .idle_interval = milliseconds(60000)});
  ASSERT_TRUE(started.ok());
  std::unique_ptr<WalCheckpointer> checkpointer = std::move(started).value();
  Insert(60, /*deferred=*/false);  // far past the restart size: no commit restarts anything
  EXPECT_EQ(checkpointer->inline_checkpoints(), 0);
  EXPECT_GT(WalFrames(), 50);

  db_->RunDeferredWork();  // what the writer runs after a batch's answers

  EXPECT_EQ(checkpointer->inline_checkpoints(), 1);
  // The WAL has started over already (one page written, with the new WAL header): the next
  // commit appends to it instead of restarting it.
  EXPECT_EQ(WalFrames(), 1);
  Insert(1, /*deferred=*/false);
  EXPECT_LE(WalFrames(), 4);
  db_->RunDeferredWork();  // nothing due: nothing done
  EXPECT_EQ(checkpointer->inline_checkpoints(), 1);
}

TEST_F(WalCheckpointerTest, ARestartThatMeetsAReaderIsTriedAgainLater) {
  auto started = WalCheckpointer::Start(*db_, {.batch_frames = 100000,
                                               .restart_frames = 50,
                                               .retry_frames = 20,
                                               .idle_interval = milliseconds(60000)});
  ASSERT_TRUE(started.ok());
  std::unique_ptr<WalCheckpointer> checkpointer = std::move(started).value();
  std::unique_ptr<Database> reader = PinningReader();
  ASSERT_NE(reader, nullptr);
  Insert(60);  // past the restart size: tried, busy, tried again every 20 frames
  EXPECT_EQ(checkpointer->inline_checkpoints(), 0);
  EXPECT_GT(WalFrames(), 150);
  ASSERT_TRUE(reader->Execute("COMMIT").ok());
  Insert(7);  // the next try (at most 20 frames on) goes through
  EXPECT_EQ(checkpointer->inline_checkpoints(), 1);
  EXPECT_LT(WalFrames(), 25);
}

TEST_F(WalCheckpointerTest, EverythingCommittedIsReadableAfterStopping) {
  {
    auto started = WalCheckpointer::Start(*db_, {.batch_frames = 10, .restart_frames = 40});
    ASSERT_TRUE(started.ok());
    Insert(50);
  }
  EXPECT_EQ(Statement(*db_, "SELECT COUNT(*) FROM notes").SingleInt().value(), 50);
}

TEST_F(WalCheckpointerTest, PastTheHardLimitTheCopyWaitsForReaders) {
  auto started = WalCheckpointer::Start(*db_, {.batch_frames = 100000,
                                               .restart_frames = 50,
                                               .hard_limit_frames = 150,
                                               .idle_interval = milliseconds(60000)});
  ASSERT_TRUE(started.ok());
  std::unique_ptr<WalCheckpointer> checkpointer = std::move(started).value();
  // A reader on another connection pins the WAL for a while: restarts without waiting fail.
  std::unique_ptr<Database> reader = PinningReader();
  ASSERT_NE(reader, nullptr);
  std::thread release([&] {
    std::this_thread::sleep_for(milliseconds(300));
    (void)reader->Execute("COMMIT");
  });
  Insert(400);  // about 1,200 frames: far past the hard limit without the wait
  release.join();
  EXPECT_GE(checkpointer->inline_checkpoints(), 1);
  EXPECT_LT(WalBytes(), 300u * 4200u);
}

}  // namespace
}  // namespace socialite::storage
