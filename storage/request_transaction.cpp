#include "storage/request_transaction.h"

#include <sqlite3.h>

#include "storage/statement.h"

namespace socialite::storage {

RequestTransaction::RequestTransaction(Database& db) : db_(db) {
  if (sqlite3_get_autocommit(db_.handle()) == 0) return;  // already inside one: nothing to add
  active_ = Statement(db_, "BEGIN").Run().ok();
}

RequestTransaction::~RequestTransaction() { (void)Finish(); }

StoreStatus RequestTransaction::Finish() {
  if (!active_) return {};
  active_ = false;
  if (sqlite3_get_autocommit(db_.handle()) != 0) return {};
  StoreStatus committed = Statement(db_, "COMMIT").Run();
  // Never leave the connection inside a transaction, as a failed Transaction would not.
  if (!committed.ok() && sqlite3_get_autocommit(db_.handle()) == 0) {
    (void)Statement(db_, "ROLLBACK").Run();
  }
  return committed;
}

}  // namespace socialite::storage
