// Flat JSON objects written directly must read exactly as WriteJson writes the same Value.
#include "server/core/json_line.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "server/core/json.h"
#include "server/core/value.h"

namespace socialite {
namespace {

TEST(JsonLineTest, MatchesWriteJsonForEveryKind) {
  std::string text = "quote \" backslash \\ newline \n tab \t control \x01 unicode é";
  Value expected = Value::Object();
  expected.Set("text", text);
  expected.Set("count", 42);
  expected.Set("negative", static_cast<int64_t>(-7));
  expected.Set("whole", 12.0);
  expected.Set("fraction", 0.41);
  expected.Set("empty", "");

  std::string line;
  AppendJsonObject({{"text", text},
                    {"count", 42},
                    {"negative", static_cast<int64_t>(-7)},
                    {"whole", 12.0},
                    {"fraction", 0.41},
                    {"empty", ""}},
                   line);
  EXPECT_EQ(line, WriteJson(expected));
}

TEST(JsonLineTest, PlainTextAndExtremeIntegersMatchWriteJson) {
  Value expected = Value::Object();
  expected.Set("plain", "wamid.HBgL/ab+c=~ {}[]:,\x7f");
  expected.Set("min", std::numeric_limits<int64_t>::min());
  expected.Set("max", std::numeric_limits<int64_t>::max());
  expected.Set("zero", 0);
  std::string line;
  AppendJsonObject({{"plain", "wamid.HBgL/ab+c=~ {}[]:,\x7f"},
                    {"min", std::numeric_limits<int64_t>::min()},
                    {"max", std::numeric_limits<int64_t>::max()},
                    {"zero", 0}},
                   line);
  EXPECT_EQ(line, WriteJson(expected));
}

TEST(JsonLineTest, SkippedMembersAreLeftOut) {
  std::string line;
  AppendJsonObject({{"a", 1}, JsonMember::Skip(), {"b", "x"}}, line);
  EXPECT_EQ(line, R"({"a":1,"b":"x"})");
}

TEST(JsonLineTest, AppendsToWhatIsThere) {
  std::string line = "prefix ";
  AppendJsonObject({}, line);
  EXPECT_EQ(line, "prefix {}");
}

}  // namespace
}  // namespace socialite
