// Database: one RAII SQLite connection with the pragmas Socialite relies on (WAL, foreign
// keys, busy timeout) and the versioned migrations applied on open.
// Not thread-safe: each connection belongs to one thread (the writer's, or a reader's; see
// server/exec/).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/store_status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace socialite::storage {

class Database {
 public:
  // How long a statement waits for another connection's lock before failing with BUSY.
  static constexpr int kBusyTimeoutMs = 5000;

  // Opens (creating if needed) `path` — a file or ":memory:" — and migrates it.
  static StoreResult<std::unique_ptr<Database>> Open(const std::string& path);
  // A read-only connection to a database that Open() has created and migrated (file paths
  // only: every ":memory:" connection is a database of its own).
  static StoreResult<std::unique_ptr<Database>> OpenReader(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements without results.
  StoreStatus Execute(const std::string& sql);
  // PRAGMA user_version: the schema version reached by migrations.
  int SchemaVersion();
  // Deletes every row of every table (the schema stays).
  StoreStatus DeleteAllRows();
  // PRAGMA integrity_check == "ok".
  bool IntegrityOk();

  // Work that the connection's owner runs between transactions once their answers are out,
  // off the commit path (the WAL restart of storage/wal_checkpointer.h); none by default.
  void SetDeferredWork(std::function<void()> work) { deferred_work_ = std::move(work); }
  void RunDeferredWork() {
    if (deferred_work_) deferred_work_();
  }

  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }

  // Prepared statements are kept per SQL text and reused: preparing is most of the cost of a
  // small query. Acquire hands out the cached statement, or a fresh one when it is already in
  // use (a query run while another with the same text is open); Release resets it. `slot`
  // names the cache entry handed out (null for a fresh statement), so Release finds it at once.
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  sqlite3_stmt* Acquire(std::string_view sql, int* rc, CachedStatement** slot);
  void Release(sqlite3_stmt* stmt, CachedStatement* slot);

 private:
  friend class Transaction;
  friend class RequestTransaction;

  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  sqlite3* db_;
  std::string path_;
  // Open Transactions that are savepoints of an enclosing transaction (they name themselves
  // by depth).
  int savepoint_depth_ = 0;
  std::unordered_map<std::string, CachedStatement, TextHash, std::equal_to<>> statements_;
  std::function<void()> deferred_work_;
};

// The error of the last failed call on `db`, classified.
StoreError LastError(sqlite3* db, int code);

}  // namespace socialite::storage
