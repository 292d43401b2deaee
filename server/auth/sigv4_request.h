// What a request presents for SigV4, read in one place: where the signature travels (the
// Authorization header or a presigned query), its parameters and its credential scope. The
// verifier (--auth verify) and the caller's partition both read the credential through this,
// so they cannot disagree about which credential a request names.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/dispatch/http_message.h"

namespace socialite::auth {

// A raw query string split into percent-decoded (name, value) pairs in arrival order; a
// parameter without '=' has an empty value, '+' stays '+' (AWS SDKs send spaces as %20), and
// a malformed escape is kept literally (the router rejects such targets before auth runs).
std::vector<std::pair<std::string, std::string>> DecodeQuery(std::string_view raw_query);

// AKID/YYYYMMDD/REGION/SERVICE/TERMINATOR.
struct CredentialScope {
  std::string access_key;
  std::string date;
  std::string region;
  std::string service;
  std::string terminator;
};

// The five '/'-separated parts of a credential; nullopt when there are not exactly five.
std::optional<CredentialScope> SplitCredential(std::string_view credential);

// `text` cut at every `separator` (n separators give n + 1 parts, empty ones included).
std::vector<std::string_view> Split(std::string_view text, char separator);

// A region name as it may appear in ARNs: 1-32 of a-z, 0-9 and '-'.
bool IsRegionName(std::string_view region);

enum class SignatureLocation { kNone, kHeader, kQuery, kBoth };

struct PresentedSignature {
  SignatureLocation location = SignatureLocation::kNone;
  // The Authorization header's first word (header and both).
  std::string algorithm;
  // Header (and both): its name=value parameters; query: the decoded X-Amz-* parameters. The
  // first occurrence of a name is the one that counts, for every reader.
  std::map<std::string, std::string> parameters;
  // Header: the first parameter that is not name=value, which makes the header malformed.
  std::optional<std::string> malformed_parameter;

  // The credential text: Credential of the header, else X-Amz-Credential of the query.
  std::optional<std::string> Credential() const;
};

// Reads `authorization` (the header, empty when absent) and the decoded query of a request.
PresentedSignature ReadPresentedSignature(
    std::string_view authorization,
    const std::vector<std::pair<std::string, std::string>>& decoded_query);
PresentedSignature ReadPresentedSignature(const HttpRequest& request);

}  // namespace socialite::auth
