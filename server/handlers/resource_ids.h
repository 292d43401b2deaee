// Resource identifiers: the AWS-side ids (waba-<hex>, phone-number-id-<hex>), their ARNs,
// and the translation of any accepted form (id or ARN) to the stored id.
#pragma once

#include <optional>
#include <string>

#include "server/core/id_generator.h"
#include "storage/records.h"

namespace socialite {

inline constexpr char kWabaPrefix[] = "waba-";
inline constexpr char kPhoneNumberPrefix[] = "phone-number-id-";

std::string WabaArn(const storage::Partition& p, const std::string& waba_id);
std::string PhoneNumberArn(const storage::Partition& p, const std::string& phone_number_id);

// "waba-<x>" or an ARN ending in ":waba/<x>" -> "waba-<x>"; nullopt for anything else.
std::optional<std::string> WabaIdFrom(const std::string& id_or_arn);
// Same for phone numbers ("phone-number-id-<x>" or ":phone-number-id/<x>").
std::optional<std::string> PhoneNumberIdFrom(const std::string& id_or_arn);

// False when `id_or_arn` is an ARN whose region or account is not the partition's (an id
// that is not an ARN always matches).
bool ArnMatchesPartition(const std::string& id_or_arn, const storage::Partition& p);

// A new WhatsApp message id: "wamid." + URL-safe base64 of the customer's id and hex digits,
// the form Meta's ids have. The digits start with `now_ms`, so a customer's new ids share a
// prefix: the wamid indexes take them in a few leaves instead of one random leaf each.
std::string NewWamid(IdGenerator& ids, const std::string& wa_id, int64_t now_ms);

enum class ResourceKind { kWaba, kPhoneNumber };
struct ResourceRef {
  ResourceKind kind;
  std::string id;  // stored id
};
// A social-messaging ARN naming a WABA or a phone number; nullopt otherwise.
std::optional<ResourceRef> ResourceFromArn(const std::string& arn);

}  // namespace socialite
