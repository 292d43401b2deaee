#include "server/dispatch/caller_identity.h"

#include <chrono>
#include <string>
#include <string_view>

#include "server/auth/request_authenticator.h"

namespace socialite {
namespace {

bool IsAccountId(std::string_view text) {
  return text.size() == 12 && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

storage::Partition PartitionOf(const std::optional<auth::CredentialScope>& scope,
                               const Options& options) {
  storage::Partition partition{options.account, options.region};
  if (!scope) return partition;
  if (IsAccountId(scope->access_key)) partition.account = scope->access_key;
  // Only a region name selects the region: it is echoed in ARNs and must stay plain text.
  if (auth::IsRegionName(scope->region)) partition.region = scope->region;
  return partition;
}

Result<storage::Partition> ResolveCaller(const HttpRequest& request, const Options& options,
                                         const auth::RequestAuthenticator* verifier,
                                         int64_t now_ms) {
  if (verifier != nullptr) {
    ASSIGN_OR_RETURN(auth::CredentialScope verified, verifier->Verify(request, now_ms));
    return PartitionOf(verified, options);
  }
  std::optional<std::string> credential = auth::ReadPresentedSignature(request).Credential();
  if (!credential) return PartitionOf(std::nullopt, options);
  return PartitionOf(auth::SplitCredential(*credential), options);
}

Result<storage::Partition> ResolveCaller(const HttpRequest& request, const Options& options,
                                         const auth::RequestAuthenticator* verifier) {
  const int64_t real_now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  return ResolveCaller(request, options, verifier, real_now_ms);
}

}  // namespace socialite
