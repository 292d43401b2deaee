// SHA-256 over OpenSSL, for deterministic derivations and opaque token checksums.
#pragma once

#include <string>
#include <string_view>

namespace socialite {

// The 32-byte digest.
std::string Sha256Bytes(std::string_view data);

// Lowercase hex digest.
std::string Sha256Hex(std::string_view data);

}  // namespace socialite
