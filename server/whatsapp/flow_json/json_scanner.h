// A JSON scanner that keeps where every value sits in the text, so a Flow JSON check can point
// at the exact token it objects to. Iterative (no recursion), depth- and size-bounded, linear in
// the input; strings are checked (escapes, UTF-8, control characters) but decoded only on demand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace socialite::whatsapp::flow_json {

enum class JsonKind : uint8_t { kObject, kArray, kString, kNumber, kBool, kNull };

constexpr uint32_t kNoNode = UINT32_MAX;
// Containers nested deeper than this are refused (the same bound as core/json.h).
constexpr int kMaxScanDepth = 64;
// More values than this are refused: a real Flow JSON holds a few thousand.
constexpr uint32_t kMaxScanNodes = 1'000'000;

// One value. Offsets are bytes into the text; `end` is one past the value's last byte.
struct JsonNode {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t first_child = kNoNode;   // containers: the first element or member
  uint32_t next_sibling = kNoNode;  // the next element or member of the parent
  uint32_t key_begin = 0;           // members: the key token, quotes included
  uint32_t key_end = 0;
  JsonKind kind = JsonKind::kNull;
};

// Why the text is not JSON, and the byte where the scanner stopped.
struct JsonSyntaxError {
  std::string reason;
  uint32_t offset = 0;
};

// A scanned document; node 0 is the root. Valid only while the scanned text lives.
class JsonDocument {
 public:
  // Scans `text` (at most UINT32_MAX - 1 bytes; the caller bounds it far lower).
  static JsonDocument Scan(std::string_view text);

  bool ok() const { return !error_.has_value(); }
  const std::optional<JsonSyntaxError>& error() const { return error_; }
  std::string_view text() const { return text_; }

  const JsonNode& node(uint32_t index) const { return nodes_[index]; }
  uint32_t root() const { return 0; }

  // The member `key` of an object (the first one if repeated), or kNoNode.
  uint32_t Member(uint32_t object, std::string_view key) const;
  // The decoded key of a member node.
  std::string Key(uint32_t member) const;
  // The decoded value of a string node ("" for other kinds).
  std::string String(uint32_t node) const;
  // The boolean value of a kBool node.
  bool Bool(uint32_t node) const { return text_[nodes_[node].begin] == 't'; }
  // The number of elements or members of a container.
  size_t Count(uint32_t node) const;

 private:
  std::string_view text_;
  std::vector<JsonNode> nodes_;
  std::optional<JsonSyntaxError> error_;
};

// Decodes the JSON string token text[begin, end) (quotes included), already checked valid.
std::string DecodeJsonString(std::string_view token);

}  // namespace socialite::whatsapp::flow_json
