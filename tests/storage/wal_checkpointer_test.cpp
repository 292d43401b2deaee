// Background checkpoints: the serving connection no longer checkpoints inside its commits, the
// background thread copies the WAL into the database, and the WAL stays bounded.
#include "storage/wal_checkpointer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "storage/statement.h"

namespace socialite::storage {
namespace {

using std::chrono::milliseconds;

class WalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "socialite-ckpt-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto opened = Database::Open(dir_ + "/test.db");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened).value();
    ASSERT_TRUE(db_->Execute("CREATE TABLE notes (text TEXT)").ok());
  }
  void TearDown() override {
    db_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  void Insert(int count) {
    for (int i = 0; i < count; ++i) {
      // A fresh page per row, so the WAL grows by at least one frame per commit.
      ASSERT_TRUE(Statement(*db_, "INSERT INTO notes (text) VALUES (?)")
                      .Bind(1, std::string(3000, 'x'))
                      .Run()
                      .ok());
    }
  }
  uintmax_t WalBytes() { return std::filesystem::file_size(dir_ + "/test.db-wal"); }

  std::string dir_;
  std::unique_ptr<Database> db_;
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
  auto started = WalCheckpointer::Start(*db_, {.batch_frames = 20,
                                               .restart_frames = 100000,
                                               .hard_limit_frames = 100000,
                                               .idle_interval = milliseconds(60000)});
  ASSERT_TRUE(started.ok()) << started.error().message;
  std::unique_ptr<WalCheckpointer> checkpointer = std::move(started).value();
  Insert(30);
  EXPECT_TRUE(Eventually([&] { return checkpointer->background_checkpoints() >= 1; }));
  EXPECT_EQ(checkpointer->inline_checkpoints(), 0);
}

TEST_F(WalCheckpointerTest, CopiesWhenIdle) {
  auto started = WalCheckpointer::Start(*db_, {.batch_frames = 100000,
                                               .restart_frames = 100000,
                                               .hard_limit_frames = 100000,
                                               .idle_interval = milliseconds(20)});
  ASSERT_TRUE(started.ok());
  std::unique_ptr<WalCheckpointer> checkpointer = std::move(started).value();
  Insert(3);
  EXPECT_TRUE(Eventually([&] { return checkpointer->background_checkpoints() >= 1; }));
}

TEST_F(WalCheckpointerTest, TheWalStartsOverOnceTheBackgroundCopyHasCaughtUp) {
  // The background copy keeps up (small batches); the commit past restart_frames finishes the
  // copy inline and the WAL file is reused from its start instead of growing.
  auto started = WalCheckpointer::Start(*db_, {.batch_frames = 5,
                                               .restart_frames = 60,
                                               .residual_frames = 1000,
                                               .hard_limit_frames = 100000,
                                               .idle_interval = milliseconds(5)});
  ASSERT_TRUE(started.ok());
  std::unique_ptr<WalCheckpointer> checkpointer = std::move(started).value();
  Insert(600);
  EXPECT_GE(checkpointer->inline_checkpoints(), 1);
  // Each row is about one 4 KiB page: without restarts the WAL would pass 2.4 MB.
  EXPECT_LT(WalBytes(), 200u * 4200u);
}

TEST_F(WalCheckpointerTest, TheWalStaysBoundedWhenTheThreadCannotKeepUp) {
  // The background thread effectively never runs; the hard limit must still hold the WAL.
  auto started = WalCheckpointer::Start(*db_, {.batch_frames = 100000,
                                               .restart_frames = 100000,
                                               .hard_limit_frames = 50,
                                               .idle_interval = milliseconds(60000)});
  ASSERT_TRUE(started.ok());
  std::unique_ptr<WalCheckpointer> checkpointer = std::move(started).value();
  Insert(400);
  // Each row is about one 4 KiB page: without checkpoints the WAL would pass 1.6 MB.
  EXPECT_LT(WalBytes(), 120u * 4200u);
  EXPECT_GE(checkpointer->inline_checkpoints(), 1);
  EXPECT_EQ(checkpointer->background_checkpoints(), 0);
}

TEST_F(WalCheckpointerTest, EverythingCommittedIsReadableAfterStopping) {
  {
    auto started = WalCheckpointer::Start(*db_, {.batch_frames = 10, .restart_frames = 40});
    ASSERT_TRUE(started.ok());
    Insert(50);
  }
  EXPECT_EQ(Statement(*db_, "SELECT COUNT(*) FROM notes").SingleInt().value(), 50);
}

}  // namespace
}  // namespace socialite::storage
