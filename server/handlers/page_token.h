// Opaque paging tokens: base64 of "<list>:<position>:<checksum>", so a client cannot forge
// or reuse a token across lists. Tokens stay valid across restarts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace socialite {

std::string MakePageToken(const std::string& list_name, int64_t position);
// The position, or nullopt when the token was not made by MakePageToken for this list.
std::optional<int64_t> ReadPageToken(const std::string& list_name, const std::string& token);

}  // namespace socialite
