#include "server/auth/sigv4_verifier.h"

#include <openssl/crypto.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "server/auth/sigv4_request.h"
#include "server/objectstore/sigv4.h"

namespace socialite::auth {
namespace {

using objectstore::SigningKey;
using objectstore::SigningRequest;

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";
constexpr char kTerminator[] = "aws4_request";
constexpr char kUnsignedPayload[] = "UNSIGNED-PAYLOAD";

// AWS's texts, so that clients and people searching for them find the usual explanations.
constexpr char kMissingToken[] = "Missing Authentication Token";
constexpr char kUnknownKey[] = "The security token included in the request is invalid.";
constexpr char kSignatureMismatch[] =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";
constexpr char kPayloadMismatch[] =
    "The provided 'x-amz-content-sha256' header does not match what was computed.";
constexpr char kPresignParameters[] =
    "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', "
    "'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'. Re-examine the query-string "
    "parameters.";

// What the caller claims to have signed, from the Authorization header or the presigned query.
struct Claim {
  bool presigned = false;
  CredentialScope scope;
  std::vector<std::string> signed_headers;  // lower-cased names, in the order given
  std::string signature;
  std::string amz_date;  // the request time as YYYYMMDD'T'HHMMSS'Z', as signed
  int64_t date_s = 0;
  std::optional<int64_t> expires_s;  // presigned only
};

ApiError Incomplete(std::string message) {
  return {ErrorCode::kIncompleteSignature, std::move(message)};
}

bool IsDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Round-trips through gmtime so impossible dates (month 13, Feb 30) are rejected, not wrapped.
std::optional<int64_t> ToEpochSeconds(std::tm fields) {
  std::tm copy = fields;
  time_t seconds = timegm(&copy);
  std::tm check{};
  gmtime_r(&seconds, &check);
  if (check.tm_year != fields.tm_year || check.tm_mon != fields.tm_mon ||
      check.tm_mday != fields.tm_mday || check.tm_hour != fields.tm_hour ||
      check.tm_min != fields.tm_min || check.tm_sec != fields.tm_sec) {
    return std::nullopt;
  }
  return static_cast<int64_t>(seconds);
}

// YYYYMMDD'T'HHMMSS'Z', the only form SigV4 signs.
std::optional<int64_t> ParseIsoBasic(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z' || !IsDigits(text.substr(0, 8)) ||
      !IsDigits(text.substr(9, 6))) {
    return std::nullopt;
  }
  auto number = [&](size_t at, size_t length) {
    return std::atoi(std::string(text.substr(at, length)).c_str());
  };
  std::tm fields{};
  fields.tm_year = number(0, 4) - 1900;
  fields.tm_mon = number(4, 2) - 1;
  fields.tm_mday = number(6, 2);
  fields.tm_hour = number(9, 2);
  fields.tm_min = number(11, 2);
  fields.tm_sec = number(13, 2);
  return ToEpochSeconds(fields);
}

// An RFC 1123 HTTP date ("Sun, 30 Aug 2015 12:36:00 GMT"), for clients that send Date instead
// of X-Amz-Date.
std::optional<int64_t> ParseHttpDate(std::string_view text) {
  std::string copy(text);
  std::tm fields{};
  const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &fields);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return ToEpochSeconds(fields);
}

std::string AmzDate(int64_t epoch_ms) {
  return objectstore::FormatAmzDate(
      std::chrono::system_clock::time_point(std::chrono::milliseconds(epoch_ms)));
}

// The request time: X-Amz-Date wins over Date, as in AWS. The signed timestamp is always the
// ISO-8601 basic form, so an HTTP Date is re-expressed that way.
Result<std::pair<std::string, int64_t>> RequestDate(std::string_view amz_date,
                                                    std::string_view http_date) {
  if (!amz_date.empty()) {
    std::optional<int64_t> seconds = ParseIsoBasic(amz_date);
    if (!seconds) {
      return Incomplete("Date must be in ISO-8601 'basic format'. Got '" + std::string(amz_date) +
                        "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }
    return std::pair{std::string(amz_date), *seconds};
  }
  std::optional<int64_t> seconds = ParseIsoBasic(http_date);
  if (!seconds) seconds = ParseHttpDate(http_date);
  if (!seconds) {
    return Incomplete("Date must be in ISO-8601 'basic format' or RFC 1123. Got '" +
                      std::string(http_date) + "'. See http://en.wikipedia.org/wiki/ISO_8601");
  }
  return std::pair{AmzDate(*seconds * 1000), *seconds};
}

// Checks AKID/DATE/REGION/SERVICE/aws4_request and puts it in the claim.
std::optional<ApiError> ParseScope(std::string_view credential, std::string_view service,
                                   Claim& claim) {
  std::optional<CredentialScope> scope = SplitCredential(credential);
  if (!scope) {
    return Incomplete(
        "Credential must have exactly 5 parts, "
        "<access key>/<YYYYMMDD>/<region>/<service>/aws4_request; got '" +
        std::string(credential) + "'.");
  }
  if (scope->terminator != kTerminator) {
    return Incomplete("Credential should be scoped with a valid terminator: 'aws4_request', not '" +
                      scope->terminator + "'.");
  }
  if (scope->service != service) {
    return Incomplete("Credential should be scoped to correct service: '" + std::string(service) +
                      "'.");
  }
  if (!IsRegionName(scope->region)) {
    return Incomplete("Credential should be scoped to a valid region, not '" + scope->region +
                      "'.");
  }
  claim.scope = std::move(*scope);
  return std::nullopt;
}

std::optional<ApiError> ParseSignedHeaders(std::string_view list, Claim& claim) {
  for (std::string_view name : Split(list, ';')) {
    if (!name.empty()) claim.signed_headers.push_back(Lower(name));
  }
  for (const std::string& name : claim.signed_headers) {
    if (name == "host" || name == ":authority") return std::nullopt;
  }
  return Incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
}

// "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…", as read by ReadPresentedSignature.
Result<Claim> ParseAuthorization(const PresentedSignature& presented, const HttpRequest& request,
                                 std::string_view service) {
  const std::string header(request.Header("Authorization"));
  if (presented.malformed_parameter) {
    return Incomplete("'" + *presented.malformed_parameter +
                      "' not a valid key=value pair (missing equal-sign) in Authorization "
                      "header: '" +
                      header + "'.");
  }
  const std::map<std::string, std::string>& parameters = presented.parameters;
  const std::string& algorithm = presented.algorithm;
  std::string_view amz_date = request.Header("X-Amz-Date");
  std::string_view http_date = request.Header("Date");
  std::string missing;
  for (const char* name : {"Credential", "Signature", "SignedHeaders"}) {
    if (!parameters.contains(name)) {
      missing += std::string("Authorization header requires '") + name + "' parameter. ";
    }
  }
  if (amz_date.empty() && http_date.empty()) {
    missing +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
        "header. ";
  }
  if (!missing.empty()) return Incomplete(missing + "Authorization=" + header);
  if (algorithm != kAlgorithm) {
    return Incomplete("Unsupported AWS 'algorithm': '" + algorithm +
                      "'; only AWS4-HMAC-SHA256 is accepted. Authorization=" + header);
  }

  Claim claim;
  if (auto error = ParseScope(parameters.at("Credential"), service, claim)) return *error;
  if (auto error = ParseSignedHeaders(parameters.at("SignedHeaders"), claim)) return *error;
  claim.signature = parameters.at("Signature");
  ASSIGN_OR_RETURN(auto date, RequestDate(amz_date, http_date));
  claim.amz_date = date.first;
  claim.date_s = date.second;
  return claim;
}

// Query-string authentication (a presigned URL): the same fields as X-Amz-* parameters.
Result<Claim> ParsePresigned(const PresentedSignature& presented, std::string_view service) {
  std::map<std::string, std::string> parameters = presented.parameters;
  for (const char* name : {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature",
                           "X-Amz-SignedHeaders", "X-Amz-Date"}) {
    if (!parameters.contains(name)) return Incomplete(kPresignParameters);
  }
  if (parameters["X-Amz-Algorithm"] != kAlgorithm) {
    return Incomplete("Unsupported AWS 'algorithm': '" + parameters["X-Amz-Algorithm"] +
                      "'; only AWS4-HMAC-SHA256 is accepted.");
  }
  Claim claim;
  claim.presigned = true;
  if (auto error = ParseScope(parameters["X-Amz-Credential"], service, claim)) return *error;
  if (auto error = ParseSignedHeaders(parameters["X-Amz-SignedHeaders"], claim)) return *error;
  claim.signature = parameters["X-Amz-Signature"];
  ASSIGN_OR_RETURN(auto date, RequestDate(parameters["X-Amz-Date"], ""));
  claim.amz_date = date.first;
  claim.date_s = date.second;
  if (auto expires = parameters.find("X-Amz-Expires"); expires != parameters.end()) {
    if (!IsDigits(expires->second) || expires->second.size() > 9) {
      return Incomplete("X-Amz-Expires should be a number of seconds; got '" + expires->second +
                        "'.");
    }
    claim.expires_s = std::stoll(expires->second);
    if (*claim.expires_s > kMaxPresignedExpiresSeconds) {
      return Incomplete("X-Amz-Expires must be less than a week (in seconds) that is 604800");
    }
  }
  return claim;
}

// AWS's wording for a request outside the clock-skew window (or past a presigned expiry).
std::optional<ApiError> CheckTime(const Claim& claim, int64_t now_ms) {
  const int64_t date_ms = claim.date_s * 1000;
  if (date_ms > now_ms + kMaxClockSkewMs) {
    return ApiError{ErrorCode::kRequestExpired,
                    "Signature not yet current: " + claim.amz_date + " is still later than " +
                        AmzDate(now_ms + kMaxClockSkewMs) + " (" + AmzDate(now_ms) + " + 15 min.)"};
  }
  if (claim.expires_s) {
    if (now_ms > date_ms + *claim.expires_s * 1000) {
      return ApiError{ErrorCode::kRequestExpired,
                      "Signature expired: " + claim.amz_date + " is now earlier than " +
                          AmzDate(now_ms - *claim.expires_s * 1000) + " (" + AmzDate(now_ms) +
                          " - " + std::to_string(*claim.expires_s) + " sec.)"};
    }
    return std::nullopt;
  }
  if (date_ms < now_ms - kMaxClockSkewMs) {
    return ApiError{ErrorCode::kRequestExpired,
                    "Signature expired: " + claim.amz_date + " is now earlier than " +
                        AmzDate(now_ms - kMaxClockSkewMs) + " (" + AmzDate(now_ms) + " - 15 min.)"};
  }
  return std::nullopt;
}

// The payload hash the client signed: its x-amz-content-sha256 when sent (the JS SDK always
// sends one), which must then describe this body unless it opts out with UNSIGNED-PAYLOAD.
Result<std::string> PayloadHash(const HttpRequest& request) {
  std::string body_hash = objectstore::HexSha256(request.body);
  std::string_view declared = request.Header("x-amz-content-sha256");
  if (declared.empty()) return body_hash;
  if (declared == kUnsignedPayload) return std::string(declared);
  if (Lower(declared) != body_hash) return ApiError{ErrorCode::kInvalidSignature, kPayloadMismatch};
  return std::string(declared);
}

bool SameSignature(std::string_view expected, std::string_view given) {
  // Constant time, so response timing does not reveal how much of a guess was right.
  return expected.size() == given.size() &&
         CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

}  // namespace

std::string CanonicalUri(std::string_view raw_path) {
  std::vector<std::string_view> segments;
  for (std::string_view segment : Split(raw_path, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  std::string out = "/";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '/';
    out += objectstore::UriEncode(std::string(segments[i]), true);
  }
  if (!segments.empty() && raw_path.size() > 1 && raw_path.back() == '/') out += '/';
  return out;
}

Result<CredentialScope> VerifySigV4(const HttpRequest& request, int64_t now_ms,
                                    std::string_view service,
                                    const std::map<std::string, std::string>& credentials) {
  const size_t question = request.target.find('?');
  const std::string_view raw_path = std::string_view(request.target).substr(0, question);
  const std::string_view raw_query = question == std::string::npos
                                         ? std::string_view()
                                         : std::string_view(request.target).substr(question + 1);
  std::vector<std::pair<std::string, std::string>> query = DecodeQuery(raw_query);

  const PresentedSignature presented =
      ReadPresentedSignature(request.Header("Authorization"), query);
  if (presented.location == SignatureLocation::kNone) {
    return ApiError{ErrorCode::kMissingAuthenticationToken, kMissingToken};
  }
  if (presented.location == SignatureLocation::kBoth) {
    return Incomplete(
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the "
        "Authorization header should be specified.");
  }

  Result<Claim> parsed = presented.location == SignatureLocation::kQuery
                             ? ParsePresigned(presented, service)
                             : ParseAuthorization(presented, request, service);
  if (!parsed.ok()) return parsed.error();
  const Claim& claim = *parsed;
  // A scope for another day would derive another signing key; AWS names the mismatch rather
  // than reporting a bare signature failure.
  if (claim.scope.date != claim.amz_date.substr(0, 8)) {
    return Incomplete(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
        "date from HTTP: '" +
        claim.scope.date + "' != '" + claim.amz_date.substr(0, 8) + "', from '" + claim.amz_date +
        "'.");
  }
  if (auto error = CheckTime(claim, now_ms)) return *error;

  auto secret = credentials.find(claim.scope.access_key);
  if (secret == credentials.end()) return ApiError{ErrorCode::kUnrecognizedClient, kUnknownKey};

  Result<std::string> payload_hash = PayloadHash(request);
  if (!payload_hash.ok()) return payload_hash.error();

  SigningRequest canonical;
  canonical.method = request.method;
  canonical.path = CanonicalUri(raw_path);
  for (auto& [name, value] : query) {
    if (claim.presigned && Lower(name) == "x-amz-signature") continue;
    canonical.query.emplace_back(std::move(name), std::move(value));
  }
  // Only the headers the client named; objectstore's canonicalisation lower-cases, trims,
  // folds inner white space and joins repeats with ','. A signed header that is absent simply
  // drops out, so the signature cannot match — as with AWS.
  for (const std::string& name : claim.signed_headers) {
    for (const auto& [header, value] : request.headers) {
      if (Lower(header) == name) canonical.headers.emplace_back(name, value);
    }
  }
  canonical.payload_sha256_hex = *payload_hash;

  SigningKey key{claim.scope.access_key, secret->second, claim.scope.region, std::string(service)};
  std::string expected = objectstore::Signature(canonical, key, claim.amz_date);
  if (SameSignature(expected, claim.signature)) return claim.scope;
  // JSON services append what they computed, which is what makes a mismatch debuggable.
  return ApiError{ErrorCode::kInvalidSignature,
                  std::string(kSignatureMismatch) +
                      "\n\nThe Canonical String for this request should have been\n'" +
                      objectstore::CanonicalRequest(canonical) +
                      "'\n\nThe String-to-Sign should have been\n'" +
                      objectstore::StringToSign(canonical, key, claim.amz_date) + "'\n"};
}

}  // namespace socialite::auth
