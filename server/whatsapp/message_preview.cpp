#include "server/whatsapp/message_preview.h"

namespace socialite::whatsapp {
namespace {

// A string member of message[type][...path], or nullopt.
std::optional<std::string> Member(const Value& message, const std::string& type,
                                  std::initializer_list<const char*> path) {
  const Value* at = message.Get(type);
  const char* last = nullptr;
  for (const char* name : path) {
    if (last != nullptr) at = at == nullptr ? nullptr : at->Get(last);
    last = name;
  }
  if (at == nullptr || last == nullptr) return std::nullopt;
  std::optional<std::string> text = at->GetString(last);
  if (text && text->empty()) return std::nullopt;
  return text;
}

std::string MediaLabel(const std::string& type) {
  if (type == "image") return "Photo";
  if (type == "video") return "Video";
  if (type == "audio") return "Audio";
  if (type == "sticker") return "Sticker";
  return "Document";
}

std::string InteractiveLine(const Value& message) {
  if (auto title = Member(message, "interactive", {"button_reply", "title"})) return *title;
  if (auto title = Member(message, "interactive", {"list_reply", "title"})) return *title;
  if (Member(message, "interactive", {"nfm_reply", "response_json"})) {
    return Member(message, "interactive", {"nfm_reply", "body"}).value_or("Flow response");
  }
  if (auto body = Member(message, "interactive", {"body", "text"})) return *body;
  return "Interactive message";
}

std::string ContactsLine(const Value& message) {
  const Value* contacts = message.Get("contacts");
  if (contacts == nullptr || !contacts->is_list() || contacts->AsList().empty()) return "Contact";
  const Value* name = contacts->AsList().front().Get("name");
  std::optional<std::string> formatted = name ? name->GetString("formatted_name") : std::nullopt;
  return formatted && !formatted->empty() ? *formatted : "Contact";
}

std::string FullLine(const std::string& type, const Value& message,
                     const std::optional<std::string>& template_body) {
  if (type == "text") return Member(message, "text", {"body"}).value_or("");
  if (type == "image" || type == "video" || type == "audio" || type == "sticker" ||
      type == "document") {
    if (auto caption = Member(message, type, {"caption"})) return *caption;
    if (auto filename = Member(message, type, {"filename"})) return *filename;
    return MediaLabel(type);
  }
  if (type == "location") {
    if (auto name = Member(message, "location", {"name"})) return *name;
    return Member(message, "location", {"address"}).value_or("Location");
  }
  if (type == "contacts") return ContactsLine(message);
  if (type == "reaction") {
    auto emoji = Member(message, "reaction", {"emoji"});
    return emoji ? "Reacted " + *emoji : "Removed a reaction";
  }
  if (type == "interactive") return InteractiveLine(message);
  if (type == "button") return Member(message, "button", {"text"}).value_or("Button");
  if (type == "template") {
    if (template_body) return *template_body;
    return "Template " + Member(message, "template", {"name"}).value_or("");
  }
  return type;
}

}  // namespace

std::string MessagePreview(const std::string& type, const Value& message,
                           const std::optional<std::string>& template_body) {
  // Line breaks and runs of blanks become one space: a preview is one line.
  std::string flat;
  for (char c : FullLine(type, message, template_body)) {
    bool blank = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (blank && (flat.empty() || flat.back() == ' ')) continue;
    flat += blank ? ' ' : c;
  }
  if (!flat.empty() && flat.back() == ' ') flat.pop_back();
  // Cut before the code point that would leave no room for the ellipsis.
  size_t chars = 0;
  for (size_t i = 0; i < flat.size(); ++i) {
    if ((static_cast<unsigned char>(flat[i]) & 0xC0) == 0x80) continue;
    if (++chars == kPreviewMaxChars) {
      size_t rest = i + 1;
      while (rest < flat.size() && (static_cast<unsigned char>(flat[rest]) & 0xC0) == 0x80) ++rest;
      if (rest == flat.size()) return flat;
      return flat.substr(0, i) + "…";
    }
  }
  return flat;
}

}  // namespace socialite::whatsapp
