// ApiDispatcher: the request pipeline — admin access or authentication, route, fault
// injection, bind, validate, handle, serialize — with the access log and the request journal
// on the way out.
//
// Where each step runs: authentication, routing, binding, validation and the fault decision
// on the calling io thread; an injected latency on the timer thread (no thread waits); the
// handler on a reader (GET operations), on the writer (the others, group-committed), or on a
// worker (operations that wait on an S3 endpoint, and reach state through StateAccess); the
// answer is serialized where the handler ran and handed to `respond`.
#pragma once

#include <chrono>
#include <memory>

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
namespace exec {
class StateExecutor;
class WorkerPool;
class TimerQueue;
}  // namespace exec

// The threads a request's later steps run on.
struct Executors {
  exec::StateExecutor& state;
  exec::WorkerPool& workers;
  exec::TimerQueue& timers;
};

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
                AdminApi& admin, Executors executors, Operability operability = {});

  void Handle(HttpRequest request, Responder respond) override;
  HttpResponse TooLarge() override;

 private:
  // What the pipeline learned about one request, for the log and the journal.
  struct Trace {
    std::string operation;
    storage::Partition partition;
    Value input;                               // redacted bound input
    std::optional<std::string> error_message;  // of the error answered, for the journal
  };
  // One request on its way through the pipeline.
  struct Call {
    HttpRequest request;
    protocol::Target target;  // parsed from request.target
    Responder respond;
    std::string request_id;
    std::chrono::steady_clock::time_point started;
    Trace trace;
    bool admin = false;
    const spec::Operation* operation = nullptr;
    const HandlerEntry* handler = nullptr;
    Value input;
    std::optional<Value> output;  // what the handler returned, once it ran
  };
  using CallPtr = std::shared_ptr<Call>;

  // The error response for `error`, noting its message in `trace`.
  static HttpResponse Failure(Trace& trace, const ApiError& error);
  // The quick steps; answers at once or queues the handler.
  void StartApi(const CallPtr& call, const protocol::Target& target);
  // Queues the handler where it runs (see the header comment).
  void RunHandler(const CallPtr& call);
  // The response for a handler's outcome.
  HttpResponse Outcome(Call& call, const Status& status);
  // Logs, journals and hands the response over.
  void Finish(const CallPtr& call, HttpResponse response);
  std::optional<HttpResponse> RefuseAdmin(const HttpRequest& request,
                                          const protocol::Target& target) const;
  // Errors the operation does not list become the nearest error it does (DESIGN §4).
  ApiError Listed(const spec::Operation& operation, ApiError error) const;

  const spec::ServiceSpec& spec_;
  protocol::Router router_;
  HandlerTable handlers_;
  Services& services_;
  AdminApi& admin_;
  Executors exec_;
  Operability ops_;
};

}  // namespace socialite
