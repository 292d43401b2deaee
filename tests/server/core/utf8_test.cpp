#include "server/core/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace socialite {
namespace {

constexpr char kFffd[] = "\xEF\xBF\xBD";

TEST(Utf8Test, WellFormedTextIsUnchanged) {
  for (std::string text : {std::string(""), std::string("plain ascii"),
                           std::string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
                           std::string("nul\0inside", 10), std::string("\xF4\x8F\xBF\xBF")}) {
    EXPECT_TRUE(IsValidUtf8(text)) << text;
    EXPECT_EQ(ToValidUtf8(text), text);
  }
}

TEST(Utf8Test, StrayBytesBecomeOneReplacementEach) {
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_EQ(ToValidUtf8(std::string("a\xFF") + "b\xFE"), std::string("a") + kFffd + "b" + kFffd);
  EXPECT_EQ(ToValidUtf8("\x80\x80"), std::string(kFffd) + kFffd);
  EXPECT_EQ(ToValidUtf8("\xC0\xAF"), std::string(kFffd) + kFffd);  // overlong '/'
}

TEST(Utf8Test, TruncatedSequencesAreReplacedByTheirMaximalSubpart) {
  EXPECT_EQ(ToValidUtf8("\xE2\x82"), kFffd);
  EXPECT_EQ(ToValidUtf8("\xE2\x82x"), std::string(kFffd) + "x");
  EXPECT_EQ(ToValidUtf8("\xF0\x9F\x98"), kFffd);
}

TEST(Utf8Test, SurrogatesAndCodePointsPastTheMaximumAreIllFormed) {
  EXPECT_EQ(ToValidUtf8("\xED\xA0\x80"), std::string(kFffd) + kFffd + kFffd);
  EXPECT_EQ(ToValidUtf8("\xF4\x90\x80\x80"), std::string(kFffd) + kFffd + kFffd + kFffd);
  EXPECT_EQ(ToValidUtf8("\xE0\x80\x80"), std::string(kFffd) + kFffd + kFffd);  // overlong
}

TEST(Utf8Test, NextCodePointDecodesAndReplacesWhatToValidUtf8Replaces) {
  std::string_view text = "a\u00e9\u20ac\U0001F600\xE2\x82x";
  size_t at = 0;
  std::vector<char32_t> points;
  while (at < text.size()) points.push_back(NextCodePoint(text, at));
  EXPECT_EQ(points,
            (std::vector<char32_t>{U'a', U'\u00e9', U'\u20ac', U'\U0001F600', U'\uFFFD', U'x'}));
  EXPECT_EQ(at, text.size());
}

TEST(Utf8Test, AppendUtf8EncodesEveryLength) {
  std::string out;
  for (char32_t point : {U'a', U'\u00e9', U'\u20ac', U'\U0001F600'}) AppendUtf8(out, point);
  EXPECT_EQ(out, "a\u00e9\u20ac\U0001F600");
  size_t at = 0;
  std::string round;
  while (at < out.size()) AppendUtf8(round, NextCodePoint(out, at));
  EXPECT_EQ(round, out);
}

}  // namespace
}  // namespace socialite
