#include "server/handlers/lookups.h"

#include "server/handlers/resource_ids.h"
#include "server/handlers/store_errors.h"
#include "storage/phone_number_store.h"
#include "storage/waba_store.h"

namespace socialite {

Result<std::optional<storage::WabaRecord>> FindLinkedWaba(RequestContext& ctx,
                                                          const std::string& id_or_arn) {
  auto waba_id = WabaIdFrom(id_or_arn);
  if (!waba_id || !ArnMatchesPartition(id_or_arn, ctx.partition))
    return std::optional<storage::WabaRecord>();
  return FromStore(storage::WabaStore(ctx.services.db).Find(ctx.partition, *waba_id));
}

Result<std::optional<storage::PhoneNumberRecord>> FindLinkedPhoneNumber(
    RequestContext& ctx, const std::string& id_or_arn) {
  auto number_id = PhoneNumberIdFrom(id_or_arn);
  if (!number_id || !ArnMatchesPartition(id_or_arn, ctx.partition))
    return std::optional<storage::PhoneNumberRecord>();
  return FromStore(storage::PhoneNumberStore(ctx.services.db).Find(ctx.partition, *number_id));
}

Result<storage::WabaRecord> RequireWaba(RequestContext& ctx, const std::string& id_or_arn) {
  ASSIGN_OR_RETURN(auto waba, FindLinkedWaba(ctx, id_or_arn));
  if (!waba) {
    return ResourceNotFound("No linked WhatsApp Business Account '" + id_or_arn +
                            "' in this account and region");
  }
  return *waba;
}

Result<storage::PhoneNumberRecord> RequirePhoneNumber(RequestContext& ctx,
                                                      const std::string& id_or_arn) {
  ASSIGN_OR_RETURN(auto number, FindLinkedPhoneNumber(ctx, id_or_arn));
  if (!number) {
    return ResourceNotFound("No linked phone number '" + id_or_arn +
                            "' in this account and region");
  }
  return *number;
}

}  // namespace socialite
