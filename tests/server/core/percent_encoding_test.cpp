#include "server/core/percent_encoding.h"

#include <gtest/gtest.h>

namespace socialite {
namespace {

TEST(PercentEncodingTest, KeepsLettersDigitsAndTheKeptBytesOnly) {
  EXPECT_EQ(PercentEncode("Az09-._~", "-._~"), "Az09-._~");
  EXPECT_EQ(PercentEncode("a b/c", "-._~"), "a%20b%2Fc");
  EXPECT_EQ(PercentEncode("a b/c", "-._~/"), "a%20b/c");
  EXPECT_EQ(PercentEncode("é\x7f", ""), "%C3%A9%7F");
  EXPECT_EQ(PercentEncode("", ""), "");
}

}  // namespace
}  // namespace socialite
