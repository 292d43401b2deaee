#include "server/whatsapp/flow_json/json_scanner.h"

#include <gtest/gtest.h>

#include <string>

#include "server/whatsapp/flow_json/error_list.h"

namespace socialite::whatsapp::flow_json {
namespace {

std::string_view Token(const JsonDocument& doc, uint32_t node) {
  const JsonNode& n = doc.node(node);
  return doc.text().substr(n.begin, n.end - n.begin);
}

TEST(JsonScanner, KeepsTheSpanOfEveryValueAndKey) {
  std::string text = R"( {"a": [1, -2.5e3, true], "b\u0041": {"c": null}, "d": "x\"y"} )";
  JsonDocument doc = JsonDocument::Scan(text);
  ASSERT_TRUE(doc.ok()) << doc.error()->reason;
  EXPECT_EQ(Token(doc, doc.root()), text.substr(1, text.size() - 2));
  uint32_t a = doc.Member(doc.root(), "a");
  ASSERT_NE(a, kNoNode);
  EXPECT_EQ(Token(doc, a), "[1, -2.5e3, true]");
  EXPECT_EQ(doc.Count(a), 3u);
  uint32_t second = doc.node(doc.node(a).first_child).next_sibling;
  EXPECT_EQ(doc.node(second).kind, JsonKind::kNumber);
  EXPECT_EQ(Token(doc, second), "-2.5e3");
  // Keys with escapes are found by their decoded text; the span covers the raw key token.
  uint32_t b = doc.Member(doc.root(), "bA");
  ASSERT_NE(b, kNoNode);
  EXPECT_EQ(doc.Key(b), "bA");
  EXPECT_EQ(text.substr(doc.node(b).key_begin, doc.node(b).key_end - doc.node(b).key_begin),
            "\"b\\u0041\"");
  EXPECT_EQ(doc.node(doc.Member(b, "c")).kind, JsonKind::kNull);
  EXPECT_EQ(doc.String(doc.Member(doc.root(), "d")), "x\"y");
  EXPECT_EQ(doc.Member(doc.root(), "missing"), kNoNode);
  EXPECT_EQ(doc.Member(a, "a"), kNoNode);  // not an object
}

TEST(JsonScanner, DecodesEscapesAndSurrogatePairs) {
  EXPECT_EQ(DecodeJsonString(R"("\u00e9\ud83d\ude00\n\t\/\\")"), "\xC3\xA9\xF0\x9F\x98\x80\n\t/\\");
  JsonDocument doc = JsonDocument::Scan(R"(["\ud83d\ude00"])");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.String(doc.node(doc.root()).first_child), "\xF0\x9F\x98\x80");
}

TEST(JsonScanner, RefusesWhatIsNotJsonWithTheOffset) {
  struct Case {
    std::string text;
    uint32_t offset;
  };
  for (const Case& c : std::vector<Case>{{"[1,]", 3},
                                         {"[01]", 2},
                                         {"[1.]", 3},
                                         {"[1e]", 3},
                                         {"[-]", 2},
                                         {"{\"a\" 1}", 5},
                                         {"[tru]", 1},
                                         {"[\"\\ud800\\u0041\"]", 2},
                                         {"nul", 0},
                                         {"[1] x", 4}}) {
    JsonDocument doc = JsonDocument::Scan(c.text);
    ASSERT_FALSE(doc.ok()) << c.text;
    EXPECT_EQ(doc.error()->offset, c.offset) << c.text << ": " << doc.error()->reason;
  }
}

TEST(JsonScanner, BoundsDepthAtSixtyFourLevels) {
  EXPECT_TRUE(JsonDocument::Scan(std::string(64, '[') + std::string(64, ']')).ok());
  JsonDocument deep = JsonDocument::Scan(std::string(65, '[') + std::string(65, ']'));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error()->offset, 64u);
}

TEST(FlowJsonMessages, QuotedDocumentTextIsCutAtSixtyCharacters) {
  EXPECT_EQ(Quoted("SHORT"), "\"SHORT\"");
  std::string long_text(59, 'x');
  long_text += "\xC3\xA9\xC3\xA9";  // characters 60 and 61 are two-byte
  EXPECT_EQ(Quoted(long_text), "\"" + std::string(59, 'x') + "\xC3\xA9...\"");
  EXPECT_EQ(CountChars(long_text), 61u);
}

TEST(FlowJsonMessages, PathsInMetasTwoForms) {
  JsonPath path;
  path.PushKey("screens");
  path.PushIndex(0);
  path.PushKey("layout");
  path.PushKey("children");
  path.PushIndex(2);
  EXPECT_EQ(path.Root(), "$root/screens/0/layout/children/2");
  EXPECT_EQ(path.Dotted(), "screens[0].layout.children[2]");
  EXPECT_EQ(path.DottedWith("type"), "screens[0].layout.children[2].type");
  EXPECT_EQ(JsonPath().Root(), "$root");
  EXPECT_EQ(JsonPath().DottedWith("version"), "version");
}

}  // namespace
}  // namespace socialite::whatsapp::flow_json
