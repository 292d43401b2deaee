// Translation of storage outcomes into AWS errors at the handler boundary: a failure of the
// database itself is the service's fault (InternalServiceException).
#pragma once

#include "server/core/result.h"
#include "storage/store_status.h"

namespace socialite {

inline ApiError StorageFailure(const storage::StoreError& error) {
  return InternalService("Storage failure: " + error.message);
}

inline Status FromStore(const storage::StoreStatus& status) {
  if (status.ok()) return {};
  return StorageFailure(status.error());
}

template <typename T>
Result<T> FromStore(storage::StoreResult<T>&& result) {
  if (!result.ok()) return StorageFailure(result.error());
  return std::move(result).value();
}

}  // namespace socialite
