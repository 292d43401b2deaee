// The request pipeline as a whole: Request in, Response out, no sockets.
#include "server/dispatch/api_dispatcher.h"

#include <gtest/gtest.h>

#include <iterator>
#include <regex>
#include <set>
#include <string>

#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::kFixtureWabaArn;
using testing::kFixtureWabaId;
using testing::kOtherPartitionAuth;
using testing::Reply;
using testing::TestEnv;

bool IsUuid(const std::string& text) {
  static const std::regex kUuid(
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  return std::regex_match(text, kUuid);
}

class DispatcherTest : public ::testing::Test {
 protected:
  TestEnv env_;
};

TEST_F(DispatcherTest, UnknownPathIsUnknownOperationException) {
  Reply reply = env_.Get("/v1/whatsapp/nothing-here");
  EXPECT_EQ(reply.status(), 404);
  EXPECT_EQ(reply.ErrorType(), "UnknownOperationException");
  EXPECT_EQ(reply.http.body,
            R"({"__type":"UnknownOperationException","message":"No operation matches GET )"
            R"(/v1/whatsapp/nothing-here"})");
}

TEST_F(DispatcherTest, WrongMethodIsUnknownOperationException) {
  Reply reply = env_.Send("PATCH", "/v1/whatsapp/waba/list");
  EXPECT_EQ(reply.status(), 404);
  EXPECT_EQ(reply.ErrorType(), "UnknownOperationException");
  EXPECT_EQ(reply.Message(), "No operation matches PATCH /v1/whatsapp/waba/list");
}

TEST_F(DispatcherTest, TrailingSlashStillRoutes) {
  Reply reply = env_.Get("/v1/whatsapp/waba/list/");
  EXPECT_EQ(reply.status(), 200);
  EXPECT_EQ(reply.json.Get("linkedAccounts")->AsList().size(), 1u);
}

TEST_F(DispatcherTest, EveryResponseCarriesAUuidRequestId) {
  const Reply replies[] = {
      env_.Get("/v1/whatsapp/waba/list"),                     // success
      env_.Get("/v1/whatsapp/waba/details?id=waba-missing"),  // handler error
      env_.Get("/v1/whatsapp/waba/details"),                  // validation error
      env_.Post("/v1/whatsapp/signup", "{"),                  // serialization error
      env_.Get("/v1/nope"),                                   // no route
      env_.Get("/v1/tags/list?resourceArn=%G0"),              // malformed target
      env_.Get("/_socialite/health"),                         // admin
      env_.Get("/_socialite/nope"),                           // admin 404
  };
  std::set<std::string> ids;
  for (const auto& reply : replies) {
    std::string id = reply.Header("x-amzn-RequestId");
    EXPECT_TRUE(IsUuid(id)) << "'" << id << "' for " << reply.http.body;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), std::size(replies));
}

TEST_F(DispatcherTest, RequestIdComesFromTheIdGenerator) {
  Reply reply = env_.Get("/v1/whatsapp/waba/list");
  EXPECT_EQ(reply.Header("x-amzn-RequestId"), "00000000-0000-4000-8000-000000000001");
}

TEST_F(DispatcherTest, MalformedQueryEscapeIsSerializationException) {
  Reply reply = env_.Get("/v1/whatsapp/waba/details?id=%ZZ");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "SerializationException");
  EXPECT_EQ(reply.Message(), "Malformed percent-encoding in the query string");
}

TEST_F(DispatcherTest, PercentEncodedArnInQueryIsDecoded) {
  Reply reply = env_.Get(
      "/v1/tags/list?resourceArn=arn%3Aaws%3Asocial-messaging%3Aus-east-1%3A000000000000%3Awaba%"
      "2F5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01");
  EXPECT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body, R"({"statusCode":200,"tags":[{"key":"env","value":"local"}]})");
}

// Every response body must be JSON, even when a query value decodes to bytes that are not
// UTF-8.
TEST_F(DispatcherTest, QueryThatIsNotUtf8StillGetsAJsonBody) {
  for (const char* target :
       {"/v1/whatsapp/waba/details?id=waba-%FF", "/v1/tags/list?resourceArn=arn:%C3"}) {
    Reply reply = env_.Get(target);
    EXPECT_EQ(reply.status(), 400) << target;
    EXPECT_TRUE(reply.json_ok) << target << " answered a body that is not JSON";
  }
}

TEST_F(DispatcherTest, MalformedJsonBodyIsSerializationException) {
  Reply reply = env_.Post("/v1/tags/tag-resource", R"({"resourceArn":)");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "SerializationException");
  EXPECT_EQ(reply.Message().rfind("Malformed JSON: ", 0), 0u) << reply.Message();
}

TEST_F(DispatcherTest, NonObjectBodyIsSerializationException) {
  Reply reply = env_.Post("/v1/tags/tag-resource", "[1,2]");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.http.body,
            R"({"__type":"SerializationException","message":"The request body must be a JSON )"
            R"(object"})");
}

TEST_F(DispatcherTest, WrongJsonTypeIsSerializationException) {
  Reply reply = env_.Post("/v1/tags/tag-resource", R"({"resourceArn":["arn:x"],"tags":[]})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "SerializationException");
  EXPECT_EQ(reply.Message(), "Expected a string for 'resourceArn'");
}

TEST_F(DispatcherTest, DeeplyNestedBodyIsSerializationExceptionNotACrash) {
  std::string body = "{\"tags\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
  Reply reply = env_.Post("/v1/tags/tag-resource", body);
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "SerializationException");
  EXPECT_EQ(reply.Message(), "JSON nesting is deeper than 64 levels");
}

TEST_F(DispatcherTest, SerializationIsCheckedBeforeValidation) {
  // Both a missing required member and a wrong type: the type error wins.
  Reply reply = env_.Post("/v1/tags/tag-resource", R"({"tags":"not-a-list"})");
  EXPECT_EQ(reply.ErrorType(), "SerializationException");
}

TEST_F(DispatcherTest, SuccessHasJsonContentTypeAndNoErrorType) {
  Reply reply = env_.Get("/v1/whatsapp/waba/list");
  EXPECT_EQ(reply.status(), 200);
  EXPECT_EQ(reply.Header("Content-Type"), "application/json");
  EXPECT_EQ(reply.ErrorType(), "");
}

TEST_F(DispatcherTest, OtherPartitionSeesNothingOfTheDefaultOne) {
  Reply list = env_.Get("/v1/whatsapp/waba/list", kOtherPartitionAuth);
  EXPECT_EQ(list.status(), 200);
  EXPECT_EQ(list.http.body, R"({"linkedAccounts":[]})");
  Reply get =
      env_.Get("/v1/whatsapp/waba/details?id=" + std::string(kFixtureWabaId), kOtherPartitionAuth);
  EXPECT_EQ(get.status(), 404);
  EXPECT_EQ(get.ErrorType(), "ResourceNotFoundException");
}

TEST_F(DispatcherTest, OtherPartitionArnsCarryItsAccountAndRegion) {
  std::string waba_id = env_.LinkWaba(testing::kBakeryToken, kOtherPartitionAuth);
  Reply got = env_.Get("/v1/whatsapp/waba/details?id=" + waba_id, kOtherPartitionAuth);
  ASSERT_EQ(got.status(), 200) << got.http.body;
  EXPECT_EQ(got.json.Get("account")->GetString("arn"),
            "arn:aws:social-messaging:eu-west-1:111122223333:waba/" + waba_id.substr(5));
  // The default partition still has only its fixture WABA.
  Reply list = env_.Get("/v1/whatsapp/waba/list");
  ASSERT_EQ(list.json.Get("linkedAccounts")->AsList().size(), 1u);
  EXPECT_EQ(list.json.Get("linkedAccounts")->AsList()[0].GetString("arn"), kFixtureWabaArn);
}

TEST_F(DispatcherTest, AccessKeyThatIsNotTwelveDigitsUsesTheDefaultAccount) {
  const std::string auth =
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261122/us-east-1/social-messaging/"
      "aws4_request, SignedHeaders=host, Signature=abc";
  Reply list = env_.Get("/v1/whatsapp/waba/list", auth);
  ASSERT_EQ(list.json.Get("linkedAccounts")->AsList().size(), 1u);
}

TEST_F(DispatcherTest, TooLargeIsAnAwsShapedError) {
  HttpResponse response = env_.dispatcher().TooLarge();
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.Header("x-amzn-ErrorType"), "RequestEntityTooLargeException");
  EXPECT_TRUE(IsUuid(std::string(response.Header("x-amzn-RequestId"))));
  EXPECT_EQ(
      response.body,
      R"({"__type":"RequestEntityTooLargeException","message":"Request body is larger than )" +
          std::to_string(env_.services().options.max_body_bytes) + R"( bytes"})");
}

}  // namespace
}  // namespace socialite
