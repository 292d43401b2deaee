#include "server/handlers/resource_ids.h"

#include <string_view>
#include <vector>

#include "server/core/json.h"

namespace socialite {
namespace {

// The ARN of resource `id` (less its `prefix`, when it has it) of `type`: built in one string,
// since every view of an account or number carries one.
std::string Arn(const storage::Partition& p, std::string_view type, std::string_view id,
                std::string_view prefix) {
  if (id.substr(0, prefix.size()) == prefix) id.remove_prefix(prefix.size());
  constexpr std::string_view kService = "arn:aws:social-messaging:";
  std::string arn;
  arn.reserve(kService.size() + p.region.size() + p.account.size() + type.size() + id.size() + 3);
  arn.append(kService).append(p.region).append(":").append(p.account).append(":");
  arn.append(type).append("/").append(id);
  return arn;
}

// The part after ":<type>/" in an ARN of this service, if it is there and non-empty.
std::optional<std::string> ArnResource(const std::string& arn, const std::string& type) {
  if (arn.rfind("arn:", 0) != 0) return std::nullopt;
  std::string marker = ":" + type + "/";
  size_t at = arn.rfind(marker);
  if (at == std::string::npos) return std::nullopt;
  std::string rest = arn.substr(at + marker.size());
  if (rest.empty() || rest.find('/') != std::string::npos) return std::nullopt;
  return rest;
}

std::optional<std::string> IdFrom(const std::string& id_or_arn, const std::string& prefix,
                                  const std::string& arn_type) {
  if (id_or_arn.rfind(prefix, 0) == 0 && id_or_arn.size() > prefix.size()) return id_or_arn;
  if (auto hex = ArnResource(id_or_arn, arn_type)) return prefix + *hex;
  return std::nullopt;
}

}  // namespace

std::string WabaArn(const storage::Partition& p, const std::string& waba_id) {
  return Arn(p, "waba", waba_id, kWabaPrefix);
}

std::string PhoneNumberArn(const storage::Partition& p, const std::string& phone_number_id) {
  return Arn(p, "phone-number-id", phone_number_id, kPhoneNumberPrefix);
}

std::optional<std::string> WabaIdFrom(const std::string& id_or_arn) {
  return IdFrom(id_or_arn, kWabaPrefix, "waba");
}

std::optional<std::string> PhoneNumberIdFrom(const std::string& id_or_arn) {
  return IdFrom(id_or_arn, kPhoneNumberPrefix, "phone-number-id");
}

std::string NewWamid(IdGenerator& ids, const std::string& wa_id, int64_t now_ms) {
  // 11 hex digits of milliseconds (enough until the year 2527), then 16 random ones: 64 bits
  // keep ids apart however many share a millisecond (a manual clock stands still).
  std::string digits = ids.Hex(27);
  static constexpr char kHex[] = "0123456789abcdef";
  auto ms = static_cast<uint64_t>(now_ms);
  for (int i = 10; i >= 0; --i, ms >>= 4) digits[i] = kHex[ms & 0xF];
  std::string encoded = Base64Encode(wa_id + "\x15\x02" + digits);
  for (char& c : encoded) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  return "wamid." + encoded;
}

bool ArnMatchesPartition(const std::string& id_or_arn, const storage::Partition& p) {
  if (id_or_arn.rfind("arn:", 0) != 0) return true;
  // arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE
  std::vector<std::string> fields;
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    size_t colon = id_or_arn.find(':', start);
    if (colon == std::string::npos) return false;
    fields.push_back(id_or_arn.substr(start, colon - start));
    start = colon + 1;
  }
  return fields[3] == p.region && fields[4] == p.account;
}

std::optional<ResourceRef> ResourceFromArn(const std::string& arn) {
  if (arn.rfind("arn:aws:social-messaging:", 0) != 0) return std::nullopt;
  if (auto hex = ArnResource(arn, "waba"))
    return ResourceRef{ResourceKind::kWaba, kWabaPrefix + *hex};
  if (auto hex = ArnResource(arn, "phone-number-id")) {
    return ResourceRef{ResourceKind::kPhoneNumber, kPhoneNumberPrefix + *hex};
  }
  return std::nullopt;
}

}  // namespace socialite
