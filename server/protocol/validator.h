// Validator: applies the spec's documented constraints (required, length, pattern, range,
// list/map size, map key/value constraints, enum) to a bound input and reports every
// violation in one Coral-style ValidationException message, as AWS does.
#pragma once

#include <string>
#include <vector>

#include "server/core/result.h"
#include "server/core/value.h"
#include "server/spec/spec_types.h"

namespace socialite::protocol {

// The individual violation texts, in member order (exposed for tests).
std::vector<std::string> FindViolations(const spec::ServiceSpec& spec, const spec::Shape& shape,
                                        const Value& input);

// OK, or ValidationException: "N validation error(s) detected: v1; v2".
Status ValidateInput(const spec::ServiceSpec& spec, const spec::Operation& operation,
                     const Value& input);

// True when the whole of `text` matches `pattern` (RE2, compiled once and cached).
bool MatchesWhole(const std::string& pattern, const std::string& text);
// True when RE2 accepts the pattern.
bool PatternCompiles(const std::string& pattern);

// Number of Unicode code points in UTF-8 text (what AWS length constraints count).
int64_t CodePointLength(const std::string& text);

}  // namespace socialite::protocol
