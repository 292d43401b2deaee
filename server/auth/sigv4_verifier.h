// Server-side SigV4 verification: rebuilds the canonical request from the request as it arrived
// (raw target, headers, body) and checks the caller's signature, the way AWS front ends do.
// Signing primitives (key derivation, canonical request assembly) come from objectstore/sigv4
// and what the request presents is read by auth/sigv4_request; this file adds what only a
// verifier needs: checking those parameters, canonicalising a received path and query,
// clock-skew rules and AWS's error texts.
// The service name is a parameter so AWS's published suite vectors (service "service") can be
// checked end to end. Stateless; safe from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/auth/sigv4_request.h"
#include "server/core/api_error.h"
#include "server/core/result.h"
#include "server/dispatch/http_message.h"

namespace socialite::auth {

// How far X-Amz-Date may be from the server's clock, either way.
inline constexpr int64_t kMaxClockSkewMs = 15 * 60 * 1000;
// AWS's ceiling for X-Amz-Expires on presigned requests (one week).
inline constexpr int64_t kMaxPresignedExpiresSeconds = 7 * 24 * 60 * 60;

// The credential scope of `request` when it carries a valid SigV4 signature (Authorization
// header or presigned query) for `service` by one of `credentials` (access key id -> secret
// key) at `now_ms`: the very credential that was checked. Otherwise AWS's error.
Result<CredentialScope> VerifySigV4(const HttpRequest& request, int64_t now_ms,
                                    std::string_view service,
                                    const std::map<std::string, std::string>& credentials);

// The canonical URI of a raw (still percent-encoded) request path, by the rules for services
// other than S3: empty and "." segments dropped, ".." removes the previous one, and each segment
// encoded once more — so an escape the client sent ("%3A") signs as "%253A", exactly what the
// AWS SDKs compute from the path they put on the wire.
std::string CanonicalUri(std::string_view raw_path);

}  // namespace socialite::auth
