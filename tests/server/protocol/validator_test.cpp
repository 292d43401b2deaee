#include "server/protocol/validator.h"

#include <gtest/gtest.h>

#include <string>

#include "server/core/json.h"
#include "server/protocol/binder.h"
#include "server/spec/spec_types.h"

namespace socialite::protocol {
namespace {

std::string Repeat(const std::string& unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

// Binds `json` (every member by name, whatever its wire location) to the operation's input and
// validates it. Returns the ValidationException message, or "OK".
std::string Validate(const std::string& operation, const std::string& json) {
  const spec::Operation* op = spec::Service().FindOperation(operation);
  if (op == nullptr) return "<no operation " + operation + ">";
  Result<Value> parsed = ParseJson(json);
  if (!parsed.ok()) return "<bad test JSON: " + parsed.error().message + ">";
  Result<Value> input =
      BindJsonValue(spec::Service(), spec::Service().shape(op->input), *parsed, "");
  if (!input.ok()) return "<bind failed: " + input.error().message + ">";
  Status status = ValidateInput(spec::Service(), *op, *input);
  if (status.ok()) return "OK";
  EXPECT_EQ(status.error().code, ErrorCode::kValidation);
  return status.error().message;
}

TEST(ValidatorTest, ValidInputPasses) {
  EXPECT_EQ(Validate("GetLinkedWhatsAppBusinessAccount",
                     R"({"id":"waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01"})"),
            "OK");
  EXPECT_EQ(Validate("GetLinkedWhatsAppBusinessAccount",
                     R"({"id":"arn:aws:social-messaging:us-east-1:000000000000:waba/abc123"})"),
            "OK");
}

TEST(ValidatorTest, TooLongIdIsOneViolation) {
  std::string id = "waba-" + Repeat("a", 111);  // 116 characters
  EXPECT_EQ(Validate("GetLinkedWhatsAppBusinessAccount", R"({"id":")" + id + R"("})"),
            "1 validation error detected: Value '" + id +
                "' at 'id' failed to satisfy constraint: Member must have length less than or "
                "equal to 115");
}

TEST(ValidatorTest, MissingRequiredMemberIsNull) {
  EXPECT_EQ(Validate("GetLinkedWhatsAppBusinessAccount", "{}"),
            "1 validation error detected: Value null at 'id' failed to satisfy constraint: Member "
            "must not be null");
}

TEST(ValidatorTest, MultipleViolationsAreCountedAndJoined) {
  std::string id = "waba-" + Repeat("x", 111);
  EXPECT_EQ(Validate("DeleteWhatsAppMessageTemplate", R"({"id":")" + id + R"("})"),
            "2 validation errors detected: Value '" + id +
                "' at 'id' failed to satisfy constraint: Member must have length less than or "
                "equal to 115; Value null at 'templateName' failed to satisfy constraint: Member "
                "must not be null");
}

TEST(ValidatorTest, EmptyIdFailsLengthAndPattern) {
  EXPECT_EQ(Validate("GetLinkedWhatsAppBusinessAccount", R"({"id":""})"),
            "2 validation errors detected: Value '' at 'id' failed to satisfy constraint: Member "
            "must have length greater than or equal to 1; Value '' at 'id' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: "
            ".*(^waba-.*$)|(^arn:.*:waba/[0-9a-zA-Z]+$).*");
}

TEST(ValidatorTest, ListElementPathsAreOneBasedWithMember) {
  EXPECT_EQ(Validate("TagResource", R"({"resourceArn":"arn:x","tags":[{"key":"a"},{"key":""}]})"),
            "1 validation error detected: Value '' at 'tags.2.member.key' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1");
}

TEST(ValidatorTest, SensitiveValueInNestedListIsNotEchoed) {
  EXPECT_EQ(
      Validate("AssociateWhatsAppBusinessAccount",
               R"({"setupFinalization":{"associateInProgressToken":"t","phoneNumbers":[)"
               R"({"id":"1","twoFactorPin":"123456"},{"id":"2","twoFactorPin":"1234567"}]}})"),
      "1 validation error detected: Value at "
      "'setupFinalization.phoneNumbers.2.member.twoFactorPin' failed to satisfy constraint: "
      "Member must have length less than or equal to 6");
}

TEST(ValidatorTest, MissingMemberOfAListElement) {
  EXPECT_EQ(Validate("AssociateWhatsAppBusinessAccount",
                     R"({"setupFinalization":{"associateInProgressToken":"t",)"
                     R"("phoneNumbers":[{"id":"1"}]}})"),
            "1 validation error detected: Value null at "
            "'setupFinalization.phoneNumbers.1.member.twoFactorPin' failed to satisfy constraint: "
            "Member must not be null");
}

TEST(ValidatorTest, SensitiveTokenIsNotEchoed) {
  std::string token = Repeat("t", 51);
  std::string message = Validate(
      "AssociateWhatsAppBusinessAccount",
      R"({"setupFinalization":{"associateInProgressToken":")" + token + R"(","phoneNumbers":[]}})");
  EXPECT_EQ(message,
            "1 validation error detected: Value at 'setupFinalization.associateInProgressToken' "
            "failed to satisfy constraint: Member must have length less than or equal to 50");
  EXPECT_EQ(message.find(token), std::string::npos);
}

TEST(ValidatorTest, SensitiveBlobIsNotEchoedAndCountsDecodedBytes) {
  EXPECT_EQ(Validate("SendWhatsAppMessage",
                     R"({"originationPhoneNumberId":"phone-number-id-1","message":"",)"
                     R"("metaApiVersion":"v20.0"})"),
            "1 validation error detected: Value at 'message' failed to satisfy constraint: Member "
            "must have length greater than or equal to 1");
  // "aA==" is one decoded byte: long enough.
  EXPECT_EQ(Validate("SendWhatsAppMessage",
                     R"({"originationPhoneNumberId":"phone-number-id-1","message":"aA==",)"
                     R"("metaApiVersion":"v20.0"})"),
            "OK");
}

// A non-sensitive blob is echoed the way Java prints the ByteBuffer Coral validated.
TEST(ValidatorTest, BlobIsEchoedAsAJavaByteBuffer) {
  std::string definition(6001, 'x');
  EXPECT_EQ(Validate("CreateWhatsAppMessageTemplate", R"({"id":"waba-1","templateDefinition":")" +
                                                          Base64Encode(definition) + R"("})"),
            "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=6001 "
            "cap=6001]' at 'templateDefinition' failed to satisfy constraint: Member must have "
            "length less than or equal to 6000");
}

TEST(ValidatorTest, MembersOfASensitiveStructureAreNotEchoed) {
  EXPECT_EQ(Validate("CreateWhatsAppMessageTemplateMedia",
                     R"({"id":"waba-1","sourceS3File":{"bucketName":"AB"}})"),
            "3 validation errors detected: Value at 'sourceS3File.bucketName' failed to satisfy "
            "constraint: Member must have length greater than or equal to 3; Value at "
            "'sourceS3File.bucketName' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: [a-z0-9][a-z0-9.-]*[a-z0-9]; Value null at 'sourceS3File.key' "
            "failed to satisfy constraint: Member must not be null");
}

TEST(ValidatorTest, PatternMustMatchTheWholeValue) {
  EXPECT_EQ(Validate("GetWhatsAppMessageTemplate", R"({"id":"waba-1","metaTemplateId":"12a"})"),
            "1 validation error detected: Value '12a' at 'metaTemplateId' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [0-9]+");
  EXPECT_EQ(Validate("GetWhatsAppMessageTemplate", R"({"id":"waba-1","metaTemplateId":"a12"})"),
            "1 validation error detected: Value 'a12' at 'metaTemplateId' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [0-9]+");
  EXPECT_EQ(Validate("GetWhatsAppMessageTemplate", R"({"id":"waba-1","metaTemplateId":"123"})"),
            "OK");
}

TEST(ValidatorTest, MatchesWholeUsesFullMatchSemantics) {
  EXPECT_TRUE(MatchesWhole("[0-9]+", "123"));
  EXPECT_FALSE(MatchesWhole("[0-9]+", "12a"));
  EXPECT_FALSE(MatchesWhole("b", "abc"));
  EXPECT_TRUE(MatchesWhole("arn:.*", "arn:aws:sns:us-east-1:1:t"));
  EXPECT_FALSE(MatchesWhole("arn:.*", "xarn:aws"));
}

TEST(ValidatorTest, InvalidPatternNeverMatchesAndDoesNotCompile) {
  EXPECT_FALSE(PatternCompiles("([0-9]+"));
  EXPECT_FALSE(MatchesWhole("([0-9]+", "1"));
  EXPECT_TRUE(PatternCompiles("[0-9]+"));
}

TEST(ValidatorTest, PatternMatchingIsSafeOnLongInput) {
  std::string long_text = "arn:" + std::string(200000, 'a');
  EXPECT_TRUE(MatchesWhole("arn:.*", long_text));
  EXPECT_FALSE(MatchesWhole("(a|aa)*b", std::string(100000, 'a')));
}

TEST(ValidatorTest, CodePointLengthCountsCharactersNotBytes) {
  EXPECT_EQ(CodePointLength(""), 0);
  EXPECT_EQ(CodePointLength("abc"), 3);
  EXPECT_EQ(CodePointLength("\xC3\xA9"), 1);                  // é
  EXPECT_EQ(CodePointLength("\xE6\x97\xA5\xE6\x9C\xAC"), 2);  // 日本
  EXPECT_EQ(CodePointLength("\xF0\x9F\x98\x80"), 1);          // 😀
}

TEST(ValidatorTest, MultibyteIdOf115CharactersIsAccepted) {
  std::string id = "waba-" + Repeat("\xC3\xA9", 110);  // 115 characters, 225 bytes
  ASSERT_EQ(id.size(), 225u);
  EXPECT_EQ(Validate("GetLinkedWhatsAppBusinessAccount", R"({"id":")" + id + R"("})"), "OK");
}

TEST(ValidatorTest, MultibyteIdOf116CharactersIsRejected) {
  std::string id = "waba-" + Repeat("\xC3\xA9", 111);
  EXPECT_EQ(Validate("GetLinkedWhatsAppBusinessAccount", R"({"id":")" + id + R"("})"),
            "1 validation error detected: Value '" + id +
                "' at 'id' failed to satisfy constraint: Member must have length less than or "
                "equal to 115");
}

TEST(ValidatorTest, IntegerBelowRange) {
  EXPECT_EQ(Validate("ListLinkedWhatsAppBusinessAccounts", R"({"maxResults":0})"),
            "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1");
}

TEST(ValidatorTest, IntegerAboveRange) {
  EXPECT_EQ(Validate("ListLinkedWhatsAppBusinessAccounts", R"({"maxResults":101})"),
            "1 validation error detected: Value '101' at 'maxResults' failed to satisfy "
            "constraint: Member must have value less than or equal to 100");
}

TEST(ValidatorTest, IntegerRangeBoundsAreInclusive) {
  EXPECT_EQ(Validate("ListLinkedWhatsAppBusinessAccounts", R"({"maxResults":1})"), "OK");
  EXPECT_EQ(Validate("ListLinkedWhatsAppBusinessAccounts", R"({"maxResults":100})"), "OK");
}

TEST(ValidatorTest, EnumValueOutsideTheSet) {
  spec::ServiceSpec custom = spec::Service();
  custom.Add(
      spec::Shape{.name = "EnumHolder",
                  .type = spec::ShapeType::kStructure,
                  .members = {spec::Member{.name = "status", .shape = "RegistrationStatus"}}});
  Value input = Value::Object().Set("status", "MAYBE");
  std::vector<std::string> violations = FindViolations(custom, custom.shape("EnumHolder"), input);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0],
            "Value 'MAYBE' at 'status' failed to satisfy constraint: Member must satisfy enum "
            "value set: [COMPLETE, INCOMPLETE]");
  EXPECT_TRUE(
      FindViolations(custom, custom.shape("EnumHolder"), Value::Object().Set("status", "COMPLETE"))
          .empty());
}

TEST(ValidatorTest, ListLongerThanItsMaximum) {
  EXPECT_EQ(Validate("PutWhatsAppBusinessAccountEventDestinations",
                     R"({"id":"waba-1","eventDestinations":[)"
                     R"({"eventDestinationArn":"arn:aws:sns:us-east-1:000000000000:a"},)"
                     R"({"eventDestinationArn":"arn:aws:sns:us-east-1:000000000000:b"}]})"),
            "1 validation error detected: Value '[{eventDestinationArn=arn:aws:sns:us-east-1:"
            "000000000000:a}, {eventDestinationArn=arn:aws:sns:us-east-1:000000000000:b}]' at "
            "'eventDestinations' failed to satisfy constraint: Member must have length less than "
            "or equal to 1");
}

TEST(ValidatorTest, MapWithMoreThanTenEntries) {
  std::string filters;
  std::string rendered;
  for (int i = 0; i < 11; ++i) {
    filters += std::string(i ? "," : "") + "\"k" + std::to_string(i) + "\":\"v\"";
    rendered += std::string(i ? ", " : "") + "k" + std::to_string(i) + "=v";
  }
  EXPECT_EQ(
      Validate("ListWhatsAppTemplateLibrary", R"({"id":"waba-1","filters":{)" + filters + "}}"),
      "1 validation error detected: Value '{" + rendered +
          "}' at 'filters' failed to satisfy constraint: Member must have length less than "
          "or equal to 10");
}

TEST(ValidatorTest, MapKeyTooLong) {
  std::string key = Repeat("k", 101);
  EXPECT_EQ(Validate("ListWhatsAppTemplateLibrary",
                     R"({"id":"waba-1","filters":{")" + key + R"(":"v"}})"),
            "1 validation error detected: Value '{" + key +
                "=v}' at 'filters' failed to satisfy constraint: Map keys must satisfy "
                "constraint: [Member must have length less than or equal to 100]");
}

TEST(ValidatorTest, MapValueTooShort) {
  EXPECT_EQ(Validate("ListWhatsAppTemplateLibrary", R"({"id":"waba-1","filters":{"topic":""}})"),
            "1 validation error detected: Value '{topic=}' at 'filters' failed to satisfy "
            "constraint: Map value must satisfy constraint: [Member must have length greater than "
            "or equal to 1]");
}

TEST(ValidatorTest, MapKeyFailuresAreReportedOnceForAllKeys) {
  std::string a = Repeat("a", 101);
  std::string b = Repeat("b", 101);
  std::vector<std::string> violations;
  const spec::Shape& input = spec::Service().shape("ListWhatsAppTemplateLibraryInput");
  Value filters = Value::Object().Set(a, "v").Set(b, "");
  violations = FindViolations(spec::Service(), input,
                              Value::Object().Set("id", "waba-1").Set("filters", filters));
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0], "Value '{" + a + "=v, " + b +
                               "=}' at 'filters' failed to satisfy constraint: Map keys must "
                               "satisfy constraint: [Member must have length less than or equal "
                               "to 100]");
  EXPECT_EQ(violations[1], "Value '{" + a + "=v, " + b +
                               "=}' at 'filters' failed to satisfy constraint: Map value must "
                               "satisfy constraint: [Member must have length greater than or "
                               "equal to 1]");
}

TEST(ValidatorTest, ValidationStopsAtNothingAndReportsInMemberOrder) {
  // Everything wrong at once in SendWhatsAppMessage: each member reports in declaration order.
  EXPECT_EQ(Validate("SendWhatsAppMessage", R"({"originationPhoneNumberId":"x"})"),
            "3 validation errors detected: Value 'x' at 'originationPhoneNumberId' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: "
            ".*(^phone-number-id-.*$)|(^arn:.*:phone-number-id/[0-9a-zA-Z]+$).*; Value null at "
            "'message' failed to satisfy constraint: Member must not be null; Value null at "
            "'metaApiVersion' failed to satisfy constraint: Member must not be null");
}

}  // namespace
}  // namespace socialite::protocol
