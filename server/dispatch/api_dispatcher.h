// ApiDispatcher: the request pipeline — admin access or authentication, route, fault
// injection, bind, validate, handle, serialize — with the access log and the request journal
// on the way out. Thread-safe: handlers (which touch storage) run one at a time under
// `state_mutex`; parsing, serialization and injected latency run outside it.
#pragma once

#include <mutex>

#include "server/admin/admin_api.h"
#include "server/dispatch/dispatcher.h"
#include "server/handlers/handler_table.h"
#include "server/protocol/router.h"

namespace socialite {

namespace ops {
class AccessLog;
class RequestJournal;
class FaultInjector;
}  // namespace ops
namespace auth {
class RequestAuthenticator;
}

// Optional parts of the pipeline; null ones are skipped.
struct Operability {
  ops::AccessLog* access_log = nullptr;
  ops::RequestJournal* journal = nullptr;
  ops::FaultInjector* faults = nullptr;
  const auth::RequestAuthenticator* authenticator = nullptr;  // --auth verify
  std::string admin_token;  // required on admin requests but health when set
  bool admin_loopback_only = false;
};

class ApiDispatcher : public RequestHandler {
 public:
  ApiDispatcher(const spec::ServiceSpec& spec, HandlerTable handlers, Services& services,
                AdminApi& admin, std::mutex& state_mutex, Operability operability = {});

  HttpResponse Handle(const HttpRequest& request) override;
  HttpResponse TooLarge() override;

 private:
  // What the pipeline learned about one request, for the log and the journal.
  struct Trace {
    std::string operation;
    storage::Partition partition;
    Value input;                               // redacted bound input
    std::optional<std::string> error_message;  // of the error answered, for the journal
  };
  // The error response for `error`, noting its message in `trace`.
  static HttpResponse Failure(Trace& trace, const ApiError& error);
  HttpResponse HandleApi(const HttpRequest& request, const protocol::Target& target, Trace& trace);
  std::optional<HttpResponse> RefuseAdmin(const HttpRequest& request,
                                          const protocol::Target& target) const;
  // Errors the operation does not list become the nearest error it does (DESIGN §4).
  ApiError Listed(const spec::Operation& operation, ApiError error) const;

  const spec::ServiceSpec& spec_;
  protocol::Router router_;
  HandlerTable handlers_;
  Services& services_;
  AdminApi& admin_;
  std::mutex& state_mutex_;
  Operability ops_;
};

}  // namespace socialite
