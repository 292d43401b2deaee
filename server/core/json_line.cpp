#include "server/core/json_line.h"

#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>

#include "server/core/json_escape.h"
#include "server/core/utf8.h"

namespace socialite {
namespace {

// A rapidjson output stream that appends to a std::string (for numbers), so no intermediate
// buffer is copied.
class StringAppender {
 public:
  using Ch = char;
  explicit StringAppender(std::string& out) : out_(out) {}
  void Put(char c) { out_.push_back(c); }
  void Flush() {}

 private:
  std::string& out_;
};

// Plain ASCII with nothing to escape, as most of a log line's strings are: copied as it is.
bool NeedsNoEscape(std::string_view text) {
  unsigned char any_special = 0;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    // No early exit: a branch-free loop the compiler can vectorize.
    any_special |=
        static_cast<unsigned char>((byte < 0x20) | (byte >= 0x80) | (c == '"') | (c == '\\'));
  }
  return any_special == 0;
}

// A JSON string. Strings that are not UTF-8 are written with U+FFFD in place of their
// ill-formed bytes: a client's raw bytes, copied as they are, would make the line invalid JSON.
void AppendJsonString(std::string_view text, std::string& out) {
  if (NeedsNoEscape(text)) {
    out += '"';
    out.append(text);
    out += '"';
  } else if (IsValidUtf8(text)) {
    AppendJsonQuoted(out, text);
  } else {
    AppendJsonQuoted(out, ToValidUtf8(text));
  }
}

}  // namespace

void AppendJsonObject(std::initializer_list<JsonMember> members, std::string& out) {
  size_t size = 2;
  for (const JsonMember& member : members) size += member.key().size() + member.text().size() + 24;
  // One allocation for the line; geometric growth kept for a caller that appends many.
  if (out.capacity() < out.size() + size)
    out.reserve(std::max(out.size() + size, 2 * out.capacity()));
  out += '{';
  bool first = true;
  for (const JsonMember& member : members) {
    if (member.kind() == JsonMember::Kind::kSkip) continue;
    if (!first) out += ',';
    first = false;
    AppendJsonString(member.key(), out);
    out += ':';
    switch (member.kind()) {
      case JsonMember::Kind::kString:
        AppendJsonString(member.text(), out);
        break;
      case JsonMember::Kind::kInt: {
        char digits[24];
        auto [end, error] = std::to_chars(digits, digits + sizeof(digits), member.integer());
        out.append(digits, end);
        break;
      }
      case JsonMember::Kind::kDouble: {
        StringAppender stream(out);
        rapidjson::Writer<StringAppender> writer(stream);
        writer.Double(member.real());
        break;
      }
      case JsonMember::Kind::kSkip:
        break;
    }
  }
  out += '}';
}

}  // namespace socialite
