#include "server/dispatch/api_dispatcher.h"

#include <exception>

#include "server/dispatch/caller_identity.h"
#include "server/protocol/binder.h"
#include "server/protocol/serializer.h"
#include "server/protocol/validator.h"

namespace socialite {

ApiDispatcher::ApiDispatcher(const spec::ServiceSpec& spec, HandlerTable handlers,
                             Services& services, AdminApi& admin, std::mutex& state_mutex)
    : spec_(spec),
      router_(spec),
      handlers_(std::move(handlers)),
      services_(services),
      admin_(admin),
      state_mutex_(state_mutex) {}

HttpResponse ApiDispatcher::Handle(const HttpRequest& request) {
  std::string request_id = services_.ids.Uuid();
  HttpResponse response;
  try {
    Result<protocol::Target> target = protocol::ParseTarget(request.target);
    if (!target.ok()) {
      response = protocol::SerializeError(target.error());
    } else if (AdminApi::Owns(target->path)) {
      response = admin_.Handle(request, *target);  // takes the state lock itself
    } else {
      response = HandleApi(request, *target);
    }
  } catch (const std::exception& e) {
    // Last-chance guard: a bug must cost one request, never the server.
    response =
        protocol::SerializeError(InternalService(std::string("Internal error: ") + e.what()));
  }
  response.SetHeader("x-amzn-RequestId", request_id);
  return response;
}

HttpResponse ApiDispatcher::HandleApi(const HttpRequest& request, const protocol::Target& target) {
  const spec::Operation* operation = router_.Find(request.method, target.path);
  if (operation == nullptr) {
    return protocol::SerializeError({ErrorCode::kUnknownOperation,
                                     "No operation matches " + request.method + " " + target.path});
  }
  auto fail = [&](ApiError error) { return protocol::SerializeError(Listed(*operation, error)); };

  Result<Value> input = protocol::BindInput(spec_, *operation, target.query, request.body);
  if (!input.ok()) return fail(input.error());
  Status valid = protocol::ValidateInput(spec_, *operation, *input);
  if (!valid.ok()) return fail(valid.error());

  auto handler = handlers_.find(operation->name);
  if (handler == handlers_.end()) {
    return fail(InternalService(operation->name + " has no handler"));
  }
  RequestContext ctx{CallerPartition(request.Header("Authorization"), services_.options),
                     std::string(), services_};
  Result<Value> output = [&] {
    std::lock_guard<std::mutex> lock(state_mutex_);
    return handler->second(ctx, *input);
  }();
  if (!output.ok()) return fail(output.error());
  return protocol::SerializeOutput(spec_, *operation, *output);
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
