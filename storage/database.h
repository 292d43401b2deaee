// Database: one RAII SQLite connection with the pragmas Socialite relies on (WAL, foreign
// keys, busy timeout) and the versioned migrations applied on open.
// Not thread-safe: callers serialize access (the dispatcher holds one lock per request).
#pragma once

#include <memory>
#include <string>

#include "storage/store_status.h"

struct sqlite3;

namespace socialite::storage {

class Database {
 public:
  // Opens (creating if needed) `path` — a file or ":memory:" — and migrates it.
  static StoreResult<std::unique_ptr<Database>> Open(const std::string& path);
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

  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// The error of the last failed call on `db`, classified.
StoreError LastError(sqlite3* db, int code);

}  // namespace socialite::storage
