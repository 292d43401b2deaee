#include "server/handlers/page_token.h"

#include <gtest/gtest.h>

#include "server/core/json.h"

namespace socialite {
namespace {

TEST(PageTokenTest, RoundTripsThePosition) {
  EXPECT_EQ(ReadPageToken("linked-accounts", MakePageToken("linked-accounts", 0)), 0);
  EXPECT_EQ(ReadPageToken("linked-accounts", MakePageToken("linked-accounts", 42)), 42);
  EXPECT_EQ(ReadPageToken("t", MakePageToken("t", 9007199254740993LL)), 9007199254740993LL);
}

TEST(PageTokenTest, IsStableAcrossCalls) {
  EXPECT_EQ(MakePageToken("linked-accounts", 7), MakePageToken("linked-accounts", 7));
  EXPECT_NE(MakePageToken("linked-accounts", 7), MakePageToken("linked-accounts", 8));
}

TEST(PageTokenTest, TokenOfAnotherListIsRejected) {
  EXPECT_EQ(ReadPageToken("templates", MakePageToken("linked-accounts", 3)), std::nullopt);
}

TEST(PageTokenTest, ForgedTokensAreRejected) {
  EXPECT_EQ(ReadPageToken("l", "not base64!"), std::nullopt);
  EXPECT_EQ(ReadPageToken("l", Base64Encode("l:3")), std::nullopt);
  EXPECT_EQ(ReadPageToken("l", Base64Encode("l:3:0000000000000000")), std::nullopt);
  EXPECT_EQ(ReadPageToken("l", Base64Encode("l:x:0000000000000000")), std::nullopt);
  EXPECT_EQ(ReadPageToken("l", ""), std::nullopt);
  std::string decoded = *Base64Decode(MakePageToken("l", 3));
  decoded[2] = '4';  // keep the checksum of position 3
  EXPECT_EQ(ReadPageToken("l", Base64Encode(decoded)), std::nullopt);
}

TEST(PageTokenTest, NextTokenPositionIsZeroWithoutATokenAndRefusesOtherLists) {
  Value input = Value::Object();
  EXPECT_EQ(NextTokenPosition(input, "flows:w").value(), 0);
  input.Set("nextToken", MakePageToken("flows:w", 7));
  EXPECT_EQ(NextTokenPosition(input, "flows:w").value(), 7);
  Result<int64_t> other = NextTokenPosition(input, "templates:w");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().message, "The nextToken is not valid for this list");
  input.Set("nextToken", MakePageToken("flows:w", -1));
  EXPECT_FALSE(NextTokenPosition(input, "flows:w").ok());
}

}  // namespace
}  // namespace socialite
