#include "server/dispatch/caller_identity.h"

#include <string>
#include <vector>

namespace socialite {

storage::Partition CallerPartition(std::string_view authorization, const Options& options) {
  storage::Partition partition{options.account, options.region};
  // Credential=AKID/DATE/REGION/SERVICE/aws4_request
  size_t at = authorization.find("Credential=");
  if (at == std::string_view::npos) return partition;
  std::string_view scope = authorization.substr(at + 11);
  scope = scope.substr(0, scope.find_first_of(", "));
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

}  // namespace socialite
