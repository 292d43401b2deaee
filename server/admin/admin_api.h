// AdminApi: Socialite's own endpoints under /_socialite/ — inspection and control that AWS
// does not have (health, reset, template review and quality, inbound customer messages,
// status pushes, the manual clock, status rules, events and messages).
//
// Each endpoint says where it runs (AdminRuns): on the io thread when it touches no database,
// on a reader or on the writer (group-committed with the API's writes), or on a worker when it
// waits (a reset cancelling deliveries, a clock advance delivering what fell due).
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/dispatch/dispatcher.h"
#include "server/handlers/request_context.h"
#include "server/protocol/router.h"

namespace socialite {

// What the admin API needs from the running app beyond the services.
namespace ops {
class RequestJournal;
class FaultInjector;
}  // namespace ops
namespace events {
class SnsHttpDelivery;
}  // namespace events
namespace live {
class LiveHub;
}  // namespace live
namespace exec {
class StateAccess;
class StateExecutor;
class WorkerPool;
}  // namespace exec

struct AdminHooks {
  ManualClock* manual_clock = nullptr;             // non-null in --clock manual
  std::function<int()> run_due_events;             // delivers what is due now; returns count
  std::function<Status()> apply_fixture_settings;  // status rules and webhooks of the fixtures
  ops::RequestJournal* journal = nullptr;          // GET/DELETE requests
  ops::FaultInjector* faults = nullptr;            // PUT/GET/DELETE faults
  // Around a reset's wipe: stop delivering the old events at once, then resume.
  std::function<void()> begin_reset = nullptr;
  std::function<void()> end_reset = nullptr;
  // SNS HTTP(S) delivery (null when no --webhook binding subscribes a URL), for the
  // SubscribeURL, UnsubscribeURL and SigningCertURL it serves.
  std::function<const events::SnsHttpDelivery*()> sns_http = nullptr;
  live::LiveHub* live = nullptr;  // GET stream, and the notices the admin API publishes itself
};

enum class AdminRuns { kInline, kRead, kWrite, kWorker };

// One admin request: its decoded path parameters, query and body.
struct AdminCall {
  const HttpRequest& request;
  const protocol::Target& target;
  std::map<std::string, std::string> params;  // {name} segments of the route
  // Bound to the connection the endpoint runs on (kRead, kWrite); on the others, its `db`
  // must not be used: they reach state through `state`.
  Services& services;
  AdminHooks& hooks;
  exec::StateAccess& state;
};

using AdminEndpoint = std::function<HttpResponse(AdminCall&)>;

class AdminApi {
 public:
  static constexpr char kPrefix[] = "/_socialite/";
  static bool Owns(const std::string& path);

  // `fixtures_text` is what reset loads again (empty: nothing).
  AdminApi(Services& services, exec::StateExecutor& state, exec::WorkerPool& workers,
           std::string fixtures_text, AdminHooks hooks);

  // Answers through `respond`, at once or from the thread the endpoint runs on. `request`
  // and `target` must live until then.
  void Handle(const HttpRequest& request, const protocol::Target& target, Responder respond);
  // Cancels claimed deliveries, wipes all state and loads the fixtures again. Blocks: not on
  // an io thread.
  Status Reset();

  void SetReady(bool ready) { ready_ = ready; }

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" captures a segment
    AdminEndpoint endpoint;
    AdminRuns runs;
  };
  void Add(std::string method, const std::string& pattern, AdminRuns runs, AdminEndpoint endpoint);
  void Run(const Route& route, AdminCall call, Responder respond);
  Status ResetState(Services& services);

  Services& services_;
  exec::StateExecutor& state_;
  exec::WorkerPool& workers_;
  std::string fixtures_text_;
  AdminHooks hooks_;
  std::atomic<bool> ready_{false};
  int64_t started_ms_;
  std::vector<Route> routes_;
};

// Endpoint groups (one file each).
HttpResponse AdminJson(int status, const Value& body);
HttpResponse AdminError(int status, const std::string& message);
// The request body as a JSON object, or an error response.
Result<Value> AdminBody(const AdminCall& call);
// The query parameter `name` of the request (its first occurrence), if sent.
std::optional<std::string> AdminQuery(const AdminCall& call, std::string_view name);

// Where a paged admin list starts, from ?order=asc|desc, ?nextToken= and ?limit=1-1000. A
// token names its list (`oldest_first` or `newest_first`), so one order refuses the other's:
// its position means the opposite there.
struct AdminPage {
  bool newest_first = false;
  const char* list_name = nullptr;  // for the nextToken of this page
  int64_t position = 0;             // after (or, newest first, before) this sequence
  int limit = 0;
};
Result<AdminPage> ReadAdminPage(const AdminCall& call, const char* oldest_first,
                                const char* newest_first, int default_limit);

HttpResponse ReviewTemplateEndpoint(AdminCall& call);
HttpResponse TemplateQualityEndpoint(AdminCall& call);
HttpResponse InboundMessageEndpoint(AdminCall& call);
HttpResponse PushStatusEndpoint(AdminCall& call);
HttpResponse ListMessagesEndpoint(AdminCall& call);
HttpResponse GetMessageEndpoint(AdminCall& call);
HttpResponse ListEventsEndpoint(AdminCall& call);
HttpResponse ReplayEventEndpoint(AdminCall& call);
HttpResponse GetClockEndpoint(AdminCall& call);
HttpResponse AdvanceClockEndpoint(AdminCall& call);
HttpResponse GetRulesEndpoint(AdminCall& call);
HttpResponse PutRulesEndpoint(AdminCall& call);
HttpResponse ListRequestsEndpoint(AdminCall& call);
HttpResponse ClearRequestsEndpoint(AdminCall& call);
HttpResponse GetFaultsEndpoint(AdminCall& call);
HttpResponse PutFaultsEndpoint(AdminCall& call);
HttpResponse ClearFaultsEndpoint(AdminCall& call);
HttpResponse FlowPreviewEndpoint(AdminCall& call);
HttpResponse FlowAssetEndpoint(AdminCall& call);
HttpResponse FlowHealthStatusEndpoint(AdminCall& call);
// What SNS serves to HTTP(S) subscribers: ConfirmSubscription and Unsubscribe (GET with
// Action=...), and the signing certificate.
HttpResponse SnsActionEndpoint(AdminCall& call);
HttpResponse SnsCertificateEndpoint(AdminCall& call);
// Conversion events (dataset_endpoints.cpp) and the customer's side of calls (call_endpoints.cpp).
HttpResponse ListConversionsEndpoint(AdminCall& call);
HttpResponse CallPermissionReplyEndpoint(AdminCall& call);
HttpResponse CustomerCallEndpoint(AdminCall& call);
HttpResponse CustomerCallActionEndpoint(AdminCall& call);
HttpResponse GetCallEndpoint(AdminCall& call);
// What the inbox page reads (inbox_endpoints.cpp).
HttpResponse ListAccountsEndpoint(AdminCall& call);
HttpResponse ListConversationsEndpoint(AdminCall& call);
HttpResponse ListTemplatesEndpoint(AdminCall& call);
HttpResponse GetMediaEndpoint(AdminCall& call);
// GET /_socialite/ui[/]: the page, with its first view rendered in when it may show data.
HttpResponse InboxPageEndpoint(AdminCall& call);
// The live stream (stream_endpoint.cpp): server-sent events of what happens.
HttpResponse LiveStreamEndpoint(AdminCall& call);

}  // namespace socialite
