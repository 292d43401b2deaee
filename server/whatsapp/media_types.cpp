#include "server/whatsapp/media_types.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace socialite::whatsapp {
namespace {

const std::vector<MediaType>& Table() {
  static const std::vector<MediaType> table = {
      {"audio", "audio/aac", ".aac", 16 * kMegabyte},
      {"audio", "audio/amr", ".amr", 16 * kMegabyte},
      {"audio", "audio/mpeg", ".mp3", 16 * kMegabyte},
      {"audio", "audio/mp4", ".m4a", 16 * kMegabyte},
      {"audio", "audio/ogg", ".ogg", 16 * kMegabyte},
      {"document", "text/plain", ".txt", 100 * kMegabyte},
      {"document", "application/pdf", ".pdf", 100 * kMegabyte},
      {"document", "application/msword", ".doc", 100 * kMegabyte},
      {"document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
       ".docx", 100 * kMegabyte},
      {"document", "application/vnd.ms-excel", ".xls", 100 * kMegabyte},
      {"document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx",
       100 * kMegabyte},
      {"document", "application/vnd.ms-powerpoint", ".ppt", 100 * kMegabyte},
      {"document", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
       ".pptx", 100 * kMegabyte},
      {"image", "image/jpeg", ".jpg", 5 * kMegabyte},
      {"image", "image/png", ".png", 5 * kMegabyte},
      {"sticker", "image/webp", ".webp", 500 * 1024},
      {"video", "video/mp4", ".mp4", 16 * kMegabyte},
      {"video", "video/3gpp", ".3gp", 16 * kMegabyte},
  };
  return table;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::optional<MediaType> MediaTypeForMime(const std::string& mime_type) {
  std::string bare = Lower(mime_type.substr(0, mime_type.find(';')));
  bare.erase(std::remove_if(bare.begin(), bare.end(), [](char c) { return c == ' '; }), bare.end());
  if (bare == "image/jpg") bare = "image/jpeg";
  if (bare == "video/3gp") bare = "video/3gpp";
  for (const auto& entry : Table()) {
    if (entry.mime_type == bare) return entry;
  }
  return std::nullopt;
}

std::string MimeForKey(const std::string& key) {
  size_t dot = key.rfind('.');
  if (dot == std::string::npos || key.find('/', dot) != std::string::npos) return "";
  std::string extension = Lower(key.substr(dot));
  if (extension == ".jpeg") return "image/jpeg";
  if (extension == ".opus") return "audio/ogg";
  for (const auto& entry : Table()) {
    if (entry.extension == extension) return entry.mime_type;
  }
  return "";
}

}  // namespace socialite::whatsapp

namespace socialite::whatsapp {

std::string EffectiveMime(const std::string& content_type, const std::string& key) {
  std::string bare = Lower(content_type.substr(0, content_type.find(';')));
  if (bare.empty() || bare == "application/octet-stream" || bare == "binary/octet-stream") {
    std::string by_extension = MimeForKey(key);
    return by_extension.empty() ? content_type : by_extension;
  }
  return content_type;
}

}  // namespace socialite::whatsapp
