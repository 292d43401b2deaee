// Who is calling: the (account, region) partition of a request, per DESIGN §2 — region from
// the SigV4 credential scope, account = the access key id when it is 12 digits (LocalStack's
// convention), else the configured defaults.
#pragma once

#include <string_view>

#include "server/config/options.h"
#include "storage/records.h"

namespace socialite {

storage::Partition CallerPartition(std::string_view authorization, const Options& options);
// The same for a whole request: the Authorization header, or else the X-Amz-Credential
// parameter of a presigned query string (`target` is the request target, path and query).
storage::Partition CallerPartition(std::string_view authorization, std::string_view target,
                                   const Options& options);

}  // namespace socialite
