#include "server/handlers/page_token.h"

#include <charconv>

#include "server/core/json.h"
#include "server/core/sha256.h"

namespace socialite {
namespace {

std::string Checksum(const std::string& list_name, int64_t position) {
  return Sha256Hex("socialite-page|" + list_name + "|" + std::to_string(position)).substr(0, 16);
}

}  // namespace

std::string MakePageToken(const std::string& list_name, int64_t position) {
  return Base64Encode(list_name + ":" + std::to_string(position) + ":" +
                      Checksum(list_name, position));
}

std::optional<int64_t> ReadPageToken(const std::string& list_name, const std::string& token) {
  auto decoded = Base64Decode(token);
  if (!decoded) return std::nullopt;
  std::string prefix = list_name + ":";
  if (decoded->rfind(prefix, 0) != 0) return std::nullopt;
  size_t colon = decoded->find(':', prefix.size());
  if (colon == std::string::npos) return std::nullopt;
  int64_t position = 0;
  const char* begin = decoded->data() + prefix.size();
  const char* end = decoded->data() + colon;
  auto [stop, ec] = std::from_chars(begin, end, position);
  if (ec != std::errc() || stop != end) return std::nullopt;
  if (decoded->substr(colon + 1) != Checksum(list_name, position)) return std::nullopt;
  return position;
}

Result<int64_t> NextTokenPosition(const Value& input, const std::string& list_name) {
  std::optional<std::string> token = input.GetString("nextToken");
  if (!token) return int64_t{0};
  std::optional<int64_t> position = ReadPageToken(list_name, *token);
  if (!position || *position < 0) {
    return InvalidParameters("The nextToken is not valid for this list");
  }
  return *position;
}

}  // namespace socialite
