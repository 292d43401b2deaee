#include "storage/batch_transaction.h"

#include <sqlite3.h>

#include "storage/statement.h"

namespace socialite::storage {

BatchTransaction::BatchTransaction(Database& db) : db_(db) {
  begin_status_ = Statement(db_, "BEGIN IMMEDIATE").Run();
  open_ = begin_status_.ok();
}

BatchTransaction::~BatchTransaction() {
  if (open_ && !lost()) (void)Statement(db_, "ROLLBACK").Run();
}

bool BatchTransaction::lost() const { return open_ && sqlite3_get_autocommit(db_.handle()) != 0; }

StoreStatus BatchTransaction::Commit() {
  if (!open_) return StoreError{StoreCode::kError, "transaction is not open"};
  if (lost()) {
    open_ = false;
    return StoreError{StoreCode::kError, "the transaction was rolled back by SQLite"};
  }
  StoreStatus status = Statement(db_, "COMMIT").Run();
  if (!status.ok() && sqlite3_get_autocommit(db_.handle()) == 0) {
    (void)Statement(db_, "ROLLBACK").Run();  // never leave the connection inside it
  }
  open_ = false;
  return status;
}

}  // namespace socialite::storage
