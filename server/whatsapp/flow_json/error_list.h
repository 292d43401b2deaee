// Collecting Flow JSON problems while the checks run (byte offsets and paths), then turning them
// into Meta's validation_errors: in document order, with 1-based lines and columns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/whatsapp/flow_json_rules.h"

namespace socialite::whatsapp::flow_json {

// Where a value sits in the document, as property names and array indexes from the root.
class JsonPath {
 public:
  void PushKey(std::string key) { segments_.push_back({std::move(key), -1}); }
  void PushIndex(int index) { segments_.push_back({"", index}); }
  void Pop() { segments_.pop_back(); }
  size_t size() const { return segments_.size(); }
  void Truncate(size_t size) { segments_.resize(size); }

  // Meta's message form: "$root/screens/0/layout".
  std::string Root() const;
  // Meta's pointer form: "screens[0].layout".
  std::string Dotted() const;
  // Dotted() with one more property name.
  std::string DottedWith(std::string_view key) const;

 private:
  struct Segment {
    std::string key;
    int index;
  };
  std::vector<Segment> segments_;
};

// A span of the text: the first and the last byte of the token an error points at.
struct TextSpan {
  uint32_t first = 0;
  uint32_t last = 0;
};

class ErrorList {
 public:
  // At most this many errors are returned (the first ones in document order)...
  static constexpr size_t kMaxReported = 100;
  // ...chosen among at most this many found: past it the checks stop recording.
  static constexpr size_t kMaxCollected = 10'000;

  // Records one error; `pointers` are its locations, the first being the error's own.
  void Add(std::string_view error, std::string_view error_type, std::string message,
           std::vector<std::pair<TextSpan, std::string>> pointers);

  bool empty() const { return errors_.empty(); }
  size_t size() const { return errors_.size(); }

  // The recorded errors sorted by position, with lines and columns counted in `text`.
  std::vector<FlowValidationError> Finish(std::string_view text) const;

 private:
  struct Pending {
    std::string error;
    std::string error_type;
    std::string message;
    std::vector<std::pair<TextSpan, std::string>> pointers;
  };
  std::vector<Pending> errors_;
};

// `text` cut to at most `max_chars` code points (with "..." when cut), for quoting a
// document's own strings inside a message.
std::string Excerpt(std::string_view text, size_t max_chars = 60);

// Excerpt(text) in double quotes.
std::string Quoted(std::string_view text);

// Whether `list` holds `value`, and `list` joined with ", ", for messages naming choices.
bool Contains(const std::vector<std::string_view>& list, std::string_view value);
std::string Join(const std::vector<std::string_view>& list);

// The number of Unicode code points in valid UTF-8 `text`.
size_t CountChars(std::string_view text);

}  // namespace socialite::whatsapp::flow_json
