// RequestTransaction: one SQLite transaction around a whole API request, so that its
// statements share one snapshot and one set of file locks instead of taking and dropping them
// statement by statement (each autocommit statement costs several fcntl calls). Transactions
// the handler opens inside it become savepoints. It always commits what the handler left
// committed — the handler's failures have already rolled back their own changes — so the
// request's outcome is the same as without it; Finish() must succeed before a success is
// reported, since only then are the changes durable.
#pragma once

#include "storage/database.h"
#include "storage/store_status.h"

namespace socialite::storage {

class RequestTransaction {
 public:
  // BEGIN DEFERRED: no lock until the first statement. Used for reading requests; wrapping
  // writing ones turned their Transactions into savepoints, whose journal cost more than it
  // saved. When BEGIN fails the request simply runs without it (active() is false).
  explicit RequestTransaction(Database& db);
  ~RequestTransaction();  // commits if Finish() was not called (e.g. an exception)
  RequestTransaction(const RequestTransaction&) = delete;
  RequestTransaction& operator=(const RequestTransaction&) = delete;

  // Commits (rolling back if COMMIT fails). A transaction SQLite already rolled back (after an
  // I/O error, say) is not an error here: the statement that failed has reported it.
  StoreStatus Finish();
  bool active() const { return active_; }

 private:
  Database& db_;
  bool active_ = false;
};

}  // namespace socialite::storage
