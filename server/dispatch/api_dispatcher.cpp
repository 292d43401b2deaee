#include "server/dispatch/api_dispatcher.h"

#include <cctype>
#include <chrono>
#include <exception>
#include <optional>

#include "server/core/json.h"
#include "server/core/utf8.h"
#include "server/dispatch/caller_identity.h"
#include "server/exec/state_executor.h"
#include "server/exec/timer_queue.h"
#include "server/exec/worker_pool.h"
#include "server/handlers/store_errors.h"
#include "server/live/notices.h"
#include "server/ops/access_log.h"
#include "server/ops/fault_injector.h"
#include "server/ops/request_journal.h"
#include "server/protocol/binder.h"
#include "server/protocol/redaction.h"
#include "server/protocol/serializer.h"
#include "server/protocol/validator.h"

namespace socialite {
namespace {

bool IsLoopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

// The origin a client reached us at: its Host header when that is a plain host[:port], else
// the listening address (a wildcard one on loopback).
std::string ServedOrigin(const HttpRequest& request, const Options& options) {
  std::string_view host = request.Header("Host");
  bool plain = !host.empty() && host.size() <= 255;
  for (char c : host) {
    bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
                   c == ':' || c == '[' || c == ']';
    if (!allowed) plain = false;
  }
  if (plain) return "http://" + std::string(host);
  std::string listen = options.host;
  if (listen == "0.0.0.0" || listen == "::" || listen.empty()) listen = "127.0.0.1";
  if (listen.find(':') != std::string::npos) listen = "[" + listen + "]";
  return "http://" + listen + ":" + std::to_string(options.port);
}

}  // namespace

ApiDispatcher::ApiDispatcher(const spec::ServiceSpec& spec, HandlerTable handlers,
                             Services& services, AdminApi& admin, Executors executors,
                             Operability operability)
    : spec_(spec),
      router_(spec),
      handlers_(std::move(handlers)),
      services_(services),
      admin_(admin),
      exec_(executors),
      ops_(std::move(operability)) {}

void ApiDispatcher::Handle(HttpRequest request, Responder respond) {
  auto call = std::make_shared<Call>();
  call->started = std::chrono::steady_clock::now();
  call->request_id = services_.ids.Uuid();
  call->request = std::move(request);
  call->respond = std::move(respond);
  call->trace.partition = {services_.options.account, services_.options.region};  // until resolved
  try {
    Result<protocol::Target> target = protocol::ParseTarget(call->request.target);
    if (!target.ok()) return Finish(call, Failure(call->trace, target.error()));
    call->target = std::move(target).value();
    if (AdminApi::Owns(call->target.path)) {
      call->admin = true;
      call->trace.operation = "admin";
      if (auto refused = RefuseAdmin(call->request, call->target)) return Finish(call, *refused);
      // The call owns the request and target the endpoint refers to until it answers.
      return admin_.Handle(call->request, call->target, [this, call](HttpResponse response) {
        Finish(call, std::move(response));
      });
    }
    StartApi(call, call->target);
  } catch (const std::exception& e) {
    // Last-chance guard: a bug must cost one request, never the server.
    Finish(call, Failure(call->trace, InternalService(std::string("Internal error: ") + e.what())));
  }
}

void ApiDispatcher::Finish(const CallPtr& call, HttpResponse response) {
  const HttpRequest& request = call->request;
  Trace& trace = call->trace;
  response.SetHeader("x-amzn-RequestId", call->request_id);
  double latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - call->started)
          .count();
  std::string error_type(response.Header("x-amzn-ErrorType"));
  if (ops_.access_log != nullptr) {
    ops_.access_log->Record({services_.clock.NowMillis(), call->request_id, request.method,
                             request.target.substr(0, request.target.find('?')), trace.operation,
                             response.status, error_type, latency_ms, trace.partition.account,
                             trace.partition.region});
  }
  if (ops_.journal != nullptr && !call->admin) {
    ops::JournalEntry entry;
    entry.time_ms = services_.clock.NowMillis();
    entry.request_id = call->request_id;
    entry.method = request.method;
    entry.path = request.target.substr(0, request.target.find('?'));
    entry.operation = trace.operation;
    entry.account = trace.partition.account;
    entry.region = trace.partition.region;
    entry.input = std::move(trace.input);
    entry.status = response.status;
    entry.error_type = error_type;
    if (!error_type.empty() && trace.error_message) {
      // What reading the message back from the body would give, without parsing the body.
      if (IsValidUtf8(*trace.error_message)) entry.error_message = std::move(*trace.error_message);
    } else if (!error_type.empty()) {
      Result<Value> body = ParseJson(response.body);
      if (body.ok()) entry.error_message = body->GetString("message").value_or("");
    }
    std::optional<live::Notice> journaled;
    if (live::Wanted(services_.live)) {
      journaled =
          live::RequestNotice(entry.request_id, entry.operation, entry.status, entry.time_ms);
    }
    ops_.journal->Add(std::move(entry));
    if (journaled) services_.live->Publish(std::move(*journaled));
  }
  Responder respond = std::move(call->respond);
  respond(std::move(response));
}

std::optional<HttpResponse> ApiDispatcher::RefuseAdmin(const HttpRequest& request,
                                                       const protocol::Target& target) const {
  bool health = target.path == "/_socialite/health" || target.path == "/_socialite/health/";
  // What SNS receivers fetch (confirm, unsubscribe, certificate) is public, as SNS's is.
  if (target.path == "/_socialite/sns" || target.path.rfind("/_socialite/sns/", 0) == 0) {
    return std::nullopt;
  }
  // Flow preview and flow.json links carry their own token, like Meta's public links.
  auto ends_with = [&](std::string_view tail) {
    return target.path.size() >= tail.size() &&
           target.path.compare(target.path.size() - tail.size(), tail.size(), tail) == 0;
  };
  bool flow_link = request.method == "GET" && target.path.rfind("/_socialite/flows/", 0) == 0 &&
                   (ends_with("/preview") || ends_with("/assets/flow.json"));
  // The inbox page's static files hold no data; the page asks for the token for its data calls.
  bool ui_asset = request.method == "GET" &&
                  (target.path == "/_socialite/ui" || target.path.rfind("/_socialite/ui/", 0) == 0);
  if (ops_.admin_loopback_only && !IsLoopback(request.remote_address)) {
    return AdminError(403, "The admin API answers loopback clients only");
  }
  // EventSource cannot set headers: the live stream also takes the token in its query.
  auto query_token = [&] {
    if (target.path != "/_socialite/stream") return false;
    for (const auto& [key, value] : target.query) {
      if (key == "token") return value == ops_.admin_token;
    }
    return false;
  };
  if (!ops_.admin_token.empty() && !health && !flow_link && !ui_asset &&
      request.Header("x-socialite-admin-token") != ops_.admin_token && !query_token()) {
    return AdminError(401, "The admin API needs the header x-socialite-admin-token");
  }
  return std::nullopt;
}

void ApiDispatcher::StartApi(const CallPtr& call, const protocol::Target& target) {
  const HttpRequest& request = call->request;
  Trace& trace = call->trace;
  Result<storage::Partition> caller = ResolveCaller(request, services_.options, ops_.authenticator);
  if (!caller.ok()) return Finish(call, Failure(trace, caller.error()));
  trace.partition = *caller;
  const spec::Operation* operation = router_.Find(request.method, target.path);
  if (operation == nullptr) {
    return Finish(call,
                  Failure(trace, {ErrorCode::kUnknownOperation,
                                  "No operation matches " + request.method + " " + target.path}));
  }
  call->operation = operation;
  trace.operation = operation->name;
  auto fail = [&](ApiError error) {
    Finish(call, Failure(trace, Listed(*operation, std::move(error))));
  };

  Result<Value> input = protocol::BindInput(spec_, *operation, target.query, request.body);
  if (!input.ok()) return fail(input.error());
  if (ops_.journal != nullptr) {
    trace.input = protocol::RedactSensitive(spec_, spec_.input(*operation), *input);
  }
  Status valid = protocol::ValidateInput(spec_, *operation, *input);
  if (!valid.ok()) return fail(valid.error());
  call->input = std::move(input).value();

  auto handler = handlers_.find(operation->name);
  if (handler == handlers_.end()) return fail(InternalService(operation->name + " has no handler"));
  call->handler = &handler->second;

  if (ops_.faults != nullptr) {
    ops::FaultDecision fault = ops_.faults->Decide(*operation);
    if (fault.latency_ms > 0) {
      // The request waits on the timer thread; no thread is held while it does.
      std::optional<ApiError> error = fault.error;
      bool queued =
          exec_.timers.RunAfter(std::chrono::milliseconds(fault.latency_ms), [this, call, error] {
            if (error) return Finish(call, Failure(call->trace, *error));
            RunHandler(call);
          });
      if (!queued) fail({ErrorCode::kThrottledRequest, "Too many delayed requests"});
      return;
    }
    if (fault.error) return Finish(call, Failure(trace, *fault.error));
  }
  RunHandler(call);
}

void ApiDispatcher::RunHandler(const CallPtr& call) {
  auto job = [call, origin = ServedOrigin(call->request, services_.options)](
                 Services& services) -> Status {
    RequestContext ctx{call->trace.partition, call->request_id, services, origin};
    Result<Value> output = call->handler->run(ctx, call->input);
    if (!output.ok()) return output.error();
    call->output = std::move(output).value();
    return {};
  };
  auto done = [this, call](Status status) { Finish(call, Outcome(*call, status)); };
  bool queued;
  if (call->handler->waits_on_network) {
    queued = exec_.workers.Post([this, call, job, done] {
      Services staged = services_;  // its `db` is the writer's: reached only through `state`
      staged.state = &exec_.state;
      done(exec::RunGuarded(job, staged));
    });
  } else if (call->operation->method == "GET") {
    queued = exec_.state.SubmitRead(std::move(job), std::move(done));
  } else {
    queued = exec_.state.SubmitWrite(std::move(job), std::move(done));
  }
  if (!queued) {
    Finish(call, Failure(call->trace,
                         {ErrorCode::kThrottledRequest, "The server is busy; retry the request"}));
  }
}

HttpResponse ApiDispatcher::Outcome(Call& call, const Status& status) {
  if (!status.ok()) return Failure(call.trace, Listed(*call.operation, status.error()));
  return protocol::SerializeOutput(spec_, *call.operation, *call.output);
}

HttpResponse ApiDispatcher::Failure(Trace& trace, const ApiError& error) {
  trace.error_message = error.message;
  return protocol::SerializeError(error);
}

ApiError ApiDispatcher::Listed(const spec::Operation& operation, ApiError error) const {
  if (operation.Lists(error.code)) return error;
  for (ErrorCode fallback : {ErrorCode::kInternalService, ErrorCode::kDependency}) {
    if (operation.Lists(fallback)) return {fallback, std::move(error.message)};
  }
  return error;
}

HttpResponse ApiDispatcher::TooLarge() {
  HttpResponse response =
      protocol::SerializeError({ErrorCode::kRequestEntityTooLarge,
                                "Request body is larger than " +
                                    std::to_string(services_.options.max_body_bytes) + " bytes"});
  response.SetHeader("x-amzn-RequestId", services_.ids.Uuid());
  return response;
}

}  // namespace socialite
