#include "server/dispatch/caller_identity.h"

#include <gtest/gtest.h>

#include <string>

namespace socialite {
namespace {

std::string PartitionOf(const std::string& authorization) {
  Options options;
  options.account = "000000000000";
  options.region = "us-east-1";
  storage::Partition p = CallerPartition(authorization, options);
  return p.account + "/" + p.region;
}

TEST(CallerIdentityTest, UnsignedRequestUsesTheDefaults) {
  EXPECT_EQ(PartitionOf(""), "000000000000/us-east-1");
}

TEST(CallerIdentityTest, TwelveDigitAccessKeyIsTheAccountAndScopeGivesTheRegion) {
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=111122223333/20261122/eu-west-1/"
                        "social-messaging/aws4_request, SignedHeaders=host, Signature=abc"),
            "111122223333/eu-west-1");
}

TEST(CallerIdentityTest, OtherAccessKeysKeepTheDefaultAccount) {
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/ap-south-1/"
                        "social-messaging/aws4_request, SignedHeaders=host, Signature=abc"),
            "000000000000/ap-south-1");
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=11112222333/20261122/ap-south-1/"
                        "social-messaging/aws4_request"),
            "000000000000/ap-south-1");
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=11112222333a/20261122/ap-south-1/"
                        "social-messaging/aws4_request"),
            "000000000000/ap-south-1");
}

TEST(CallerIdentityTest, CredentialAtTheEndWithoutSeparators) {
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=111122223333/20261122/eu-west-1/"
                        "social-messaging/aws4_request"),
            "111122223333/eu-west-1");
}

TEST(CallerIdentityTest, MalformedScopeFallsBackToTheDefaults) {
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=111122223333/20261122/eu-west-1, "
                        "Signature=abc"),
            "000000000000/us-east-1");
  EXPECT_EQ(PartitionOf("Bearer token"), "000000000000/us-east-1");
}

TEST(CallerIdentityTest, EmptyRegionKeepsTheDefaultRegion) {
  EXPECT_EQ(PartitionOf("AWS4-HMAC-SHA256 Credential=111122223333/20261122//social-messaging/"
                        "aws4_request"),
            "111122223333/us-east-1");
}

std::string PartitionOfRequest(const std::string& authorization, const std::string& target) {
  Options options;
  options.account = "000000000000";
  options.region = "us-east-1";
  storage::Partition p = CallerPartition(authorization, target, options);
  return p.account + "/" + p.region;
}

TEST(CallerIdentityTest, PresignedQueryCredentialGivesThePartition) {
  EXPECT_EQ(PartitionOfRequest("",
                               "/v1/whatsapp/waba/list?X-Amz-Algorithm=AWS4-HMAC-SHA256&"
                               "X-Amz-Credential=111122223333%2F20261122%2Feu-west-1%2F"
                               "social-messaging%2Faws4_request&X-Amz-Signature=abc"),
            "111122223333/eu-west-1");
  EXPECT_EQ(PartitionOfRequest("",
                               "/v1/whatsapp/waba/list?X-Amz-Credential=AKIDEXAMPLE%2F"
                               "20261122%2Fap-south-1%2Fsocial-messaging%2Faws4_request"),
            "000000000000/ap-south-1");
}

TEST(CallerIdentityTest, HeaderWinsOverQueryAndBadQueriesKeepTheDefaults) {
  EXPECT_EQ(PartitionOfRequest("AWS4-HMAC-SHA256 Credential=111122223333/20261122/eu-west-1/"
                               "social-messaging/aws4_request",
                               "/x?X-Amz-Credential=222233334444%2F20261122%2Fus-west-2%2Fs%2F"
                               "aws4_request"),
            "111122223333/eu-west-1");
  EXPECT_EQ(PartitionOfRequest("", "/v1/whatsapp/waba/list"), "000000000000/us-east-1");
  EXPECT_EQ(PartitionOfRequest("", "/x?X-Amz-Credential=%zz"), "000000000000/us-east-1");
  EXPECT_EQ(PartitionOfRequest("",
                               "/x?a=1&X-Amz-Credential=111122223333%2F20261122%2F%FF%2Fs%2F"
                               "aws4_request"),
            "111122223333/us-east-1");
  EXPECT_EQ(PartitionOfRequest("", "/x?X-Amz-Credential"), "000000000000/us-east-1");
}

TEST(CallerIdentityTest, ConfiguredDefaultsAreUsed) {
  Options options;
  options.account = "123456789012";
  options.region = "eu-central-1";
  storage::Partition p = CallerPartition("", options);
  EXPECT_EQ(p.account, "123456789012");
  EXPECT_EQ(p.region, "eu-central-1");
}

}  // namespace
}  // namespace socialite
