#include "server/core/json_line.h"

#include <rapidjson/writer.h>

#include "server/core/utf8.h"

namespace socialite {
namespace {

// A rapidjson output stream that appends to a std::string, so no intermediate buffer is copied.
class StringAppender {
 public:
  using Ch = char;
  explicit StringAppender(std::string& out) : out_(out) {}
  void Put(char c) { out_.push_back(c); }
  void Flush() {}

 private:
  std::string& out_;
};

}  // namespace

void AppendJsonObject(std::initializer_list<JsonMember> members, std::string& out) {
  StringAppender stream(out);
  rapidjson::Writer<StringAppender> writer(stream);
  writer.StartObject();
  for (const JsonMember& member : members) {
    if (member.kind() == JsonMember::Kind::kSkip) continue;
    writer.Key(member.key().data(), static_cast<rapidjson::SizeType>(member.key().size()));
    switch (member.kind()) {
      case JsonMember::Kind::kString: {
        // The writer copies bytes as they are; a client's raw bytes would break the line.
        std::string repaired;
        std::string_view text = member.text();
        if (!IsValidUtf8(text)) text = repaired = ToValidUtf8(text);
        writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
        break;
      }
      case JsonMember::Kind::kInt:
        writer.Int64(member.integer());
        break;
      case JsonMember::Kind::kDouble:
        writer.Double(member.real());
        break;
      case JsonMember::Kind::kSkip:
        break;
    }
  }
  writer.EndObject();
}

}  // namespace socialite
