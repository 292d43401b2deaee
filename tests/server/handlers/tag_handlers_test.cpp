// TagResource / UntagResource / ListTagsForResource through the dispatcher.
#include <gtest/gtest.h>

#include <string>

#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::kFixtureNumberArn;
using testing::kFixtureWabaArn;
using testing::kOtherPartitionAuth;
using testing::Reply;
using testing::TestEnv;

constexpr char kTag[] = "/v1/tags/tag-resource";
constexpr char kUntag[] = "/v1/tags/untag-resource";

std::string ListTarget(const std::string& arn) { return "/v1/tags/list?resourceArn=" + arn; }

std::string TagBody(const std::string& arn, ValueList tags) {
  return testing::Json(Value::Object().Set("resourceArn", arn).Set("tags", Value(std::move(tags))));
}

std::string UntagBody(const std::string& arn, ValueList keys) {
  return testing::Json(
      Value::Object().Set("resourceArn", arn).Set("tagKeys", Value(std::move(keys))));
}

Value TagValue(const std::string& key, const std::string& value) {
  return Value::Object().Set("key", key).Set("value", value);
}

class TagTest : public ::testing::Test {
 protected:
  std::string TagsOf(const std::string& arn, const std::string& auth = "") {
    Reply reply = env_.Get(ListTarget(arn), auth);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.http.body;
  }

  TestEnv env_;
};

TEST_F(TagTest, ListFixtureTags) {
  EXPECT_EQ(TagsOf(kFixtureWabaArn),
            R"({"statusCode":200,"tags":[{"key":"env","value":"local"}]})");
}

TEST_F(TagTest, ListOfAnUntaggedNumberIsEmpty) {
  EXPECT_EQ(TagsOf(kFixtureNumberArn), R"({"statusCode":200,"tags":[]})");
}

TEST_F(TagTest, TagAddsAndOverwritesKeepingPosition) {
  Reply reply = env_.Post(
      kTag, TagBody(kFixtureWabaArn, {TagValue("team", "growth"), TagValue("env", "ci")}));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body, R"({"statusCode":200})");
  EXPECT_EQ(
      TagsOf(kFixtureWabaArn),
      R"({"statusCode":200,"tags":[{"key":"env","value":"ci"},{"key":"team","value":"growth"}]})");
}

TEST_F(TagTest, TagWithoutValueStoresAnEmptyValue) {
  ASSERT_EQ(
      env_.Post(kTag, TagBody(kFixtureNumberArn, {Value::Object().Set("key", "flag")})).status(),
      200);
  EXPECT_EQ(TagsOf(kFixtureNumberArn), R"({"statusCode":200,"tags":[{"key":"flag","value":""}]})");
}

TEST_F(TagTest, TagsOfWabaAndNumberAreSeparate) {
  ASSERT_EQ(env_.Post(kTag, TagBody(kFixtureNumberArn, {TagValue("line", "1")})).status(), 200);
  EXPECT_EQ(TagsOf(kFixtureNumberArn), R"({"statusCode":200,"tags":[{"key":"line","value":"1"}]})");
  EXPECT_EQ(TagsOf(kFixtureWabaArn),
            R"({"statusCode":200,"tags":[{"key":"env","value":"local"}]})");
}

TEST_F(TagTest, UntagRemovesKeysAndIgnoresAbsentOnes) {
  ASSERT_EQ(env_.Post(kTag, TagBody(kFixtureWabaArn, {TagValue("team", "growth")})).status(), 200);
  Reply reply = env_.Post(kUntag, UntagBody(kFixtureWabaArn, {"env", "no-such-key"}));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body, R"({"statusCode":200})");
  EXPECT_EQ(TagsOf(kFixtureWabaArn),
            R"({"statusCode":200,"tags":[{"key":"team","value":"growth"}]})");
}

TEST_F(TagTest, UntagOnlyAbsentKeysChangesNothing) {
  ASSERT_EQ(env_.Post(kUntag, UntagBody(kFixtureWabaArn, {"absent"})).status(), 200);
  EXPECT_EQ(TagsOf(kFixtureWabaArn),
            R"({"statusCode":200,"tags":[{"key":"env","value":"local"}]})");
}

TEST_F(TagTest, FiftyTagsInTotalAreAllowed) {
  ValueList tags;  // 49 new keys + the fixture's "env" = 50
  for (int i = 0; i < 49; ++i) tags.push_back(TagValue("k" + std::to_string(i), "v"));
  ASSERT_EQ(env_.Post(kTag, TagBody(kFixtureWabaArn, tags)).status(), 200);
  Reply listed = env_.Get(ListTarget(kFixtureWabaArn));
  EXPECT_EQ(listed.json.Get("tags")->AsList().size(), 50u);
}

TEST_F(TagTest, FiftyOneTagsIsInvalidParametersAndAppliesNothing) {
  ValueList tags;  // 50 new keys + the fixture's "env" = 51
  for (int i = 0; i < 50; ++i) tags.push_back(TagValue("k" + std::to_string(i), "v"));
  Reply reply = env_.Post(kTag, TagBody(kFixtureWabaArn, tags));
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "InvalidParametersException");
  EXPECT_EQ(reply.Message(),
            "A resource can have at most 50 tags; this request would leave it with 51");
  EXPECT_EQ(TagsOf(kFixtureWabaArn),
            R"({"statusCode":200,"tags":[{"key":"env","value":"local"}]})");
}

TEST_F(TagTest, OverwritingKeysDoesNotCountTowardsTheLimit) {
  ValueList tags;
  for (int i = 0; i < 49; ++i) tags.push_back(TagValue("k" + std::to_string(i), "v"));
  ASSERT_EQ(env_.Post(kTag, TagBody(kFixtureWabaArn, tags)).status(), 200);
  EXPECT_EQ(env_.Post(kTag, TagBody(kFixtureWabaArn, {TagValue("env", "x"), TagValue("k0", "y")}))
                .status(),
            200);
}

TEST_F(TagTest, UnknownResourceArnIsInvalidParameters) {
  const std::string arn =
      "arn:aws:social-messaging:us-east-1:000000000000:waba/00000000000000000000000000000bad";
  const std::string message = "The resource '" + arn +
                              "' is not a WhatsApp Business Account or phone number in this "
                              "account and region";
  for (const Reply& reply :
       {env_.Get(ListTarget(arn)), env_.Post(kTag, TagBody(arn, {TagValue("a", "b")})),
        env_.Post(kUntag, UntagBody(arn, {"a"}))}) {
    EXPECT_EQ(reply.status(), 400);
    EXPECT_EQ(reply.ErrorType(), "InvalidParametersException");
    EXPECT_EQ(reply.Message(), message);
  }
}

TEST_F(TagTest, ArnOfAnotherServiceIsInvalidParameters) {
  Reply reply = env_.Get(ListTarget("arn:aws:sns:us-east-1:000000000000:topic"));
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "InvalidParametersException");
}

TEST_F(TagTest, ArnThatIsNotAnArnIsValidationException) {
  Reply reply = env_.Get(ListTarget("waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01"));
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "ValidationException");
  EXPECT_EQ(reply.Message(),
            "1 validation error detected: Value 'waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01' at "
            "'resourceArn' failed to satisfy constraint: Member must satisfy regular expression "
            "pattern: arn:.*");
}

TEST_F(TagTest, TagsAreInvisibleFromAnotherPartition) {
  // The fixture WABA does not exist in the other partition, so its ARN names nothing there.
  Reply reply = env_.Get(ListTarget(kFixtureWabaArn), kOtherPartitionAuth);
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "InvalidParametersException");
}

TEST_F(TagTest, TagKeyLongerThan128IsValidationException) {
  Reply reply = env_.Post(kTag, TagBody(kFixtureWabaArn, {TagValue(std::string(129, 'k'), "v")}));
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "ValidationException");
  EXPECT_EQ(reply.Message(), "1 validation error detected: Value '" + std::string(129, 'k') +
                                 "' at 'tags.1.member.key' failed to satisfy constraint: Member "
                                 "must have length less than or equal to 128");
}

}  // namespace
}  // namespace socialite
