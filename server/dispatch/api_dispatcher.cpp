#include "server/dispatch/api_dispatcher.h"

#include <chrono>
#include <exception>
#include <optional>
#include <thread>

#include "server/auth/request_authenticator.h"
#include "server/core/json.h"
#include "server/dispatch/caller_identity.h"
#include "server/handlers/store_errors.h"
#include "server/ops/access_log.h"
#include "server/ops/fault_injector.h"
#include "server/ops/request_journal.h"
#include "server/protocol/binder.h"
#include "server/protocol/redaction.h"
#include "server/protocol/serializer.h"
#include "server/protocol/validator.h"
#include "storage/request_transaction.h"

namespace socialite {
namespace {

bool IsLoopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

}  // namespace

ApiDispatcher::ApiDispatcher(const spec::ServiceSpec& spec, HandlerTable handlers,
                             Services& services, AdminApi& admin, std::mutex& state_mutex,
                             Operability operability)
    : spec_(spec),
      router_(spec),
      handlers_(std::move(handlers)),
      services_(services),
      admin_(admin),
      state_mutex_(state_mutex),
      ops_(std::move(operability)) {}

HttpResponse ApiDispatcher::Handle(const HttpRequest& request) {
  auto started = std::chrono::steady_clock::now();
  std::string request_id = services_.ids.Uuid();
  HttpResponse response;
  Trace trace;
  trace.partition = {services_.options.account, services_.options.region};  // until resolved
  bool admin = false;
  try {
    Result<protocol::Target> target = protocol::ParseTarget(request.target);
    if (!target.ok()) {
      response = Failure(trace, target.error());
    } else if (AdminApi::Owns(target->path)) {
      admin = true;
      trace.operation = "admin";
      auto refused = RefuseAdmin(request, *target);
      response = refused ? *refused : admin_.Handle(request, *target);  // locks itself
    } else {
      response = HandleApi(request, *target, trace);
    }
  } catch (const std::exception& e) {
    // Last-chance guard: a bug must cost one request, never the server.
    response = Failure(trace, InternalService(std::string("Internal error: ") + e.what()));
  }
  response.SetHeader("x-amzn-RequestId", request_id);

  double latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::string error_type(response.Header("x-amzn-ErrorType"));
  if (ops_.access_log != nullptr) {
    ops_.access_log->Record({services_.clock.NowMillis(), request_id, request.method,
                             request.target.substr(0, request.target.find('?')), trace.operation,
                             response.status, error_type, latency_ms, trace.partition.account,
                             trace.partition.region});
  }
  if (ops_.journal != nullptr && !admin) {
    ops::JournalEntry entry;
    entry.time_ms = services_.clock.NowMillis();
    entry.request_id = request_id;
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
    ops_.journal->Add(std::move(entry));
  }
  return response;
}

std::optional<HttpResponse> ApiDispatcher::RefuseAdmin(const HttpRequest& request,
                                                       const protocol::Target& target) const {
  bool health = target.path == "/_socialite/health" || target.path == "/_socialite/health/";
  if (ops_.admin_loopback_only && !IsLoopback(request.remote_address)) {
    return AdminError(403, "The admin API answers loopback clients only");
  }
  if (!ops_.admin_token.empty() && !health &&
      request.Header("x-socialite-admin-token") != ops_.admin_token) {
    return AdminError(401, "The admin API needs the header x-socialite-admin-token");
  }
  return std::nullopt;
}

HttpResponse ApiDispatcher::HandleApi(const HttpRequest& request, const protocol::Target& target,
                                      Trace& trace) {
  Result<storage::Partition> caller = ResolveCaller(request, services_.options, ops_.authenticator);
  if (!caller.ok()) return Failure(trace, caller.error());
  trace.partition = *caller;
  const spec::Operation* operation = router_.Find(request.method, target.path);
  if (operation == nullptr) {
    return Failure(trace, {ErrorCode::kUnknownOperation,
                           "No operation matches " + request.method + " " + target.path});
  }
  trace.operation = operation->name;
  auto fail = [&](ApiError error) { return Failure(trace, Listed(*operation, error)); };

  Result<Value> input = protocol::BindInput(spec_, *operation, target.query, request.body);
  if (!input.ok()) return fail(input.error());
  if (ops_.journal != nullptr) {
    trace.input = protocol::RedactSensitive(spec_, spec_.shape(operation->input), *input);
  }
  Status valid = protocol::ValidateInput(spec_, *operation, *input);
  if (!valid.ok()) return fail(valid.error());

  if (ops_.faults != nullptr) {
    ops::FaultDecision fault = ops_.faults->Decide(*operation);
    if (fault.latency_ms > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(fault.latency_ms));
    if (fault.error) return Failure(trace, *fault.error);
  }

  auto handler = handlers_.find(operation->name);
  if (handler == handlers_.end()) {
    return fail(InternalService(operation->name + " has no handler"));
  }
  RequestContext ctx{trace.partition, std::string(), services_};
  Result<Value> output = [&] {
    std::lock_guard<std::mutex> lock(state_mutex_);
    // Reads share one transaction: one snapshot and one set of file locks, not one per query.
    // (Writing operations keep their own transactions: wrapping them measured slower.)
    std::optional<storage::RequestTransaction> txn;
    if (operation->method == "GET") {
      txn.emplace(services_.db);
    }
    Result<Value> result = handler->second(ctx, *input);
    // A success is only reported once its changes are committed.
    storage::StoreStatus committed = txn ? txn->Finish() : storage::StoreStatus();
    if (result.ok() && !committed.ok()) return Result<Value>(StorageFailure(committed.error()));
    return result;
  }();
  if (!output.ok()) return fail(output.error());
  return protocol::SerializeOutput(spec_, *operation, std::move(output).value());
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
