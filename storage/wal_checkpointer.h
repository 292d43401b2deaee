// WalCheckpointer: takes WAL checkpoints off the request path. SQLite's automatic checkpoint
// runs inside whichever commit crosses the threshold — copying pages into the database file
// and fsyncing it while that request waits. This turns it off on the serving connection and
// checkpoints from a background thread on a connection of its own instead: once the WAL passes
// `threshold_frames` (a WAL hook on the serving connection says so after each commit), and
// every `idle_interval` while there are frames not yet copied. PASSIVE checkpoints never block
// the writer or readers. Should the WAL still reach `hard_limit_frames` (the thread cannot
// keep up), the committing connection checkpoints itself, so the WAL stays bounded.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "storage/database.h"
#include "storage/store_status.h"

struct sqlite3;

namespace socialite::storage {

class WalCheckpointer {
 public:
  struct Settings {
    int threshold_frames = 1000;  // SQLite's own automatic checkpoint threshold
    int hard_limit_frames = 20000;
    std::chrono::milliseconds idle_interval{1000};
  };

  // Starts checkpointing `db` (a file database in WAL mode) in the background; null for an
  // in-memory database. `db` must outlive the result; the caller serializes `db` as usual
  // (the hook runs inside its commits).
  static StoreResult<std::unique_ptr<WalCheckpointer>> Start(Database& db, Settings settings);
  // Stops the thread and gives the serving connection its automatic checkpoint back.
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Checkpoints completed by the background thread so far.
  int64_t checkpoints() const { return checkpoints_.load(); }

 private:
  WalCheckpointer(Database& db, sqlite3* own, Settings settings);
  static int OnCommit(void* self, sqlite3* db, const char* schema, int frames);
  void Run();

  Database& db_;
  sqlite3* own_;  // the background thread's connection
  const Settings settings_;

  std::atomic<int> wal_frames_{0};      // WAL size after the serving connection's last commit
  std::atomic<bool> signalled_{false};  // a wake-up for the threshold is pending
  std::atomic<int64_t> checkpoints_{0};
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace socialite::storage
