// Percent-encoding of bytes (RFC 3986 §2.1), for URLs we write: SigV4's canonical URIs and
// queries, and the inbox page's links.
#pragma once

#include <string>
#include <string_view>

namespace socialite {

// `text` with every byte but ASCII letters, digits and those in `kept` written as %XX
// (upper-case hex).
std::string PercentEncode(std::string_view text, std::string_view kept);

}  // namespace socialite
