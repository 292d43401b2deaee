// Serializer: operation output Value -> HTTP response, and ApiError -> AWS error response.
// Only members declared in the output shape are written, in declaration order; absent
// members are omitted.
#pragma once

#include <string>

#include "server/core/api_error.h"
#include "server/core/value.h"
#include "server/dispatch/http_message.h"
#include "server/spec/spec_types.h"

namespace socialite::protocol {

// Projects `value` onto `shape` (drops undeclared members) — exposed for tests, and the
// reference SerializeOutput's text is checked against.
Value ProjectOntoShape(const spec::ServiceSpec& spec, const spec::Shape& shape, const Value& value);

// Writes the projection of `output` onto the operation's output shape straight into the body
// (the same text as WriteJson(ProjectOntoShape(...)), without building the projected tree).
HttpResponse SerializeOutput(const spec::ServiceSpec& spec, const spec::Operation& operation,
                             const Value& output);

// status from the error code, x-amzn-ErrorType, {"__type","message"}.
HttpResponse SerializeError(const ApiError& error);

// Plain JSON response (admin API).
HttpResponse JsonResponse(int status, const Value& body);

}  // namespace socialite::protocol
