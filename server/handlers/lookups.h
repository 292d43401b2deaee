// Lookups every handler needs: the linked WABA or phone number an input names (by id or
// ARN) in the caller's partition. nullopt means "not linked here"; the caller picks the error
// its operation lists.
#pragma once

#include <optional>
#include <string>

#include "server/handlers/request_context.h"

namespace socialite {

Result<std::optional<storage::WabaRecord>> FindLinkedWaba(RequestContext& ctx,
                                                          const std::string& id_or_arn);
Result<std::optional<storage::PhoneNumberRecord>> FindLinkedPhoneNumber(
    RequestContext& ctx, const std::string& id_or_arn);

// The same, answering ResourceNotFoundException when nothing is linked.
Result<storage::WabaRecord> RequireWaba(RequestContext& ctx, const std::string& id_or_arn);
Result<storage::PhoneNumberRecord> RequirePhoneNumber(RequestContext& ctx,
                                                      const std::string& id_or_arn);

}  // namespace socialite
