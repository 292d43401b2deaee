// WalCheckpointer: takes most of the WAL checkpoint work off the request path. SQLite's
// automatic checkpoint runs inside whichever commit crosses 1000 frames, copying the WAL into
// the database file and fsyncing it while that request waits. Here a background thread on a
// connection of its own copies frames (PASSIVE: it never blocks the writer or readers) in
// batches as the WAL grows, and when idle. The WAL file only starts over once every frame is
// copied while no one reads it, which a background copy racing new commits never achieves;
// so once the WAL passes `restart_frames` (a WAL hook notes the size after each commit) the
// serving connection copies the rest — little, the background has done most — and restarts
// the WAL (RESTART, not waiting for readers: if busy, it tries again `retry_frames` later,
// and waits for them from `hard_limit_frames` on).
// That restart and its fdatasyncs (the WAL before the copy, the database after it, the WAL
// header when the WAL starts over) run as the connection's deferred work: the writer runs it
// after a batch's answers, never inside the COMMIT they wait for.
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
    int batch_frames = 1500;        // wake the background copy after this many new frames
    int restart_frames = 4000;      // from here on, finish the copy and restart the WAL inline
    int retry_frames = 256;         // a restart that met readers is tried again this much later
    int hard_limit_frames = 20000;  // from here on, the inline copy waits for readers
    std::chrono::milliseconds idle_interval{1000};
  };

  // Starts checkpointing `db` (a file database in WAL mode) in the background; null for an
  // in-memory database. `db` must outlive the result; the caller serializes `db` as usual
  // (the hook runs inside its commits) and runs db.RunDeferredWork() between transactions.
  static StoreResult<std::unique_ptr<WalCheckpointer>> Start(Database& db, Settings settings);
  // Stops the thread and gives the serving connection its automatic checkpoint back.
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Checkpoints completed by the background thread, and by the serving connection, so far.
  int64_t background_checkpoints() const { return background_checkpoints_.load(); }
  int64_t inline_checkpoints() const { return inline_checkpoints_.load(); }

 private:
  WalCheckpointer(Database& db, sqlite3* own, Settings settings);
  static int OnCommit(void* self, sqlite3* db, const char* schema, int frames);
  // The serving connection's deferred work: the restart the last commits asked for.
  void RestartIfDue();
  bool CheckpointInline(bool wait_for_readers);
  void Run();

  Database& db_;
  sqlite3* own_;  // the background thread's connection
  const Settings settings_;

  std::atomic<int> wal_frames_{0};      // WAL size after the serving connection's last commit
  std::atomic<int> copied_frames_{0};   // frames of the WAL known to be in the database file
  std::atomic<bool> signalled_{false};  // a wake-up is pending
  std::atomic<int64_t> background_checkpoints_{0};
  std::atomic<int64_t> inline_checkpoints_{0};
  // The serving connection's thread only (its commits and its deferred work):
  bool restart_due_ = false;
  int retry_after_frames_ = 0;  // a restart that met readers is tried again past this size
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace socialite::storage
