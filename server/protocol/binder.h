// Binder: gathers an operation's input members from the query string and the JSON body into
// a typed Value, following the spec's member locations and shapes. Type mismatches,
// malformed JSON and bad base64 are SerializationExceptions; constraints are the
// validator's business. Unknown members are ignored, as AWS does.
#pragma once

#include <string_view>

#include "server/core/result.h"
#include "server/core/value.h"
#include "server/protocol/router.h"
#include "server/spec/spec_types.h"

namespace socialite::protocol {

Result<Value> BindInput(const spec::ServiceSpec& spec, const spec::Operation& operation,
                        const QueryParams& query, std::string_view body);

// Converts an untyped JSON value into the typed form of `shape` (used for bodies, and for
// any JSON document that must follow a spec shape).
Result<Value> BindJsonValue(const spec::ServiceSpec& spec, const spec::Shape& shape,
                            const Value& json, const std::string& path);

}  // namespace socialite::protocol
