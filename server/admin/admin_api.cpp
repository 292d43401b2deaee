#include "server/admin/admin_api.h"

#include <cstdint>
#include <cstdlib>

#include "server/core/json.h"
#include "server/exec/state_executor.h"
#include "server/exec/worker_pool.h"
#include "server/fixtures/fixture_loader.h"
#include "server/handlers/page_token.h"
#include "server/handlers/store_errors.h"
#include "server/live/notices.h"
#include "server/protocol/serializer.h"
#include "server/ui/ui_assets.h"
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

std::optional<std::string> AdminQuery(const AdminCall& call, std::string_view name) {
  for (const auto& [key, value] : call.target.query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

Result<AdminPage> ReadAdminPage(const AdminCall& call, const char* oldest_first,
                                const char* newest_first, int default_limit) {
  AdminPage page;
  std::string order = AdminQuery(call, "order").value_or("asc");
  if (order != "asc" && order != "desc") return InvalidParameters("order must be asc or desc");
  page.newest_first = order == "desc";
  page.list_name = page.newest_first ? newest_first : oldest_first;
  page.position = page.newest_first ? INT64_MAX : 0;
  if (auto token = AdminQuery(call, "nextToken")) {
    std::optional<int64_t> read = ReadPageToken(page.list_name, *token);
    if (!read) return InvalidParameters("nextToken is not valid");
    page.position = *read;
  }
  page.limit = default_limit;
  if (auto text = AdminQuery(call, "limit")) {
    page.limit = std::atoi(text->c_str());
    if (page.limit < 1 || page.limit > 1000) return InvalidParameters("limit must be 1-1000");
  }
  return page;
}

bool AdminApi::Owns(const std::string& path) {
  return path.rfind(kPrefix, 0) == 0 || path == "/_socialite";
}

AdminApi::AdminApi(Services& services, exec::StateExecutor& state, exec::WorkerPool& workers,
                   std::string fixtures_text, AdminHooks hooks)
    : services_(services),
      state_(state),
      workers_(workers),
      fixtures_text_(std::move(fixtures_text)),
      hooks_(std::move(hooks)),
      started_ms_(services.clock.NowMillis()) {
  using enum AdminRuns;
  Add("GET", "health", kInline, [this](AdminCall&) {
    Value body = Value::Object();
    body.Set("status", ready_ ? "ready" : "starting");
    body.Set("region", services_.options.region);
    body.Set("account", services_.options.account);
    body.Set("uptimeSeconds", (services_.clock.NowMillis() - started_ms_) / 1000);
    return AdminJson(ready_ ? 200 : 503, body);
  });
  Add("POST", "reset", kWorker, [this](AdminCall&) {
    Status status = Reset();
    if (!status.ok()) return AdminError(500, status.error().message);
    Value body = Value::Object();
    body.Set("status", "reset");
    return AdminJson(200, body);
  });
  Add("POST", "templates/{id}/review", kWrite, ReviewTemplateEndpoint);
  Add("POST", "templates/{id}/quality", kWrite, TemplateQualityEndpoint);
  Add("POST", "inbound", kWrite, InboundMessageEndpoint);
  Add("GET", "messages", kRead, ListMessagesEndpoint);
  Add("GET", "messages/{wamid}", kRead, GetMessageEndpoint);
  Add("POST", "messages/{wamid}/status", kWrite, PushStatusEndpoint);
  Add("GET", "events", kRead, ListEventsEndpoint);
  Add("POST", "events/{id}/replay", kWrite, ReplayEventEndpoint);
  Add("GET", "clock", kInline, GetClockEndpoint);
  Add("POST", "clock/advance", kWorker, AdvanceClockEndpoint);
  Add("GET", "rules", kInline, GetRulesEndpoint);
  Add("PUT", "rules", kWrite, PutRulesEndpoint);
  Add("GET", "conversions", kRead, ListConversionsEndpoint);
  Add("POST", "calls/permission", kWrite, CallPermissionReplyEndpoint);
  Add("POST", "calls", kWrite, CustomerCallEndpoint);
  Add("GET", "calls/{callId}", kRead, GetCallEndpoint);
  Add("POST", "calls/{callId}/{action}", kWrite, CustomerCallActionEndpoint);
  Add("GET", "accounts", kRead, ListAccountsEndpoint);
  Add("GET", "conversations", kRead, ListConversationsEndpoint);
  Add("GET", "templates", kRead, ListTemplatesEndpoint);
  Add("GET", "media/{mediaId}", kRead, GetMediaEndpoint);
  // The journal and the fault rules are in memory, behind their own locks.
  Add("GET", "requests", kInline, ListRequestsEndpoint);
  Add("DELETE", "requests", kInline, ClearRequestsEndpoint);
  Add("GET", "faults", kInline, GetFaultsEndpoint);
  Add("PUT", "faults", kInline, PutFaultsEndpoint);
  Add("DELETE", "faults", kInline, ClearFaultsEndpoint);
  // Flow previews and flow.json downloads: links a client follows, named by a token.
  Add("GET", "flows/{flowId}/preview", kRead, FlowPreviewEndpoint);
  Add("GET", "flows/{flowId}/assets/flow.json", kRead, FlowAssetEndpoint);
  Add("POST", "flows/{flowId}/status", kWrite, FlowHealthStatusEndpoint);
  // Served to event receivers (no admin token: the token in the URL is the credential).
  Add("GET", "sns", kWrite, SnsActionEndpoint);
  Add("GET", "sns/{file}", kInline, SnsCertificateEndpoint);
  // Answers at once with a response whose body the connection then streams; on the writer,
  // where the first stream loads the statuses still to happen.
  Add("GET", "stream", kWrite, LiveStreamEndpoint);
  Add("HEAD", "stream", kWrite, LiveStreamEndpoint);  // the head alone; the slot goes at once
  // The inbox page (embedded files, no data: no admin token needed). The page itself is read
  // on a reader: without --admin-token it holds its first view (threads, numbers, clock).
  Add("GET", "ui", kRead, InboxPageEndpoint);
  Add("GET", "ui/{file}", kInline, [](AdminCall& call) { return ui::ServeAsset(call.request); });
  Add("GET", "ui/v/{version}/{file}", kInline,
      [](AdminCall& call) { return ui::ServeAsset(call.request); });
}

void AdminApi::Add(std::string method, const std::string& pattern, AdminRuns runs,
                   AdminEndpoint endpoint) {
  routes_.push_back(Route{std::move(method), Split(pattern), std::move(endpoint), runs});
}

Status AdminApi::Reset() {
  // Deliveries claimed before the reset must not reach anyone after it answers.
  if (hooks_.begin_reset) hooks_.begin_reset();
  Status status = state_.Write([this](Services& services) { return ResetState(services); });
  if (hooks_.end_reset) hooks_.end_reset();
  RETURN_IF_ERROR(status);
  if (hooks_.apply_fixture_settings) RETURN_IF_ERROR(hooks_.apply_fixture_settings());
  return {};
}

Status AdminApi::ResetState(Services& services) {
  // The manual clock keeps running across a reset; everything else starts over.
  RETURN_IF_ERROR(FromStore(services.db.DeleteAllRows()));
  if (hooks_.manual_clock != nullptr) {
    RETURN_IF_ERROR(
        FromStore(storage::SettingsStore(services.db)
                      .Put(kManualClockKey, std::to_string(hooks_.manual_clock->NowMillis()))));
  }
  if (!fixtures_text_.empty()) RETURN_IF_ERROR(LoadFixtures(services, fixtures_text_));
  live::Publish(services.live, [] { return live::ResetNotice(); });
  return {};
}

void AdminApi::Handle(const HttpRequest& request, const protocol::Target& target,
                      Responder respond) {
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
    // HEAD is GET without the body (RFC 9110 9.3.2) where a GET changes nothing.
    bool head_as_get = request.method == "HEAD" && route.method == "GET" &&
                       (route.runs == AdminRuns::kInline || route.runs == AdminRuns::kRead);
    if (route.method != request.method && !head_as_get) continue;
    return Run(route, AdminCall{request, target, std::move(params), services_, hooks_, state_},
               std::move(respond));
  }
  if (path_known) {
    return respond(AdminError(405, "Method " + request.method + " is not allowed here"));
  }
  respond(AdminError(404, "No admin endpoint " + request.method + " " + target.path));
}

void AdminApi::Run(const Route& route, AdminCall call, Responder respond) {
  if (route.runs == AdminRuns::kInline) return respond(route.endpoint(call));
  // The endpoint's answer is kept here until the job's completion hands it over.
  auto answer = std::make_shared<HttpResponse>();
  auto on_connection = [endpoint = route.endpoint, call, answer](Services& services) {
    AdminCall bound{call.request, call.target, call.params, services, call.hooks, call.state};
    *answer = endpoint(bound);
    return Status();
  };
  auto done = [answer, respond](Status status) {
    respond(status.ok() ? std::move(*answer) : AdminError(500, status.error().message));
  };
  bool queued = false;
  switch (route.runs) {
    case AdminRuns::kRead:
      queued = state_.SubmitRead(on_connection, done);
      break;
    case AdminRuns::kWrite:
      queued = state_.SubmitWrite(on_connection, done);
      break;
    default:
      queued = workers_.Post(
          [endpoint = route.endpoint, call, respond]() mutable { respond(endpoint(call)); });
  }
  if (!queued) respond(AdminError(503, "The server is busy; retry the request"));
}

}  // namespace socialite
