#include "server/core/markup.h"

#include <gtest/gtest.h>

#include "server/core/id_generator.h"

namespace socialite {
namespace {

TEST(MarkupTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(EscapeMarkup(R"(<a href="x">Tom & Jerry's</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

TEST(MarkupTest, LeavesOtherTextAlone) { EXPECT_EQ(EscapeMarkup("olá 👋 1+1"), "olá 👋 1+1"); }

class FixedIds : public IdGenerator {
 public:
  std::string Hex(int count) override { return std::string(count, 'f'); }
};

TEST(IdGeneratorTest, UrlSafeBase64HasNoPaddingPlusOrSlash) {
  FixedIds ids;
  // 3 bytes 0xff are "////" in standard base64.
  EXPECT_EQ(ids.UrlSafeBase64(3), "____");
  EXPECT_EQ(ids.UrlSafeBase64(20).size(), 27u);  // 20 bytes: 27 characters without padding
}

}  // namespace
}  // namespace socialite
