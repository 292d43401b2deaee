#include "server/admin/inbound_media.h"

#include <utility>

#include "server/core/json.h"
#include "server/core/sha256.h"
#include "server/handlers/store_errors.h"
#include "server/handlers/template_lifecycle.h"

namespace socialite {
namespace {

// Media in webhooks expire after 7 days (Meta).
constexpr int64_t kInboundMediaLifetimeMs = 7LL * 24 * 60 * 60 * 1000;

std::string HexToBase64(const std::string& hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return Base64Encode(bytes);
}

}  // namespace

Result<storage::MediaRecord> StoreInboundMedia(Services& services,
                                               const storage::Partition& partition,
                                               const std::string& phone_number_id,
                                               const whatsapp::MediaType& type, std::string bytes) {
  storage::MediaRecord media;
  media.media_id = NewMetaId(services.ids);
  media.phone_number_id = phone_number_id;
  media.origin = "inbound";
  media.mime_type = type.mime_type;
  media.sha256 = Sha256Hex(bytes);
  media.file_size = static_cast<int64_t>(bytes.size());
  media.bytes = std::move(bytes);
  media.created_ms = services.clock.NowMillis();
  media.expires_ms = media.created_ms + kInboundMediaLifetimeMs;
  RETURN_IF_ERROR(FromStore(storage::MediaStore(services.db).Insert(partition, media)));
  return media;
}

void SetMediaFields(Value& object, const storage::MediaRecord& media) {
  object.Set("mime_type", media.mime_type);
  object.Set("sha256", HexToBase64(media.sha256));
  object.Set("id", media.media_id);
}

}  // namespace socialite
