// Meta's side of a sign-up: which business account an access token opens.
#pragma once

#include <string>

#include "server/handlers/request_context.h"

namespace socialite {

// The fixture account listed for `access_token`, else one synthesized deterministically from
// the token (same token -> same Meta ids, name and number). REQUIRES: token not empty.
Result<storage::MetaAccount> MetaAccountForToken(RequestContext& ctx,
                                                 const std::string& access_token);

// The synthesized account alone (exposed for tests).
storage::MetaAccount SynthesizeMetaAccount(const std::string& access_token);

}  // namespace socialite
