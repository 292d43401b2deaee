#include "server/auth/sigv4_request.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace socialite::auth {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(DecodeQueryTest, DecodesPairsInArrivalOrder) {
  EXPECT_EQ(DecodeQuery(""), Pairs{});
  EXPECT_EQ(DecodeQuery("id=arn%3Aaws%3Ax%2Fy&b=&flag&&a+b=c%20d"),
            (Pairs{{"id", "arn:aws:x/y"}, {"b", ""}, {"flag", ""}, {"a+b", "c d"}}));
  EXPECT_EQ(DecodeQuery("x=%zz"), (Pairs{{"x", "%zz"}}));
}

TEST(SplitCredentialTest, FiveParts) {
  auto scope = SplitCredential("AKID/20261122/eu-west-1/social-messaging/aws4_request");
  ASSERT_TRUE(scope.has_value());
  EXPECT_EQ(scope->access_key, "AKID");
  EXPECT_EQ(scope->date, "20261122");
  EXPECT_EQ(scope->region, "eu-west-1");
  EXPECT_EQ(scope->service, "social-messaging");
  EXPECT_EQ(scope->terminator, "aws4_request");
  EXPECT_FALSE(SplitCredential("AKID/20261122/eu-west-1/social-messaging").has_value());
  EXPECT_FALSE(SplitCredential("a/b/c/d/e/f").has_value());
}

TEST(IsRegionNameTest, LowerCaseLettersDigitsAndDashesUpToThirtyTwo) {
  EXPECT_TRUE(IsRegionName("us-east-1"));
  EXPECT_FALSE(IsRegionName(""));
  EXPECT_FALSE(IsRegionName("US-EAST-1"));
  EXPECT_FALSE(IsRegionName("us east"));
  EXPECT_FALSE(IsRegionName(std::string(33, 'a')));
}

TEST(PresentedSignatureTest, HeaderParametersAreNameValuePairsAndTheFirstOccurrenceCounts) {
  PresentedSignature presented = ReadPresentedSignature(
      "AWS4-HMAC-SHA256 X=Credential=000000000000/20261206/us-east-1/social-messaging/"
      "aws4_request, Credential=111122223333/20261206/eu-west-1/social-messaging/aws4_request, "
      "Credential=222233334444/20261206/us-west-2/social-messaging/aws4_request, "
      "SignedHeaders=host, Signature=abc",
      {});
  EXPECT_EQ(presented.location, SignatureLocation::kHeader);
  EXPECT_EQ(presented.algorithm, "AWS4-HMAC-SHA256");
  EXPECT_EQ(presented.Credential(),
            "111122223333/20261206/eu-west-1/social-messaging/aws4_request");
  EXPECT_EQ(presented.parameters.at("X"),
            "Credential=000000000000/20261206/us-east-1/social-messaging/aws4_request");
  EXPECT_FALSE(presented.malformed_parameter.has_value());
}

TEST(PresentedSignatureTest, ATokenWithoutEqualsIsNoted) {
  PresentedSignature presented =
      ReadPresentedSignature("AWS4-HMAC-SHA256 Credential= AKID/x, Signature=abc", {});
  EXPECT_EQ(presented.malformed_parameter, "AKID/x");
  EXPECT_EQ(presented.Credential(), "");
}

TEST(PresentedSignatureTest, PresignedQueryNamesAreReadDecoded) {
  PresentedSignature presented = ReadPresentedSignature(
      "", DecodeQuery("a=1&X-Amz-%43redential=111122223333%2F20261206%2Feu-west-1%2F"
                      "social-messaging%2Faws4_request&X-Amz-Credential=000000000000%2Fx"));
  EXPECT_EQ(presented.location, SignatureLocation::kQuery);
  EXPECT_EQ(presented.Credential(),
            "111122223333/20261206/eu-west-1/social-messaging/aws4_request");
}

TEST(PresentedSignatureTest, LocationIsNoneHeaderQueryOrBoth) {
  EXPECT_EQ(ReadPresentedSignature("", DecodeQuery("a=1")).location, SignatureLocation::kNone);
  EXPECT_EQ(ReadPresentedSignature("", DecodeQuery("X-Amz-Signature=1")).location,
            SignatureLocation::kQuery);
  EXPECT_EQ(ReadPresentedSignature("Bearer x", DecodeQuery("X-Amz-Algorithm=1")).location,
            SignatureLocation::kBoth);
  HttpRequest request;
  request.target = "/v1/x?X-Amz-Credential=AKID%2Fd%2Fap-south-1%2Fs%2Faws4_request";
  EXPECT_EQ(ReadPresentedSignature(request).Credential(), "AKID/d/ap-south-1/s/aws4_request");
}

}  // namespace
}  // namespace socialite::auth
