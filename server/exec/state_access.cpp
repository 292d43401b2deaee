#include "server/exec/state_access.h"

#include <mutex>

#include "server/handlers/store_errors.h"
#include "storage/statement.h"

namespace socialite::exec {

Status InlineStateAccess::Write(StateJob job) {
  std::lock_guard<std::mutex> lock(mutex_);
  storage::Transaction txn(services_.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  Status status = job(services_);
  if (!status.ok()) return status;  // the transaction rolls back
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  if (services_.notify_events) services_.notify_events();
  return {};
}

Status InlineStateAccess::Read(StateJob job) {
  std::lock_guard<std::mutex> lock(mutex_);
  return job(services_);
}

}  // namespace socialite::exec
