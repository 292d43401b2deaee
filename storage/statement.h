// Statement: an RAII prepared statement with positional binding and typed column reads.
// Typical use:
//   Statement st(db, "SELECT name FROM t WHERE id = ?");
//   st.Bind(1, id);
//   while (st.Step()) names.push_back(st.Text(0));
//   RETURN_IF_STORE_ERROR(st.status());
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.h"

struct sqlite3_stmt;

namespace socialite::storage {

class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Bind parameters are 1-based, as in SQLite.
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, int64_t number);
  Statement& Bind(int index, int number) { return Bind(index, static_cast<int64_t>(number)); }
  Statement& Bind(int index, bool flag) { return Bind(index, static_cast<int64_t>(flag)); }
  Statement& BindNull(int index);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindOptional(int index, const std::optional<std::string>& text);

  // Advances; true while a row is available. On error returns false and sets status().
  bool Step();
  // Runs a statement that returns no rows.
  StoreStatus Run();
  // Runs a query that yields one integer (e.g. COUNT(*)) and returns it.
  StoreResult<int64_t> SingleInt();
  // Resets for re-execution with new bindings.
  void Reset();

  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  int64_t Int(int column) const;
  bool IsNull(int column) const;

  const StoreStatus& status() const { return status_; }

 private:
  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
  Database::CachedStatement* slot_ = nullptr;  // the cache entry borrowed, if any
  StoreStatus status_;
};

// Transaction: BEGIN IMMEDIATE on construction; rolls back in the destructor unless
// Commit() succeeded — so an early return never leaves half a change behind. Inside an open
// transaction it is a savepoint of it instead (made durable when that one commits); such
// savepoints nest.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  StoreStatus Commit();
  const StoreStatus& begin_status() const { return begin_status_; }

 private:
  Database& db_;
  StoreStatus begin_status_;
  bool open_ = false;
  bool savepoint_ = false;
  std::string savepoint_name_;
};

#define RETURN_IF_STORE_ERROR(expr)                           \
  do {                                                        \
    ::socialite::storage::StoreStatus store_status_ = (expr); \
    if (!store_status_.ok()) return store_status_.error();    \
  } while (0)

}  // namespace socialite::storage
