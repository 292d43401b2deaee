#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "server/objectstore/object_store.h"

namespace socialite::objectstore {
namespace {

constexpr char kQuery[] =
    "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101%2F"
    "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&"
    "X-Amz-SignedHeaders=host&X-Amz-Signature=abc123";

void ExpectParsed(const std::string& url, const std::string& bucket, const std::string& key) {
  SCOPED_TRACE(url);
  std::optional<BucketKey> parsed = ParsePresignedUrl(url);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->bucket, bucket);
  EXPECT_EQ(parsed->key, key);
}

TEST(PresignedUrlTest, VirtualHostedGlobalEndpoint) {
  ExpectParsed(std::string("https://media-bucket.s3.amazonaws.com/photos/cat.jpg") + kQuery,
               "media-bucket", "photos/cat.jpg");
}

TEST(PresignedUrlTest, VirtualHostedRegionalEndpoint) {
  ExpectParsed(std::string("https://media-bucket.s3.eu-west-1.amazonaws.com/cat.jpg") + kQuery,
               "media-bucket", "cat.jpg");
}

TEST(PresignedUrlTest, VirtualHostedDashRegionEndpoint) {
  ExpectParsed("https://media-bucket.s3-us-west-2.amazonaws.com/a/b.pdf", "media-bucket",
               "a/b.pdf");
}

TEST(PresignedUrlTest, VirtualHostedBucketWithDots) {
  ExpectParsed("https://my.media.bucket.s3.us-east-1.amazonaws.com/x.png", "my.media.bucket",
               "x.png");
}

TEST(PresignedUrlTest, PathStyleRegionalEndpoint) {
  ExpectParsed(std::string("https://s3.us-east-1.amazonaws.com/media-bucket/dir/x.ogg") + kQuery,
               "media-bucket", "dir/x.ogg");
}

TEST(PresignedUrlTest, PathStyleGlobalAndDashEndpoints) {
  ExpectParsed("https://s3.amazonaws.com/media-bucket/x.ogg", "media-bucket", "x.ogg");
  ExpectParsed("https://s3-eu-central-1.amazonaws.com/media-bucket/x.ogg", "media-bucket", "x.ogg");
}

TEST(PresignedUrlTest, KeyIsPercentDecoded) {
  ExpectParsed("https://media-bucket.s3.amazonaws.com/my%20photos/caf%C3%A9%2Bmenu.jpg",
               "media-bucket", "my photos/caf\xC3\xA9+menu.jpg");
  ExpectParsed("https://media-bucket.s3.amazonaws.com/a%2Fb", "media-bucket", "a/b");
  // '+' in a path is a literal plus, not a space.
  ExpectParsed("https://s3.us-east-1.amazonaws.com/media-bucket/a+b", "media-bucket", "a+b");
}

TEST(PresignedUrlTest, HostIsCaseInsensitiveAndHttpAccepted) {
  ExpectParsed("https://Media-Bucket.S3.AmazonAWS.com/Key.JPG", "media-bucket", "Key.JPG");
  ExpectParsed("http://media-bucket.s3.amazonaws.com/k", "media-bucket", "k");
}

TEST(PresignedUrlTest, QueryAndFragmentAreIgnored) {
  ExpectParsed("https://media-bucket.s3.amazonaws.com/k?versionId=3#frag", "media-bucket", "k");
}

TEST(PresignedUrlTest, OtherUrlsAreRejected) {
  const char* const urls[] = {
      "",
      "not a url",
      "ftp://media-bucket.s3.amazonaws.com/k",
      "https://example.com/media-bucket/k",
      "https://media-bucket.example.com/k",
      "https://media-bucket.s3.amazonaws.com.evil.com/k",
      "https://evil-amazonaws.com/media-bucket/k",
      "https://amazonaws.com/media-bucket/k",
      "https://media-bucket.s3.amazonaws.com/",           // no key
      "https://media-bucket.s3.amazonaws.com",            // no path
      "https://s3.us-east-1.amazonaws.com/media-bucket",  // path-style without a key
      "https://s3.us-east-1.amazonaws.com/media-bucket/",
      "https://s3.us-east-1.amazonaws.com/",
      "https://ab.s3.amazonaws.com/k",                    // bucket too short
      "https://bad_bucket.s3.amazonaws.com/k",            // invalid bucket
      "https://s3.us-east-1.amazonaws.com/Bad_Bucket/k",  // invalid bucket
      "https://media-bucket.dynamodb.us-east-1.amazonaws.com/k",
      "https://media-bucket.s3.not_a_region.amazonaws.com/k",
      "https://user:pw@media-bucket.s3.amazonaws.com/k",
      "https://127.0.0.1/media-bucket/k",
      "https://media-bucket.s3.amazonaws.com/a%00b",  // NUL in the key
      "https://media-bucket.s3.amazonaws.com/bad%zzescape",
  };
  for (const char* url : urls) {
    EXPECT_FALSE(ParsePresignedUrl(url).has_value()) << url;
  }
}

}  // namespace
}  // namespace socialite::objectstore
