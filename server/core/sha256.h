// SHA-256 over OpenSSL, for deterministic derivations and opaque token checksums.
#pragma once

#include <string>
#include <string_view>

namespace socialite {

// Lowercase hex digest.
std::string Sha256Hex(std::string_view data);

}  // namespace socialite
