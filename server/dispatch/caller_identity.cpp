#include "server/dispatch/caller_identity.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "server/protocol/router.h"

namespace socialite {
namespace {

// The decoded X-Amz-Credential parameter of a presigned request's query, if any.
std::optional<std::string> PresignedCredential(std::string_view target) {
  size_t question = target.find('?');
  if (question == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(question + 1);
  constexpr std::string_view kName = "X-Amz-Credential=";
  while (!query.empty()) {
    std::string_view pair = query.substr(0, query.find('&'));
    if (pair.substr(0, kName.size()) == kName) {
      return protocol::PercentDecode(pair.substr(kName.size()));
    }
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
  }
  return std::nullopt;
}

// AKID/DATE/REGION/SERVICE/aws4_request, from a header or a presigned query.
storage::Partition PartitionFromScope(std::string_view scope, const Options& options) {
  storage::Partition partition{options.account, options.region};
  std::vector<std::string_view> parts;
  while (true) {
    size_t slash = scope.find('/');
    parts.push_back(scope.substr(0, slash));
    if (slash == std::string_view::npos) break;
    scope = scope.substr(slash + 1);
  }
  if (parts.size() != 5) return partition;
  const std::string_view access_key = parts[0];
  if (access_key.size() == 12 &&
      access_key.find_first_not_of("0123456789") == std::string_view::npos) {
    partition.account = std::string(access_key);
  }
  // Only a region-shaped scope names the region: it is echoed in ARNs and must stay plain text.
  const std::string_view region = parts[2];
  if (!region.empty() && region.size() <= 32 &&
      region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos) {
    partition.region = std::string(region);
  }
  return partition;
}

}  // namespace

storage::Partition CallerPartition(std::string_view authorization, const Options& options) {
  // Credential=AKID/DATE/REGION/SERVICE/aws4_request
  size_t at = authorization.find("Credential=");
  if (at == std::string_view::npos) return {options.account, options.region};
  std::string_view scope = authorization.substr(at + 11);
  return PartitionFromScope(scope.substr(0, scope.find_first_of(", ")), options);
}

storage::Partition CallerPartition(std::string_view authorization, std::string_view target,
                                   const Options& options) {
  if (!authorization.empty()) return CallerPartition(authorization, options);
  std::optional<std::string> credential = PresignedCredential(target);
  if (!credential) return {options.account, options.region};
  return PartitionFromScope(*credential, options);
}

}  // namespace socialite
