#include "storage/database.h"

#include <sqlite3.h>

#include <vector>

#include "storage/schema.h"
#include "storage/statement.h"

namespace socialite::storage {

StoreError LastError(sqlite3* db, int code) {
  StoreCode kind = StoreCode::kError;
  int primary = code & 0xFF;
  if (primary == SQLITE_CONSTRAINT) kind = StoreCode::kAlreadyExists;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) kind = StoreCode::kBusy;
  std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  return StoreError{kind, message};
}

StoreResult<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  // SQLite's memory statistics take a global mutex on every allocation and free (hundreds per
  // Send) and nothing reads them. Settable only before SQLite initializes: the first Open
  // does it (later calls would fail, harmlessly, so there are none).
  static const int memory_statistics_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memory_statistics_off;
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Database> db(new Database(raw, path));  // closes even when open failed
  if (rc != SQLITE_OK) return LastError(raw, rc);

  // WAL keeps every committed transaction across a crash of the process; NORMAL sync is
  // durable against process death (only an OS crash could lose the last commits).
  RETURN_IF_STORE_ERROR(
      db->Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                  // Savepoint journals (one per request in the writer's batch) stay in memory.
                  "PRAGMA temp_store=MEMORY;"
                  // 16 MB of pages (SQLite's default is 2 MB): the random leaves that the
                  // unique indexes touch per Send stay cached instead of being read again.
                  "PRAGMA cache_size=-16384;"
                  "PRAGMA busy_timeout=" +
                  std::to_string(kBusyTimeoutMs) + ";"));

  const auto& migrations = Migrations();
  for (int version = db->SchemaVersion(); version < static_cast<int>(migrations.size());
       ++version) {
    Transaction txn(*db);
    RETURN_IF_STORE_ERROR(txn.begin_status());
    RETURN_IF_STORE_ERROR(db->Execute(migrations[version]));
    RETURN_IF_STORE_ERROR(db->Execute("PRAGMA user_version=" + std::to_string(version + 1)));
    RETURN_IF_STORE_ERROR(txn.Commit());
  }
  return db;
}

StoreResult<std::unique_ptr<Database>> Database::OpenReader(const std::string& path) {
  sqlite3* raw = nullptr;
  // Read-write at the file level (a WAL reader may need to create the shared-memory index),
  // read-only at the SQL level: a write through a reader fails instead of racing the writer.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Database> db(new Database(raw, path));
  if (rc != SQLITE_OK) return LastError(raw, rc);
  RETURN_IF_STORE_ERROR(
      db->Execute("PRAGMA query_only=ON; PRAGMA temp_store=MEMORY;"
                  "PRAGMA busy_timeout=" +
                  std::to_string(kBusyTimeoutMs) + ";"));
  return db;
}

Database::~Database() {
  for (auto& [sql, entry] : statements_) sqlite3_finalize(entry.stmt);
  sqlite3_close_v2(db_);
}

sqlite3_stmt* Database::Acquire(std::string_view sql, int* rc, CachedStatement** slot) {
  auto it = statements_.find(sql);
  if (it != statements_.end() && !it->second.in_use) {
    it->second.in_use = true;
    *slot = &it->second;
    *rc = SQLITE_OK;
    return it->second.stmt;
  }
  sqlite3_stmt* stmt = nullptr;
  *rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr);
  *slot = nullptr;
  if (*rc != SQLITE_OK || stmt == nullptr) return stmt;
  if (it == statements_.end()) {
    // Map nodes never move, so the slot stays valid while the database lives.
    *slot = &statements_.emplace(std::string(sql), CachedStatement{stmt, true}).first->second;
  }
  return stmt;
}

void Database::Release(sqlite3_stmt* stmt, CachedStatement* slot) {
  if (stmt == nullptr) return;
  if (slot == nullptr) {
    sqlite3_finalize(stmt);
    return;
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  slot->in_use = false;
}

StoreStatus Database::Execute(const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return {};
  StoreError failure = LastError(db_, rc);
  if (error != nullptr) {
    failure.message = error;
    sqlite3_free(error);
  }
  return failure;
}

int Database::SchemaVersion() {
  Statement st(*this, "PRAGMA user_version");
  return st.Step() ? static_cast<int>(st.Int(0)) : 0;
}

StoreStatus Database::DeleteAllRows() {
  std::vector<std::string> tables;
  // The SNS signing key outlives a reset: receivers keep verifying with the certificate they
  // fetched.
  Statement names(*this,
                  "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                  "'sqlite_%' AND name <> 'sns_signing_keys'");
  while (names.Step()) tables.push_back(names.Text(0));
  RETURN_IF_STORE_ERROR(names.status());
  // Foreign keys would make table order matter. Outside a transaction they are switched off
  // for the sweep; inside one (the writer's batch) that pragma does nothing, so their checks
  // are deferred to the commit, by which time nothing refers to anything.
  bool in_transaction = sqlite3_get_autocommit(db_) == 0;
  RETURN_IF_STORE_ERROR(
      Execute(in_transaction ? "PRAGMA defer_foreign_keys=ON" : "PRAGMA foreign_keys=OFF"));
  StoreStatus status;
  for (const auto& table : tables) {
    status = Execute("DELETE FROM \"" + table + "\"");
    if (!status.ok()) break;
  }
  if (!in_transaction) RETURN_IF_STORE_ERROR(Execute("PRAGMA foreign_keys=ON"));
  return status;
}

bool Database::IntegrityOk() {
  Statement st(*this, "PRAGMA integrity_check");
  return st.Step() && st.Text(0) == "ok";
}

}  // namespace socialite::storage
