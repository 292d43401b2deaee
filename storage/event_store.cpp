#include "storage/event_store.h"

#include "storage/statement.h"

namespace socialite::storage {

StoreStatus EventStore::Append(const EventRecord& e) {
  Statement insert(db_,
                   "INSERT INTO events (id, account, region, waba_id, phone_number_id, wamid, "
                   "kind, field, value_json, created_ms, due_ms, delivery_state) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  return insert.Bind(1, e.id)
      .Bind(2, e.partition.account)
      .Bind(3, e.partition.region)
      .Bind(4, e.waba_id)
      .BindOptional(5, e.phone_number_id)
      .BindOptional(6, e.wamid)
      .Bind(7, e.kind)
      .Bind(8, e.field)
      .Bind(9, e.value_json)
      .Bind(10, e.created_ms)
      .Bind(11, e.due_ms)
      .Bind(12, e.delivery_state)
      .Run();
}

}  // namespace socialite::storage
