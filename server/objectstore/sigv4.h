// AWS Signature Version 4 for requests Socialite sends (S3 today, SNS later), over OpenSSL.
// Tested against the test vectors AWS publishes. Stateless functions; safe from any thread.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace socialite::objectstore {

struct SigningRequest {
  std::string method;  // GET, PUT, POST
  std::string path;    // already URI-encoded, e.g. /bucket/a%20b
  std::vector<std::pair<std::string, std::string>> query;    // decoded name/value pairs
  std::vector<std::pair<std::string, std::string>> headers;  // must include host (and x-amz-date)
  std::string payload_sha256_hex;  // hex SHA-256 of the body, or UNSIGNED-PAYLOAD
};

struct SigningKey {
  std::string access_key;
  std::string secret_key;
  std::string region;
  std::string service;  // "s3", "sns", ...
};

// The canonical request string (exposed for tests). `path` is used as given (S3 rules: no
// second encoding, no dot-segment normalisation); an empty path means "/". Every header in
// `headers` is signed; names are lower-cased, values trimmed with inner runs of spaces folded,
// and repeated names joined with ','.
std::string CanonicalRequest(const SigningRequest& request);
// The string to sign for `amz_date` (YYYYMMDD'T'HHMMSS'Z').
std::string StringToSign(const SigningRequest& request, const SigningKey& key,
                         const std::string& amz_date);
// The Authorization header value:
// "AWS4-HMAC-SHA256 Credential=AK/DATE/REGION/SERVICE/aws4_request, SignedHeaders=…, Signature=…".
std::string AuthorizationHeader(const SigningRequest& request, const SigningKey& key,
                                const std::string& amz_date);

// The hex signature alone (the last part of the Authorization header).
std::string Signature(const SigningRequest& request, const SigningKey& key,
                      const std::string& amz_date);
// "host;x-amz-date;…": the lower-cased, sorted, de-duplicated header names.
std::string SignedHeaders(const SigningRequest& request);
// `time` as an x-amz-date value (UTC), e.g. "20150830T123600Z".
std::string FormatAmzDate(std::chrono::system_clock::time_point time);

std::string HexSha256(const std::string& data);
// RFC 3986 encoding as SigV4 wants it; '/' kept when encode_slash is false.
std::string UriEncode(const std::string& text, bool encode_slash);

}  // namespace socialite::objectstore
