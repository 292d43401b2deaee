// Admin inspection of conversion events: what SendWhatsAppConversionEvent accepted, in the
// order it arrived (GET /_socialite/conversions?wabaId=…&limit=…&nextToken=…).
#include <cstdlib>

#include "server/admin/admin_api.h"
#include "server/core/json.h"
#include "server/events/envelope.h"
#include "server/handlers/page_token.h"
#include "server/handlers/resource_ids.h"
#include "storage/dataset_store.h"

namespace socialite {
namespace {

constexpr char kConversionListName[] = "admin-conversions";

std::optional<std::string> QueryParam(const AdminCall& call, const char* name) {
  for (const auto& [key, value] : call.target.query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

Value ConversionView(const storage::Partition& p, const storage::ConversionEventRecord& e) {
  Value view = Value::Object();
  view.Set("requestId", e.request_id);
  view.Set("account", p.account);
  view.Set("region", p.region);
  view.Set("wabaId", e.waba_id);
  view.Set("datasetId", e.dataset_id);
  view.Set("eventName", e.event_name);
  view.Set("eventTime", e.event_time);
  if (e.event_id) view.Set("eventId", *e.event_id);
  if (e.ctwa_clid) view.Set("ctwaClid", *e.ctwa_clid);
  Result<Value> event = ParseJson(e.event_json);
  view.Set("event", event.ok() ? *event : Value(e.event_json));
  view.Set("receivedAt", events::Rfc3339Nanos(e.received_ms));
  return view;
}

}  // namespace

HttpResponse ListConversionsEndpoint(AdminCall& call) {
  std::string waba_id;
  if (auto given = QueryParam(call, "wabaId")) waba_id = WabaIdFrom(*given).value_or(*given);
  int64_t after = 0;
  if (auto token = QueryParam(call, "nextToken")) {
    auto position = ReadPageToken(kConversionListName, *token);
    if (!position) return AdminError(400, "nextToken is not valid");
    after = *position;
  }
  int limit = 100;
  if (auto text = QueryParam(call, "limit")) {
    limit = std::atoi(text->c_str());
    if (limit < 1 || limit > 1000) return AdminError(400, "limit must be 1-1000");
  }
  auto rows = storage::DatasetStore(call.services.db).ListEvents(waba_id, after, limit + 1);
  if (!rows.ok()) return AdminError(500, rows.error().message);
  const auto& all = rows.value();
  Value list = Value::List();
  for (size_t i = 0; i < all.size() && i < static_cast<size_t>(limit); ++i) {
    list.Push(ConversionView(all[i].first, all[i].second));
  }
  Value out = Value::Object();
  out.Set("conversions", std::move(list));
  if (all.size() > static_cast<size_t>(limit)) {
    out.Set("nextToken", MakePageToken(kConversionListName, all[limit - 1].second.seq));
  }
  return AdminJson(200, out);
}

}  // namespace socialite
