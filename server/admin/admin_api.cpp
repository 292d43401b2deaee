#include "server/admin/admin_api.h"

#include "server/core/json.h"
#include "server/fixtures/fixture_loader.h"
#include "server/handlers/store_errors.h"
#include "server/protocol/serializer.h"
#include "storage/event_store.h"

namespace socialite {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string segment =
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!segment.empty()) segments.push_back(std::move(segment));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return segments;
}

constexpr char kManualClockKey[] = "manual_clock_ms";

}  // namespace

HttpResponse AdminJson(int status, const Value& body) {
  return protocol::JsonResponse(status, body);
}

HttpResponse AdminError(int status, const std::string& message) {
  Value body = Value::Object();
  body.Set("error", message);
  return protocol::JsonResponse(status, body);
}

Result<Value> AdminBody(const AdminCall& call) {
  ASSIGN_OR_RETURN(Value body, ParseJson(call.request.body.empty() ? "{}" : call.request.body));
  if (!body.is_object()) return InvalidParameters("The body must be a JSON object");
  return body;
}

bool AdminApi::Owns(const std::string& path) {
  return path.rfind(kPrefix, 0) == 0 || path == "/_socialite";
}

AdminApi::AdminApi(Services& services, std::mutex& state_mutex, std::string fixtures_text,
                   AdminHooks hooks)
    : services_(services),
      state_mutex_(state_mutex),
      fixtures_text_(std::move(fixtures_text)),
      hooks_(std::move(hooks)),
      started_ms_(services.clock.NowMillis()) {
  Add(
      "GET", "health",
      [this](AdminCall&) {
        Value body = Value::Object();
        body.Set("status", ready_ ? "ready" : "starting");
        body.Set("region", services_.options.region);
        body.Set("account", services_.options.account);
        body.Set("uptimeSeconds", (services_.clock.NowMillis() - started_ms_) / 1000);
        return AdminJson(ready_ ? 200 : 503, body);
      },
      /*locked=*/false);
  Add("POST", "reset", [this](AdminCall&) {
    Status status = Reset();
    if (!status.ok()) return AdminError(500, status.error().message);
    Value body = Value::Object();
    body.Set("status", "reset");
    return AdminJson(200, body);
  });
  Add("POST", "templates/{id}/review", ReviewTemplateEndpoint);
  Add("POST", "templates/{id}/quality", TemplateQualityEndpoint);
  Add("POST", "inbound", InboundMessageEndpoint);
  Add("GET", "messages", ListMessagesEndpoint);
  Add("GET", "messages/{wamid}", GetMessageEndpoint);
  Add("POST", "messages/{wamid}/status", PushStatusEndpoint);
  Add("GET", "events", ListEventsEndpoint);
  Add("GET", "clock", GetClockEndpoint);
  Add("POST", "clock/advance", AdvanceClockEndpoint, /*locked=*/false);
  Add("GET", "rules", GetRulesEndpoint);
  Add("PUT", "rules", PutRulesEndpoint);
  // The journal and the fault rules keep their own locks.
  Add("GET", "requests", ListRequestsEndpoint, /*locked=*/false);
  Add("DELETE", "requests", ClearRequestsEndpoint, /*locked=*/false);
  Add("GET", "faults", GetFaultsEndpoint, /*locked=*/false);
  Add("PUT", "faults", PutFaultsEndpoint, /*locked=*/false);
  Add("DELETE", "faults", ClearFaultsEndpoint, /*locked=*/false);
}

void AdminApi::Add(std::string method, const std::string& pattern, AdminEndpoint endpoint,
                   bool locked) {
  routes_.push_back(Route{std::move(method), Split(pattern), std::move(endpoint), locked});
}

Status AdminApi::Reset() {
  if (hooks_.begin_reset) hooks_.begin_reset();
  Status status = WipeAndReload();
  if (hooks_.end_reset) hooks_.end_reset();
  return status;
}

Status AdminApi::WipeAndReload() {
  // The manual clock keeps running across a reset; everything else starts over.
  RETURN_IF_ERROR(FromStore(services_.db.DeleteAllRows()));
  if (hooks_.manual_clock != nullptr) {
    RETURN_IF_ERROR(
        FromStore(storage::SettingsStore(services_.db)
                      .Put(kManualClockKey, std::to_string(hooks_.manual_clock->NowMillis()))));
  }
  if (!fixtures_text_.empty()) RETURN_IF_ERROR(LoadFixtures(services_, fixtures_text_));
  if (hooks_.apply_fixture_settings) RETURN_IF_ERROR(hooks_.apply_fixture_settings());
  return {};
}

HttpResponse AdminApi::Handle(const HttpRequest& request, const protocol::Target& target) {
  std::vector<std::string> segments =
      Split(target.path.substr(std::min(target.path.size(), sizeof(kPrefix) - 1)));
  bool path_known = false;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (size_t i = 0; i < segments.size() && match; ++i) {
      const std::string& part = route.segments[i];
      if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
        params[part.substr(1, part.size() - 2)] = segments[i];
      } else {
        match = part == segments[i];
      }
    }
    if (!match) continue;
    path_known = true;
    if (route.method != request.method) continue;
    AdminCall call{request, target, std::move(params), services_, hooks_, state_mutex_};
    if (!route.locked) return route.endpoint(call);
    std::lock_guard<std::mutex> lock(state_mutex_);
    return route.endpoint(call);
  }
  if (path_known) return AdminError(405, "Method " + request.method + " is not allowed here");
  return AdminError(404, "No admin endpoint " + request.method + " " + target.path);
}

}  // namespace socialite
