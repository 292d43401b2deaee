#include "server/protocol/serializer.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "server/core/json.h"
#include "server/spec/spec_types.h"

namespace socialite::protocol {
namespace {

const spec::Operation& Op(const std::string& name) {
  const spec::Operation* op = spec::Service().FindOperation(name);
  if (op == nullptr) throw std::logic_error("no operation " + name);
  return *op;
}

TEST(SerializerTest, SuccessExactBytes) {
  Value tag = Value::Object().Set("key", "env").Set("value", "local");
  Value output = Value::Object().Set("statusCode", 200).Set("tags", ValueList{tag});
  HttpResponse response = SerializeOutput(spec::Service(), Op("ListTagsForResource"), output);
  EXPECT_EQ(response.status, 200);
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Content-Type");
  EXPECT_EQ(response.headers[0].second, "application/json");
  EXPECT_EQ(response.body, R"({"statusCode":200,"tags":[{"key":"env","value":"local"}]})");
}

TEST(SerializerTest, ErrorExactBytes) {
  HttpResponse response = SerializeError(ResourceNotFound("No linked phone number 'x'"));
  EXPECT_EQ(response.status, 404);
  ASSERT_EQ(response.headers.size(), 2u);
  EXPECT_EQ(response.headers[0].first, "Content-Type");
  EXPECT_EQ(response.headers[0].second, "application/json");
  EXPECT_EQ(response.headers[1].first, "x-amzn-ErrorType");
  EXPECT_EQ(response.headers[1].second, "ResourceNotFoundException");
  EXPECT_EQ(response.body,
            R"({"__type":"ResourceNotFoundException","message":"No linked phone number 'x'"})");
}

TEST(SerializerTest, ErrorMessageIsJsonEscaped) {
  HttpResponse response = SerializeError(Validation("Value 'a\"b\\c\n' at 'id'"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body,
            R"({"__type":"ValidationException","message":"Value 'a\"b\\c\n' at 'id'"})");
}

TEST(SerializerTest, EveryErrorCodeHasItsStatus) {
  struct Case {
    ErrorCode code;
    const char* name;
    int status;
  };
  const Case cases[] = {
      {ErrorCode::kAccessDenied, "AccessDeniedException", 403},
      {ErrorCode::kAccessDeniedByMeta, "AccessDeniedByMetaException", 403},
      {ErrorCode::kConflict, "ConflictException", 409},
      {ErrorCode::kDependency, "DependencyException", 502},
      {ErrorCode::kInternalService, "InternalServiceException", 500},
      {ErrorCode::kInvalidParameters, "InvalidParametersException", 400},
      {ErrorCode::kLimitExceeded, "LimitExceededException", 400},
      {ErrorCode::kResourceNotFound, "ResourceNotFoundException", 404},
      {ErrorCode::kThrottledRequest, "ThrottledRequestException", 429},
      {ErrorCode::kValidation, "ValidationException", 400},
      {ErrorCode::kUnknownOperation, "UnknownOperationException", 404},
      {ErrorCode::kSerialization, "SerializationException", 400},
      {ErrorCode::kRequestEntityTooLarge, "RequestEntityTooLargeException", 413},
  };
  for (const auto& c : cases) {
    HttpResponse response = SerializeError({c.code, "m"});
    EXPECT_EQ(response.status, c.status) << c.name;
    EXPECT_EQ(response.Header("x-amzn-ErrorType"), c.name);
    EXPECT_EQ(response.body, std::string(R"({"__type":")") + c.name + R"(","message":"m"})");
  }
}

TEST(SerializerTest, UndeclaredOutputMembersAreDropped) {
  Value output = Value::Object()
                     .Set("internalSecret", "s3cr3t")
                     .Set("linkedWhatsAppBusinessAccountId", "waba-1")
                     .Set("statusCode", 200);
  HttpResponse response =
      SerializeOutput(spec::Service(), Op("AssociateWhatsAppBusinessAccount"), output);
  EXPECT_EQ(response.body, R"({"statusCode":200,"linkedWhatsAppBusinessAccountId":"waba-1"})");
}

TEST(SerializerTest, UndeclaredMembersOfNestedStructuresAreDropped) {
  Value number = Value::Object()
                     .Set("phoneNumberId", "phone-number-id-1")
                     .Set("twoFactorPin", "123456")
                     .Set("arn", "arn:p");
  Value output = Value::Object().Set("phoneNumber", number).Set("extra", true);
  HttpResponse response =
      SerializeOutput(spec::Service(), Op("GetLinkedWhatsAppBusinessAccountPhoneNumber"), output);
  EXPECT_EQ(response.body,
            R"({"phoneNumber":{"arn":"arn:p","phoneNumberId":"phone-number-id-1"}})");
}

TEST(SerializerTest, MembersInAnyOrderComeOutInTheShapesOrder) {
  const std::vector<std::pair<std::string, Value>> members = {
      {"arn", "arn:p"},
      {"phoneNumber", "+14255550123"},
      {"phoneNumberId", "phone-number-id-1"},
      {"qualityRating", "GREEN"},
      {"extra", 1}};
  const std::string expected = R"({"phoneNumber":{"arn":"arn:p","phoneNumber":"+14255550123",)"
                               R"("phoneNumberId":"phone-number-id-1","qualityRating":"GREEN"}})";
  const spec::Operation& op = Op("GetLinkedWhatsAppBusinessAccountPhoneNumber");
  Value in_order = Value::Object();
  Value reversed = Value::Object();
  Value rotated = Value::Object();
  for (const auto& [name, value] : members) in_order.Set(name, value);
  for (auto it = members.rbegin(); it != members.rend(); ++it) reversed.Set(it->first, it->second);
  for (size_t i = 0; i < members.size(); ++i) {
    rotated.Set(members[(i + 3) % members.size()].first, members[(i + 3) % members.size()].second);
  }
  for (const Value& number : {in_order, reversed, rotated}) {
    Value output = Value::Object().Set("phoneNumber", number);
    EXPECT_EQ(SerializeOutput(spec::Service(), op, output).body, expected);
  }
}

TEST(SerializerTest, NullMembersAreOmitted) {
  Value output = Value::Object().Set("statusCode", Value()).Set("tags", Value::List());
  HttpResponse response = SerializeOutput(spec::Service(), Op("ListTagsForResource"), output);
  EXPECT_EQ(response.body, R"({"tags":[]})");
}

TEST(SerializerTest, EmptyOutputIsAnEmptyObject) {
  HttpResponse response =
      SerializeOutput(spec::Service(), Op("DisassociateWhatsAppBusinessAccount"), Value::Object());
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{}");
}

TEST(SerializerTest, TimestampsAreEpochSecondNumbers) {
  Value account = Value::Object().Set("id", "waba-1").Set("linkDate", Timestamp{1767225600});
  HttpResponse response = SerializeOutput(spec::Service(), Op("GetLinkedWhatsAppBusinessAccount"),
                                          Value::Object().Set("account", account));
  EXPECT_EQ(response.body, R"({"account":{"id":"waba-1","linkDate":1767225600}})");
}

TEST(SerializerTest, FractionalTimestampKeepsItsFraction) {
  Value account = Value::Object().Set("linkDate", Timestamp{1767225600.5});
  HttpResponse response = SerializeOutput(spec::Service(), Op("GetLinkedWhatsAppBusinessAccount"),
                                          Value::Object().Set("account", account));
  EXPECT_EQ(response.body, R"({"account":{"linkDate":1767225600.5}})");
}

TEST(SerializerTest, MapsKeepTheirKeysAndProjectTheirValues) {
  Value entry = Value::Object().Set("accountName", "Corner Bakery").Set("noise", 1);
  Value result = Value::Object().Set("linkedAccountsWithIncompleteSetup",
                                     Value::Object().Set("104729384756207", entry));
  HttpResponse response = SerializeOutput(spec::Service(), Op("AssociateWhatsAppBusinessAccount"),
                                          Value::Object().Set("signupCallbackResult", result));
  EXPECT_EQ(response.body, R"({"signupCallbackResult":{"linkedAccountsWithIncompleteSetup":)"
                           R"({"104729384756207":{"accountName":"Corner Bakery"}}}})");
}

TEST(SerializerTest, BlobOutputIsBase64) {
  spec::ServiceSpec custom;
  custom.Add(spec::Shape{.name = "Bytes", .type = spec::ShapeType::kBlob});
  custom.Add(spec::Shape{.name = "Out",
                         .type = spec::ShapeType::kStructure,
                         .members = {spec::Member{.name = "data", .shape = "Bytes"}}});
  custom.Add(spec::Operation{.name = "Op", .method = "GET", .path = "/op", .output = "Out"});
  HttpResponse response =
      SerializeOutput(custom, *custom.FindOperation("Op"),
                      Value::Object().Set("data", Blob{std::string("\x00\xff hi", 5)}));
  EXPECT_EQ(response.body, R"({"data":"AP8gaGk="})");
}

// SerializeOutput writes the projection without building it; the text must be the projected
// tree's, whatever the handler left in its output (undeclared members, nulls, wrong kinds).
TEST(SerializerTest, StreamedOutputIsTheProjectedTreesText) {
  Value phone = Value::Object()
                    .Set("id", "phone-1")
                    .Set("displayPhoneNumber", "+1 425-555-0100")
                    .Set("qualityRating", Value())
                    .Set("undeclared", "dropped \"quoted\"\n");
  Value account = Value::Object()
                      .Set("id", "waba-\u00e9\x01")
                      .Set("linkDate", Timestamp{1767225600.25})
                      .Set("phoneNumbers", ValueList{phone, Value(), Value::Object()})
                      .Set("eventDestinations", "not a list")
                      .Set("tags", ValueList{Value::Object().Set("key", "k").Set("value", 7)});
  const std::vector<Value> outputs = {Value::Object().Set("account", account).Set("extra", 1),
                                      Value::Object(), Value("text"),
                                      Value::Object().Set("account", "not an object")};
  for (const Value& output : outputs) {
    const spec::Operation& op = Op("GetLinkedWhatsAppBusinessAccount");
    std::string tree =
        WriteJson(ProjectOntoShape(spec::Service(), spec::Service().shape(op.output), output));
    EXPECT_EQ(SerializeOutput(spec::Service(), op, output).body, tree);
  }
  Value entry = Value::Object().Set("accountName", "Bakery").Set("noise", 1);
  Value result = Value::Object().Set("linkedAccountsWithIncompleteSetup",
                                     Value::Object().Set("1", entry).Set("2", Value()));
  Value output = Value::Object().Set("signupCallbackResult", result);
  const spec::Operation& op = Op("AssociateWhatsAppBusinessAccount");
  EXPECT_EQ(SerializeOutput(spec::Service(), op, output).body,
            WriteJson(ProjectOntoShape(spec::Service(), spec::Service().shape(op.output), output)));
}

TEST(SerializerTest, JsonResponseForAdminEndpoints) {
  HttpResponse response = JsonResponse(503, Value::Object().Set("status", "starting"));
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.Header("content-type"), "application/json");
  EXPECT_EQ(response.body, R"({"status":"starting"})");
}

}  // namespace
}  // namespace socialite::protocol
