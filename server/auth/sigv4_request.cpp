#include "server/auth/sigv4_request.h"

#include "server/protocol/router.h"

namespace socialite::auth {
namespace {

// "ALGORITHM name=value, name=value": like AWS, parameters are separated by commas and/or
// white space, so "Credential= AKID/…" leaves a stray token that is not name=value.
void ReadAuthorizationHeader(std::string_view header, PresentedSignature& presented) {
  size_t space = header.find_first_of(" \t");
  presented.algorithm = std::string(header.substr(0, space));
  std::string_view rest =
      space == std::string_view::npos ? std::string_view() : header.substr(space);
  while (!rest.empty()) {
    size_t start = rest.find_first_not_of(", \t");
    if (start == std::string_view::npos) break;
    rest = rest.substr(start);
    size_t end = rest.find_first_of(", \t");
    std::string_view token = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    size_t equals = token.find('=');
    if (equals == std::string_view::npos) {
      if (!presented.malformed_parameter) presented.malformed_parameter = std::string(token);
      continue;
    }
    presented.parameters.emplace(std::string(token.substr(0, equals)),
                                 std::string(token.substr(equals + 1)));
  }
}

bool IsPresignedParameter(const std::string& name) {
  return name == "X-Amz-Algorithm" || name == "X-Amz-Credential" || name == "X-Amz-Signature";
}

}  // namespace

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text = text.substr(at + 1);
  }
}

std::vector<std::pair<std::string, std::string>> DecodeQuery(std::string_view raw_query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::string_view pair : Split(raw_query, '&')) {
    if (pair.empty()) continue;
    size_t equals = pair.find('=');
    std::string_view name = pair.substr(0, equals);
    std::string_view value =
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    pairs.emplace_back(protocol::PercentDecode(name).value_or(std::string(name)),
                       protocol::PercentDecode(value).value_or(std::string(value)));
  }
  return pairs;
}

std::optional<CredentialScope> SplitCredential(std::string_view credential) {
  std::vector<std::string_view> parts = Split(credential, '/');
  if (parts.size() != 5) return std::nullopt;
  return CredentialScope{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]),
                         std::string(parts[3]), std::string(parts[4])};
}

bool IsRegionName(std::string_view region) {
  return !region.empty() && region.size() <= 32 &&
         region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") ==
             std::string_view::npos;
}

std::optional<std::string> PresentedSignature::Credential() const {
  const char* name = location == SignatureLocation::kQuery ? "X-Amz-Credential" : "Credential";
  auto found = parameters.find(name);
  if (found == parameters.end()) return std::nullopt;
  return found->second;
}

PresentedSignature ReadPresentedSignature(
    std::string_view authorization,
    const std::vector<std::pair<std::string, std::string>>& decoded_query) {
  PresentedSignature presented;
  bool presigned = false;
  for (const auto& [name, value] : decoded_query)
    presigned = presigned || IsPresignedParameter(name);
  if (!authorization.empty()) {
    presented.location = presigned ? SignatureLocation::kBoth : SignatureLocation::kHeader;
    ReadAuthorizationHeader(authorization, presented);
    return presented;
  }
  if (!presigned) return presented;
  presented.location = SignatureLocation::kQuery;
  for (const auto& [name, value] : decoded_query) {
    if (name.rfind("X-Amz-", 0) == 0) presented.parameters.emplace(name, value);
  }
  return presented;
}

PresentedSignature ReadPresentedSignature(const HttpRequest& request) {
  const std::string_view target = request.target;
  const size_t question = target.find('?');
  const std::string_view raw_query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  return ReadPresentedSignature(request.Header("Authorization"), DecodeQuery(raw_query));
}

}  // namespace socialite::auth
