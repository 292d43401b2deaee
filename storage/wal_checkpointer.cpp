#include "storage/wal_checkpointer.h"

#include <sqlite3.h>

#include <algorithm>

namespace socialite::storage {

StoreResult<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(Database& db,
                                                                     Settings settings) {
  // An in-memory or temporary database has no file, hence no WAL to checkpoint.
  const char* file = sqlite3_db_filename(db.handle(), "main");
  if (file == nullptr || file[0] == '\0') return std::unique_ptr<WalCheckpointer>();
  sqlite3* own = nullptr;
  int rc = sqlite3_open_v2(file, &own, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    StoreError error = LastError(own, rc);
    sqlite3_close_v2(own);
    return error;
  }
  // A connection only learns the database is in WAL mode when it first reads it; until then
  // its checkpoints do nothing.
  rc = sqlite3_exec(own, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    StoreError error = LastError(own, rc);
    sqlite3_close_v2(own);
    return error;
  }
  std::unique_ptr<WalCheckpointer> checkpointer(new WalCheckpointer(db, own, settings));
  // Replaces SQLite's automatic checkpoint, which is itself a WAL hook.
  sqlite3_wal_hook(db.handle(), &WalCheckpointer::OnCommit, checkpointer.get());
  db.SetDeferredWork([raw = checkpointer.get()] { raw->RestartIfDue(); });
  checkpointer->thread_ = std::thread([raw = checkpointer.get()] { raw->Run(); });
  return checkpointer;
}

WalCheckpointer::WalCheckpointer(Database& db, sqlite3* own, Settings settings)
    : db_(db), own_(own), settings_(settings) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  db_.SetDeferredWork(nullptr);
  sqlite3_wal_autocheckpoint(db_.handle(), 1000);  // SQLite's default
  sqlite3_close_v2(own_);
}

int WalCheckpointer::OnCommit(void* self, sqlite3* /*db*/, const char* /*schema*/, int frames) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  const Settings& settings = checkpointer->settings_;
  int previous = checkpointer->wal_frames_.exchange(frames);
  // A smaller WAL than last time means it started over: nothing of it is copied yet.
  if (frames < previous) {
    checkpointer->copied_frames_.store(0);
    checkpointer->retry_after_frames_ = 0;
  }
  int copied = checkpointer->copied_frames_.load();
  if (copied > frames) copied = 0;  // a count from before the WAL started over
  if (frames >= settings.restart_frames && frames >= checkpointer->retry_after_frames_) {
    checkpointer->restart_due_ = true;  // RestartIfDue(), once this commit's answers are out
  } else if (frames - copied >= settings.batch_frames && !checkpointer->signalled_.exchange(true)) {
    std::lock_guard<std::mutex> lock(checkpointer->mu_);
    checkpointer->wake_.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::RestartIfDue() {
  if (!restart_due_) return;
  restart_due_ = false;
  int frames = wal_frames_.load();
  bool at_hard_limit = frames >= settings_.hard_limit_frames;
  if (!CheckpointInline(at_hard_limit)) {
    // Readers held on: a little later, and never later than the hard limit.
    retry_after_frames_ =
        at_hard_limit ? 0 : std::min(frames + settings_.retry_frames, settings_.hard_limit_frames);
    return;
  }
  // The WAL starts over at the next write, which first writes and syncs a new WAL header: a
  // write of one page here (the schema version, unchanged) takes that sync off the next COMMIT.
  int version = db_.SchemaVersion();
  (void)db_.Execute("PRAGMA user_version=" + std::to_string(version));
}

bool WalCheckpointer::CheckpointInline(bool wait_for_readers) {
  sqlite3* db = db_.handle();
  int log_frames = 0;
  int copied = 0;
  // RESTART copies what is left and starts the WAL over at once. We are the only writer and
  // between transactions, so it only waits on readers: do not let it wait (BUSY then just
  // means another reader or the background copy is active; it is tried again later) — unless
  // the WAL has reached its hard limit, where bounding the file comes first.
  if (!wait_for_readers) sqlite3_busy_timeout(db, 0);
  int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_RESTART, &log_frames, &copied);
  if (!wait_for_readers) sqlite3_busy_timeout(db, Database::kBusyTimeoutMs);
  if (rc != SQLITE_OK || copied < 0) return false;
  copied_frames_.store(copied);
  inline_checkpoints_.fetch_add(1);
  return true;
}

void WalCheckpointer::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, settings_.idle_interval,
                   [this] { return stopping_ || signalled_.load(); });
    if (stopping_) break;
    signalled_.store(false);
    int frames = wal_frames_.load();
    // Nothing new, or the committing connection is about to finish and restart the WAL.
    if (frames <= copied_frames_.load() || frames >= settings_.restart_frames) continue;
    lock.unlock();
    int log_frames = 0;
    int copied = 0;
    int rc =
        sqlite3_wal_checkpoint_v2(own_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied);
    if (rc == SQLITE_OK && copied >= 0) {
      copied_frames_.store(copied);
      background_checkpoints_.fetch_add(1);
    }
    lock.lock();
  }
}

}  // namespace socialite::storage
