#include "server/protocol/router.h"

#include <gtest/gtest.h>

#include <string>

#include "server/spec/spec_types.h"

namespace socialite::protocol {
namespace {

using Param = std::pair<std::string, std::string>;

TEST(PercentDecodeTest, DecodesEscapesInBothCases) {
  EXPECT_EQ(PercentDecode("a%3Ab%2fc"), "a:b/c");
  EXPECT_EQ(PercentDecode("%41"), "A");
  EXPECT_EQ(PercentDecode("plain"), "plain");
  EXPECT_EQ(PercentDecode(""), "");
  // The text before the first escape is kept as it is, whatever it holds.
  EXPECT_EQ(PercentDecode("waba-5f3c+x/y%20z%7e"), "waba-5f3c+x/y z~");
  EXPECT_EQ(PercentDecode("id=waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01"),
            "id=waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01");
  EXPECT_EQ(PercentDecode("tail%"), std::nullopt);
}

TEST(PercentDecodeTest, KeepsPlusAsPlus) { EXPECT_EQ(PercentDecode("a+b%20c"), "a+b c"); }

TEST(PercentDecodeTest, RejectsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("%"), std::nullopt);
  EXPECT_EQ(PercentDecode("abc%4"), std::nullopt);
  EXPECT_EQ(PercentDecode("%G1"), std::nullopt);
  EXPECT_EQ(PercentDecode("%1z"), std::nullopt);
}

TEST(ParseTargetTest, SplitsPathAndQueryInOrder) {
  Result<Target> t = ParseTarget("/v1/whatsapp/waba/list?maxResults=5&nextToken=abc");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path, "/v1/whatsapp/waba/list");
  ASSERT_EQ(t->query.size(), 2u);
  EXPECT_EQ(t->query[0], Param("maxResults", "5"));
  EXPECT_EQ(t->query[1], Param("nextToken", "abc"));
}

TEST(ParseTargetTest, PercentDecodesAnArnInTheQuery) {
  Result<Target> t = ParseTarget(
      "/v1/tags/list?resourceArn=arn%3Aaws%3Asocial-messaging%3Aus-east-1%3A000000000000%3Awaba%"
      "2F5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->query.size(), 1u);
  EXPECT_EQ(
      t->query[0].second,
      "arn:aws:social-messaging:us-east-1:000000000000:waba/5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01");
}

TEST(ParseTargetTest, DropsTrailingSlashesButKeepsRoot) {
  EXPECT_EQ(ParseTarget("/v1/whatsapp/waba/list/")->path, "/v1/whatsapp/waba/list");
  EXPECT_EQ(ParseTarget("/v1/whatsapp/waba/list//?a=b")->path, "/v1/whatsapp/waba/list");
  EXPECT_EQ(ParseTarget("/")->path, "/");
}

TEST(ParseTargetTest, KeyWithoutValueAndEmptyPairs) {
  Result<Target> t = ParseTarget("/x?flag&&a=&=v");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->query.size(), 3u);
  EXPECT_EQ(t->query[0], Param("flag", ""));
  EXPECT_EQ(t->query[1], Param("a", ""));
  EXPECT_EQ(t->query[2], Param("", "v"));
}

TEST(ParseTargetTest, MalformedQueryEscapeIsSerializationException) {
  Result<Target> t = ParseTarget("/v1/tags/list?resourceArn=arn%3");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kSerialization);
  EXPECT_EQ(t.error().message, "Malformed percent-encoding in the query string");
}

TEST(ParseTargetTest, MalformedPathEscapeIsSerializationException) {
  Result<Target> t = ParseTarget("/v1/%zz");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kSerialization);
  EXPECT_EQ(t.error().message, "Malformed percent-encoding in the request path");
}

// RFC 9112 §3.2.2: a server MUST accept the absolute form (issue 9, defect 10).
TEST(ParseTargetTest, AcceptsTheAbsoluteForm) {
  Result<Target> t = ParseTarget("http://127.0.0.1:4576/_socialite/health");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path, "/_socialite/health");
  EXPECT_TRUE(t->query.empty());
  t = ParseTarget("HTTPS://example.com/v1/whatsapp/waba/details?id=waba-1");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path, "/v1/whatsapp/waba/details");
  ASSERT_EQ(t->query.size(), 1u);
  EXPECT_EQ(t->query[0], Param("id", "waba-1"));
}

TEST(OriginFormTest, StripsSchemeAndAuthorityOnly) {
  EXPECT_EQ(OriginForm("/v1/x?a=b"), "/v1/x?a=b");
  EXPECT_EQ(OriginForm("http://127.0.0.1:4576/_socialite/health"), "/_socialite/health");
  EXPECT_EQ(OriginForm("http://user@host:1/a/b?c=http://d/e"), "/a/b?c=http://d/e");
  EXPECT_EQ(OriginForm("http://host"), "/");
  EXPECT_EQ(OriginForm("http://host?a=1"), "/?a=1");
  EXPECT_EQ(OriginForm("*"), "*");
  EXPECT_EQ(OriginForm("ftp://host/x"), "ftp://host/x");
}

TEST(RouterTest, FindsEveryOperationByMethodAndPath) {
  Router router(spec::Service());
  for (const auto& op : spec::Service().operations()) {
    EXPECT_EQ(router.Find(op.method, op.path), &op) << op.name;
  }
}

TEST(RouterTest, SamePathDifferentMethodsAreDifferentOperations) {
  Router router(spec::Service());
  ASSERT_NE(router.Find("GET", "/v1/whatsapp/template"), nullptr);
  EXPECT_EQ(router.Find("GET", "/v1/whatsapp/template")->name, "GetWhatsAppMessageTemplate");
  EXPECT_EQ(router.Find("POST", "/v1/whatsapp/template")->name, "UpdateWhatsAppMessageTemplate");
  EXPECT_EQ(router.Find("DELETE", "/v1/whatsapp/template")->name, "DeleteWhatsAppMessageTemplate");
}

TEST(RouterTest, UnknownMethodOrPathIsNull) {
  Router router(spec::Service());
  EXPECT_EQ(router.Find("PUT", "/v1/whatsapp/waba/list"), nullptr);
  EXPECT_EQ(router.Find("GET", "/v1/whatsapp/waba/lists"), nullptr);
  EXPECT_EQ(router.Find("get", "/v1/whatsapp/waba/list"), nullptr);
  EXPECT_EQ(router.Find("GET", "/"), nullptr);
}

TEST(RouterTest, TrailingSlashRoutesAfterParseTarget) {
  Router router(spec::Service());
  Result<Target> t = ParseTarget("/v1/whatsapp/waba/list/?maxResults=1");
  ASSERT_TRUE(t.ok());
  const spec::Operation* op = router.Find("GET", t->path);
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->name, "ListLinkedWhatsAppBusinessAccounts");
}

}  // namespace
}  // namespace socialite::protocol
