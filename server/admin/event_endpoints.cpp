// GET /_socialite/events: every event envelope with its delivery attempts and results.
#include "server/admin/admin_api.h"
#include "server/core/json.h"
#include "server/events/envelope.h"
#include "server/handlers/page_token.h"
#include "server/handlers/resource_ids.h"
#include "storage/event_store.h"

namespace socialite {
namespace {

constexpr char kEventListName[] = "admin-events";

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
  view.Set("dueAt", events::Rfc3339Nanos(e.due_ms));
  // An event that has not happened yet on the clock is shown as scheduled.
  view.Set("deliveryState",
           e.due_ms > now_ms && e.delivery_state == "pending" ? "scheduled" : e.delivery_state);
  view.Set("attempts", e.attempts);
  if (e.next_attempt_ms) view.Set("nextAttemptAt", events::Rfc3339Nanos(*e.next_attempt_ms));
  if (e.last_error) view.Set("lastError", *e.last_error);
  if (e.finished_ms) view.Set("finishedAt", events::Rfc3339Nanos(*e.finished_ms));
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
    deliveries.Push(std::move(item));
  }
  view.Set("deliveries", std::move(deliveries));
  return view;
}

}  // namespace

HttpResponse ListEventsEndpoint(AdminCall& call) {
  auto query = [&](const char* name) -> std::optional<std::string> {
    for (const auto& [key, value] : call.target.query) {
      if (key == name) return value;
    }
    return std::nullopt;
  };
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
  int64_t after = 0;
  if (auto token = query("nextToken")) {
    auto position = ReadPageToken(kEventListName, *token);
    if (!position) return AdminError(400, "nextToken is not valid");
    after = *position;
  }
  int limit = 100;
  if (auto text = query("limit")) {
    limit = std::atoi(text->c_str());
    if (limit < 1 || limit > 1000) return AdminError(400, "limit must be 1-1000");
  }
  storage::EventStore store(call.services.db);
  auto rows = store.List(filter, after, limit + 1);
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
    out.Set("nextToken", MakePageToken(kEventListName, all[limit - 1].seq));
  }
  return AdminJson(200, out);
}

}  // namespace socialite
