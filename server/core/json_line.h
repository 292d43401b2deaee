// Flat JSON objects written straight into a string, for the per-request log line: the same
// escaping and number formatting as WriteJson, without building a Value tree first.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace socialite {

// One member of a flat object: a string, an integer or a floating-point number. Holds views,
// so it must not outlive what it was made from.
class JsonMember {
 public:
  enum class Kind { kString, kInt, kDouble, kSkip };

  JsonMember(std::string_view key, std::string_view text)
      : key_(key), kind_(Kind::kString), text_(text) {}
  JsonMember(std::string_view key, const char* text) : JsonMember(key, std::string_view(text)) {}
  JsonMember(std::string_view key, const std::string& text)
      : JsonMember(key, std::string_view(text)) {}
  JsonMember(std::string_view key, int64_t number)
      : key_(key), kind_(Kind::kInt), integer_(number) {}
  JsonMember(std::string_view key, int number) : JsonMember(key, static_cast<int64_t>(number)) {}
  JsonMember(std::string_view key, double number)
      : key_(key), kind_(Kind::kDouble), real_(number) {}
  // A member left out of the object (for optional members in a fixed list).
  static JsonMember Skip() { return JsonMember(); }

  std::string_view key() const { return key_; }
  Kind kind() const { return kind_; }
  std::string_view text() const { return text_; }
  int64_t integer() const { return integer_; }
  double real() const { return real_; }

 private:
  JsonMember() : kind_(Kind::kSkip) {}

  std::string_view key_;
  Kind kind_;
  std::string_view text_;
  int64_t integer_ = 0;
  double real_ = 0;
};

// Appends `{"key":value,...}` (compact, members in the order given) to `out`. Strings that are
// not UTF-8 are written with U+FFFD in place of their ill-formed bytes, so the line is JSON.
void AppendJsonObject(std::initializer_list<JsonMember> members, std::string& out);

}  // namespace socialite
