// Who is calling: the (account, region) partition of a request, per DESIGN §2 — region from
// the SigV4 credential scope, account = the access key id when it is 12 digits (LocalStack's
// convention), else the configured defaults. The credential is read by auth/sigv4_request, the
// same reading the verifier checks, so under --auth verify the partition is the verified one.
#pragma once

#include <cstdint>
#include <optional>

#include "server/auth/sigv4_request.h"
#include "server/config/options.h"
#include "server/core/result.h"
#include "server/dispatch/http_message.h"
#include "storage/records.h"

namespace socialite {

namespace auth {
class RequestAuthenticator;
}

// The partition a credential scope selects; `options`' defaults for what it does not name.
storage::Partition PartitionOf(const std::optional<auth::CredentialScope>& scope,
                               const Options& options);

// The caller of `request`. With a `verifier` (--auth verify) the request must be correctly
// signed at `now_ms` (real time), else the verifier's error, and the partition comes from the
// credential the verifier accepted. Without one, from the credential the request presents,
// unchecked; an unsigned request gets the defaults.
Result<storage::Partition> ResolveCaller(const HttpRequest& request, const Options& options,
                                         const auth::RequestAuthenticator* verifier,
                                         int64_t now_ms);
// The same at the current real time (signatures are dated in real time, whatever the
// simulation's clock says).
Result<storage::Partition> ResolveCaller(const HttpRequest& request, const Options& options,
                                         const auth::RequestAuthenticator* verifier);

}  // namespace socialite
