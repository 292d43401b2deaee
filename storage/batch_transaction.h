// BatchTransaction: the writer's group commit. One BEGIN IMMEDIATE holds the changes of
// several requests, each in a savepoint of its own (a storage::Transaction opened inside it),
// so that a failing request undoes only itself; one COMMIT makes them all durable.
#pragma once

#include "storage/database.h"
#include "storage/store_status.h"

namespace socialite::storage {

class BatchTransaction {
 public:
  explicit BatchTransaction(Database& db);
  ~BatchTransaction();  // rolls back unless committed
  BatchTransaction(const BatchTransaction&) = delete;
  BatchTransaction& operator=(const BatchTransaction&) = delete;

  const StoreStatus& begin_status() const { return begin_status_; }
  // True when SQLite has rolled the whole transaction back on its own (an I/O error, a full
  // disk): the changes made in it so far are gone.
  bool lost() const;
  StoreStatus Commit();

 private:
  Database& db_;
  StoreStatus begin_status_;
  bool open_ = false;
};

}  // namespace socialite::storage
