// GET /_socialite/events: every event envelope with its delivery attempts and results (oldest
// first, or newest first with order=desc);
// POST /_socialite/events/{id}/replay: delivers a finished event again.
#include <cstdint>

#include "server/admin/admin_api.h"
#include "server/core/json.h"
#include "server/events/envelope.h"
#include "server/handlers/page_token.h"
#include "server/handlers/resource_ids.h"
#include "server/live/notices.h"
#include "storage/event_store.h"

namespace socialite {
namespace {

constexpr char kEventListName[] = "admin-events";
constexpr char kEventListNewestFirstName[] = "admin-events-desc";

Value EventView(const storage::EventRecord& e, const std::vector<storage::DeliveryAttempt>& tries,
                int64_t now_ms) {
  Value view = Value::Object();
  view.Set("id", e.id);
  view.Set("kind", e.kind);
  view.Set("field", e.field);
  view.Set("account", e.partition.account);
  view.Set("region", e.partition.region);
  view.Set("wabaId", e.waba_id);
  if (e.phone_number_id) view.Set("phoneNumberId", *e.phone_number_id);
  if (e.wamid) view.Set("wamid", *e.wamid);
  if (e.status) view.Set("status", *e.status);
  if (e.error_code) view.Set("errorCode", *e.error_code);
  if (e.destination_arn) view.Set("destination", *e.destination_arn);
  view.Set("createdAt", events::Rfc3339Nanos(e.created_ms));
  view.Set("occurredAt", events::Rfc3339Nanos(e.occurs_ms));
  view.Set("dueAt", events::Rfc3339Nanos(e.due_ms));
  // An event that has not happened yet on the clock is shown as scheduled.
  view.Set("deliveryState",
           e.due_ms > now_ms && e.delivery_state == "pending" ? "scheduled" : e.delivery_state);
  view.Set("attempts", e.attempts);
  if (e.next_attempt_ms) view.Set("nextAttemptAt", events::Rfc3339Nanos(*e.next_attempt_ms));
  if (e.last_error) view.Set("lastError", *e.last_error);
  if (e.finished_ms) view.Set("finishedAt", events::Rfc3339Nanos(*e.finished_ms));
  // The delivery under way or last made (original, duplicate or replay) and the
  // duplicates still owed after it.
  view.Set("delivery", e.delivery_kind);
  if (e.copies_owed > 0) view.Set("duplicatesOwed", e.copies_owed);
  Result<Value> envelope = ParseJson(e.envelope_json);
  view.Set("envelope", envelope.ok() ? *envelope : Value(e.envelope_json));
  Value deliveries = Value::List();
  for (const auto& t : tries) {
    Value item = Value::Object();
    item.Set("attempt", t.attempt);
    item.Set("at", events::Rfc3339Nanos(t.at_ms));
    item.Set("target", t.target);
    item.Set("delivered", t.delivered);
    item.Set("httpStatus", t.http_status);
    item.Set("detail", t.detail);
    item.Set("delivery", t.delivery);
    deliveries.Push(std::move(item));
  }
  view.Set("deliveries", std::move(deliveries));
  return view;
}

}  // namespace

HttpResponse ListEventsEndpoint(AdminCall& call) {
  auto query = [&](const char* name) { return AdminQuery(call, name); };
  storage::EventFilter filter;
  filter.waba_id = query("wabaId");
  if (filter.waba_id) filter.waba_id = WabaIdFrom(*filter.waba_id).value_or(*filter.waba_id);
  filter.phone_number_id = query("phoneNumberId");
  if (filter.phone_number_id) {
    filter.phone_number_id =
        PhoneNumberIdFrom(*filter.phone_number_id).value_or(*filter.phone_number_id);
  }
  filter.wamid = query("wamid");
  filter.kind = query("kind");
  filter.delivery_state = query("state");
  filter.now_ms = call.services.clock.NowMillis();
  Result<AdminPage> page = ReadAdminPage(call, kEventListName, kEventListNewestFirstName, 100);
  if (!page.ok()) return AdminError(400, page.error().message);
  const auto [newest_first, list_name, position, limit] = *page;
  storage::EventStore store(call.services.db);
  auto rows = newest_first ? store.ListNewestFirst(filter, position, limit + 1)
                           : store.List(filter, position, limit + 1);
  if (!rows.ok()) return AdminError(500, rows.error().message);
  int64_t now = call.services.clock.NowMillis();
  Value list = Value::List();
  const auto& all = rows.value();
  for (size_t i = 0; i < all.size() && i < static_cast<size_t>(limit); ++i) {
    auto tries = store.Attempts(all[i].id);
    if (!tries.ok()) return AdminError(500, tries.error().message);
    list.Push(EventView(all[i], tries.value(), now));
  }
  Value out = Value::Object();
  out.Set("events", std::move(list));
  if (all.size() > static_cast<size_t>(limit)) {
    out.Set("nextToken", MakePageToken(list_name, all[limit - 1].seq));
  }
  return AdminJson(200, out);
}

HttpResponse ReplayEventEndpoint(AdminCall& call) {
  const std::string& id = call.params["id"];
  int64_t now = call.services.clock.NowMillis();
  auto replayed = storage::EventStore(call.services.db).Replay(id, now);
  if (!replayed.ok()) return AdminError(500, replayed.error().message);
  switch (replayed.value()) {
    case storage::ReplayResult::kUnknown:
      return AdminError(404, "No event " + id);
    case storage::ReplayResult::kStillOpen:
      return AdminError(409, "Event " + id +
                                 " is still being delivered (pending or retrying); only a "
                                 "delivered, dead or undeliverable event can be replayed");
    case storage::ReplayResult::kReplayed:
      break;
  }
  // The dispatcher is nudged after the COMMIT, as for any new event.
  if (call.services.notify_events) call.services.notify_events();
  if (live::Wanted(call.services.live)) {
    auto replayed_event = storage::EventStore(call.services.db).Find(id);
    if (replayed_event.ok() && replayed_event.value()) {
      live::Publish(call.services.live, [&] { return live::EventNotice(*replayed_event.value()); });
    }
  }
  Value out = Value::Object();
  out.Set("id", id);
  out.Set("deliveryState", "pending");
  out.Set("dueAt", events::Rfc3339Nanos(now));
  return AdminJson(202, out);
}

}  // namespace socialite
