// Message previews: one line of at most 80 characters for every message type.
#include "server/whatsapp/message_preview.h"

#include <gtest/gtest.h>

#include <string>

#include "server/core/json.h"

namespace socialite::whatsapp {
namespace {

std::string Preview(const std::string& type, const std::string& message,
                    const std::optional<std::string>& template_body = std::nullopt) {
  Result<Value> parsed = ParseJson(message);
  EXPECT_TRUE(parsed.ok()) << message;
  return MessagePreview(type, parsed.ok() ? *parsed : Value(), template_body);
}

size_t CodePoints(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

TEST(MessagePreviewTest, ShowsEachTypesText) {
  EXPECT_EQ(Preview("text", R"({"text":{"body":"Hello  there\nsecond line"}})"),
            "Hello there second line");
  EXPECT_EQ(Preview("image", R"({"image":{"id":"1","caption":"Our menu"}})"), "Our menu");
  EXPECT_EQ(Preview("image", R"({"image":{"id":"1"}})"), "Photo");
  EXPECT_EQ(Preview("document", R"({"document":{"id":"1","filename":"invoice.pdf"}})"),
            "invoice.pdf");
  EXPECT_EQ(Preview("audio", R"({"audio":{"id":"1"}})"), "Audio");
  EXPECT_EQ(Preview("location", R"({"location":{"latitude":1,"longitude":2,"name":"Shop"}})"),
            "Shop");
  EXPECT_EQ(Preview("location", R"({"location":{"latitude":1,"longitude":2}})"), "Location");
  EXPECT_EQ(Preview("contacts", R"({"contacts":[{"name":{"formatted_name":"Ana Silva"}}]})"),
            "Ana Silva");
  EXPECT_EQ(Preview("reaction", R"({"reaction":{"message_id":"w","emoji":"👍"}})"), "Reacted 👍");
  EXPECT_EQ(Preview("reaction", R"({"reaction":{"message_id":"w","emoji":""}})"),
            "Removed a reaction");
  EXPECT_EQ(Preview("interactive", R"({"interactive":{"type":"list","body":{"text":"Pick"}}})"),
            "Pick");
  EXPECT_EQ(
      Preview("interactive",
              R"({"interactive":{"type":"list_reply","list_reply":{"id":"a","title":"Tea"}}})"),
      "Tea");
  EXPECT_EQ(Preview("interactive", R"({"interactive":{"type":"nfm_reply","nfm_reply":{
                      "response_json":"{}","body":"Sent","name":"flow"}}})"),
            "Sent");
  EXPECT_EQ(Preview("button", R"({"button":{"text":"Yes","payload":"Y"}})"), "Yes");
  EXPECT_EQ(Preview("template", R"({"template":{"name":"shipped"}})", "Hi Ana"), "Hi Ana");
  EXPECT_EQ(Preview("template", R"({"template":{"name":"shipped"}})"), "Template shipped");
  EXPECT_EQ(Preview("unsupported", "{}"), "unsupported");
}

TEST(MessagePreviewTest, CutsLongTextAtEightyCharacters) {
  std::string exactly(80, 'a');
  EXPECT_EQ(Preview("text", R"({"text":{"body":")" + exactly + "\"}}"), exactly);
  std::string longer;
  for (int i = 0; i < 100; ++i) longer += "é";
  std::string cut = Preview("text", R"({"text":{"body":")" + longer + "\"}}");
  EXPECT_EQ(CodePoints(cut), 80u);
  EXPECT_EQ(cut.substr(cut.size() - 3), "…");
  EXPECT_EQ(cut.substr(0, 2), "é");
}

}  // namespace
}  // namespace socialite::whatsapp
