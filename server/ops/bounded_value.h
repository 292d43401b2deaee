// A bounded copy of a Value, for keeping what clients sent (the request journal): strings and
// blobs cut after a length, lists and objects after a number of members and below a depth,
// and the whole copy within a byte budget, each cut marked in place. What a client sends then
// cannot decide how much memory is kept.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "server/core/value.h"

namespace socialite::ops {

struct ValueBounds {
  size_t max_string_bytes = 4096;  // also blobs, counted in decoded bytes
  size_t max_members = 100;        // per list or object
  size_t max_depth = 16;           // containers nested deeper become a marker
  size_t max_total_bytes = 64 * 1024;
};

struct BoundedValue {
  Value value;
  size_t bytes = 0;  // the copy's accounted size: nodes, keys and string bytes
};

BoundedValue BoundedCopy(const Value& value, const ValueBounds& bounds = {});

// `text` cut to at most `max_bytes` on a code point boundary, with a marker when it was cut.
std::string BoundedText(std::string_view text, size_t max_bytes);

}  // namespace socialite::ops
