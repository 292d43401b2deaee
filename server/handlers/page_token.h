// Opaque paging tokens: base64 of "<list>:<position>:<checksum>", so a client cannot forge
// or reuse a token across lists. Tokens stay valid across restarts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/core/result.h"
#include "server/core/value.h"

namespace socialite {

std::string MakePageToken(const std::string& list_name, int64_t position);
// The position, or nullopt when the token was not made by MakePageToken for this list.
std::optional<int64_t> ReadPageToken(const std::string& list_name, const std::string& token);

// Where an API list resumes: the position in the input's "nextToken" (0 without one), or
// InvalidParameters when that token is not one of `list_name`'s or names a negative position.
Result<int64_t> NextTokenPosition(const Value& input, const std::string& list_name);

}  // namespace socialite
