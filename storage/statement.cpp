#include "storage/statement.h"

#include <sqlite3.h>

namespace socialite::storage {

Statement::Statement(Database& db, std::string_view sql) : db_(db) {
  int rc = SQLITE_OK;
  stmt_ = db.Acquire(sql, &rc, &slot_);
  if (rc != SQLITE_OK) status_ = LastError(db.handle(), rc);
}

Statement::~Statement() { db_.Release(stmt_, slot_); }

Statement& Statement::Bind(int index, std::string_view text) {
  if (stmt_)
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, int64_t number) {
  if (stmt_) sqlite3_bind_int64(stmt_, index, number);
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (stmt_) sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  if (stmt_)
    sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindOptional(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

bool Statement::Step() {
  if (!stmt_ || !status_.ok()) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = LastError(db_.handle(), rc);
  return false;
}

StoreStatus Statement::Run() {
  while (Step()) {
  }
  return status_;
}

StoreResult<int64_t> Statement::SingleInt() {
  if (Step()) return Int(0);
  if (!status_.ok()) return status_.error();
  return StoreError{StoreCode::kNotFound, "query returned no row"};
}

void Statement::Reset() {
  if (!stmt_) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  status_ = StoreStatus();
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  return text ? std::string(reinterpret_cast<const char*>(text), size) : std::string();
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Transaction::Transaction(Database& db) : db_(db) {
  if (sqlite3_get_autocommit(db_.handle()) == 0) {
    // Inside an open transaction (a reading request's, or the writer's batch) a change is a
    // savepoint of it, so that its failure undoes only itself.
    savepoint_name_ = "change_" + std::to_string(db_.savepoint_depth_ + 1);
    begin_status_ = Statement(db_, "SAVEPOINT " + savepoint_name_).Run();
    savepoint_ = open_ = begin_status_.ok();
    if (open_) ++db_.savepoint_depth_;
    return;
  }
  begin_status_ = Statement(db_, "BEGIN IMMEDIATE").Run();
  open_ = begin_status_.ok();
}

Transaction::~Transaction() {
  if (!open_) return;
  if (savepoint_) {
    (void)Statement(db_, "ROLLBACK TO " + savepoint_name_).Run();
    (void)Statement(db_, "RELEASE " + savepoint_name_).Run();
    --db_.savepoint_depth_;
    return;
  }
  (void)Statement(db_, "ROLLBACK").Run();
}

StoreStatus Transaction::Commit() {
  if (!open_) return StoreError{StoreCode::kError, "transaction is not open"};
  StoreStatus status = Statement(db_, savepoint_ ? "RELEASE " + savepoint_name_ : "COMMIT").Run();
  if (status.ok()) {
    open_ = false;
    if (savepoint_) --db_.savepoint_depth_;
  }
  return status;
}

}  // namespace socialite::storage
