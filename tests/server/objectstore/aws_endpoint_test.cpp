#include "server/objectstore/aws_endpoint.h"

#include <gtest/gtest.h>

namespace socialite::objectstore {
namespace {

TEST(AwsEndpointTest, SplitsOriginHostAndBasePath) {
  auto plain = ParseAwsEndpoint("http://127.0.0.1:4566");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->origin, "http://127.0.0.1:4566");
  EXPECT_EQ(plain->host, "127.0.0.1:4566");
  EXPECT_EQ(plain->base_path, "");
  auto proxied = ParseAwsEndpoint("https://aws.example.com/localstack/sns//");
  ASSERT_TRUE(proxied.has_value());
  EXPECT_EQ(proxied->origin, "https://aws.example.com");
  EXPECT_EQ(proxied->host, "aws.example.com");
  EXPECT_EQ(proxied->base_path, "/localstack/sns");
}

TEST(AwsEndpointTest, RefusesWhatASignedRequestCannotUse) {
  for (const char* url : {"", "localhost:4566", "ftp://host", "http://", "http://user:pw@host",
                          "http://host/?a=1", "http://host/#top", "not a url"}) {
    EXPECT_FALSE(ParseAwsEndpoint(url).has_value()) << url;
  }
}

}  // namespace
}  // namespace socialite::objectstore
