// Files the customer sends (an inbound media message, the files picked in a flow) kept as
// media of the number written to, for 7 days as Meta keeps them, and named in webhooks by
// the fields of Meta's media object.
#pragma once

#include <string>

#include "server/handlers/request_context.h"
#include "server/whatsapp/media_types.h"
#include "storage/media_store.h"

namespace socialite {

// Stores `bytes` of `type` as inbound media of `phone_number_id`; the record (media_id names it).
Result<storage::MediaRecord> StoreInboundMedia(Services& services,
                                               const storage::Partition& partition,
                                               const std::string& phone_number_id,
                                               const whatsapp::MediaType& type, std::string bytes);

// Sets "mime_type", "sha256" (base64, as Meta writes it) and "id" of `media` on `object`.
void SetMediaFields(Value& object, const storage::MediaRecord& media);

}  // namespace socialite
