#include "storage/wal_checkpointer.h"

#include <sqlite3.h>

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
  std::unique_ptr<WalCheckpointer> checkpointer(new WalCheckpointer(db, own, settings));
  // Replaces SQLite's automatic checkpoint, which is itself a WAL hook.
  sqlite3_wal_hook(db.handle(), &WalCheckpointer::OnCommit, checkpointer.get());
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
  sqlite3_wal_autocheckpoint(db_.handle(), settings_.threshold_frames);
  sqlite3_close_v2(own_);
}

int WalCheckpointer::OnCommit(void* self, sqlite3* db, const char* schema, int frames) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  checkpointer->wal_frames_.store(frames, std::memory_order_relaxed);
  if (frames >= checkpointer->settings_.hard_limit_frames) {
    // The background thread is not keeping up: copy now, as SQLite's own checkpoint would.
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (frames >= checkpointer->settings_.threshold_frames &&
             !checkpointer->signalled_.exchange(true)) {
    std::lock_guard<std::mutex> lock(checkpointer->mu_);
    checkpointer->wake_.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::Run() {
  int copied_up_to = 0;  // the WAL size the last checkpoint saw
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, settings_.idle_interval,
                   [this] { return stopping_ || signalled_.load(); });
    if (stopping_) break;
    int frames = wal_frames_.load(std::memory_order_relaxed);
    bool due = signalled_.load() || frames != copied_up_to;
    if (!due) continue;
    lock.unlock();
    int log_frames = 0;
    int checkpointed = 0;
    int rc = sqlite3_wal_checkpoint_v2(own_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames,
                                       &checkpointed);
    if (rc == SQLITE_OK) checkpoints_.fetch_add(1);
    copied_up_to = frames;
    signalled_.store(false);
    lock.lock();
  }
}

}  // namespace socialite::storage
