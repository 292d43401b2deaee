// Redaction: a copy of a bound input with every sensitive member (as the spec marks it, and
// everything inside a sensitive structure) replaced by "***", for journals and logs.
#pragma once

#include "server/core/value.h"
#include "server/spec/spec_types.h"

namespace socialite::protocol {

Value RedactSensitive(const spec::ServiceSpec& spec, const spec::Shape& shape, const Value& value);

}  // namespace socialite::protocol
