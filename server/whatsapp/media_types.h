// The media WhatsApp accepts: MIME types per kind and their size limits (AWS "Supported
// media file types and sizes", the same as Meta's table).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace socialite::whatsapp {

struct MediaType {
  std::string kind;       // audio | document | image | sticker | video
  std::string mime_type;  // canonical, e.g. image/jpeg
  std::string extension;  // with the dot, e.g. ".jpg"
  int64_t max_bytes;
};

// The entry for a MIME type (parameters such as "; codecs=opus" ignored), or nullopt.
std::optional<MediaType> MediaTypeForMime(const std::string& mime_type);
// The MIME type an object key's extension implies (".jpg" -> image/jpeg), or "".
std::string MimeForKey(const std::string& key);
// The MIME type to judge an object by: its stored Content-Type unless that is empty or S3's
// generic octet-stream default, else what the key's extension implies.
std::string EffectiveMime(const std::string& content_type, const std::string& key);
// Stickers: a static WebP may be 100 KB, an animated one 500 KB; we cannot tell them apart
// cheaply, so the larger limit applies and the static limit is documented.
inline constexpr int64_t kMegabyte = 1024 * 1024;

}  // namespace socialite::whatsapp
