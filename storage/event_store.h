// EventStore: the outbox of webhook events. Handlers append in the same transaction as the
// state change that caused the event; the events pipeline reads and marks them.
#pragma once

#include <string>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

class EventStore {
 public:
  explicit EventStore(Database& db) : db_(db) {}
  StoreStatus Append(const EventRecord& event);

 private:
  Database& db_;
};

}  // namespace socialite::storage
