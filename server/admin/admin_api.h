// AdminApi: Socialite's own endpoints under /_socialite/ — inspection and control that AWS
// does not have (health, reset, template review and quality, inbound customer messages,
// status pushes, the manual clock, status rules, events and messages). Thread-safe: each
// endpoint takes the state lock itself, and none holds it while events are delivered.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "server/dispatch/http_message.h"
#include "server/handlers/request_context.h"
#include "server/protocol/router.h"

namespace socialite {

// What the admin API needs from the running app beyond the services.
namespace ops {
class RequestJournal;
class FaultInjector;
}  // namespace ops

struct AdminHooks {
  ManualClock* manual_clock = nullptr;             // non-null in --clock manual
  std::function<int()> run_due_events;             // delivers what is due now; returns count
  std::function<Status()> apply_fixture_settings;  // status rules and webhooks of the fixtures
  ops::RequestJournal* journal = nullptr;          // GET/DELETE requests
  ops::FaultInjector* faults = nullptr;            // PUT/GET/DELETE faults
  // Around a reset's wipe: stop delivering the old events at once, then resume.
  std::function<void()> begin_reset = nullptr;
  std::function<void()> end_reset = nullptr;
};

// One admin request: its decoded path parameters, query and body.
struct AdminCall {
  const HttpRequest& request;
  const protocol::Target& target;
  std::map<std::string, std::string> params;  // {name} segments of the route
  Services& services;
  AdminHooks& hooks;
  std::mutex& state_mutex;  // for endpoints registered unlocked
};

using AdminEndpoint = std::function<HttpResponse(AdminCall&)>;

class AdminApi {
 public:
  static constexpr char kPrefix[] = "/_socialite/";
  static bool Owns(const std::string& path);

  // `fixtures_text` is what reset loads again (empty: nothing).
  AdminApi(Services& services, std::mutex& state_mutex, std::string fixtures_text,
           AdminHooks hooks);

  HttpResponse Handle(const HttpRequest& request, const protocol::Target& target);
  // Wipes all state and loads the fixtures again. REQUIRES: the state lock is held.
  Status Reset();

  void SetReady(bool ready) { ready_ = ready; }

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" captures a segment
    AdminEndpoint endpoint;
    bool locked;  // run under the state lock
  };
  void Add(std::string method, const std::string& pattern, AdminEndpoint endpoint,
           bool locked = true);
  Status WipeAndReload();

  Services& services_;
  std::mutex& state_mutex_;
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

HttpResponse ReviewTemplateEndpoint(AdminCall& call);
HttpResponse TemplateQualityEndpoint(AdminCall& call);
HttpResponse InboundMessageEndpoint(AdminCall& call);
HttpResponse PushStatusEndpoint(AdminCall& call);
HttpResponse ListMessagesEndpoint(AdminCall& call);
HttpResponse GetMessageEndpoint(AdminCall& call);
HttpResponse ListEventsEndpoint(AdminCall& call);
HttpResponse GetClockEndpoint(AdminCall& call);
HttpResponse AdvanceClockEndpoint(AdminCall& call);
HttpResponse GetRulesEndpoint(AdminCall& call);
HttpResponse PutRulesEndpoint(AdminCall& call);
HttpResponse ListRequestsEndpoint(AdminCall& call);
HttpResponse ClearRequestsEndpoint(AdminCall& call);
HttpResponse GetFaultsEndpoint(AdminCall& call);
HttpResponse PutFaultsEndpoint(AdminCall& call);
HttpResponse ClearFaultsEndpoint(AdminCall& call);

}  // namespace socialite
