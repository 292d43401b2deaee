#include "server/protocol/binder.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "server/core/json.h"
#include "server/spec/spec_types.h"

namespace socialite::protocol {
namespace {

const spec::Operation& Op(const std::string& name) {
  const spec::Operation* op = spec::Service().FindOperation(name);
  if (op == nullptr) throw std::logic_error("no operation " + name);
  return *op;
}

Result<Value> Bind(const std::string& operation, const QueryParams& query,
                   const std::string& body = "") {
  return BindInput(spec::Service(), Op(operation), query, body);
}

// The SerializationException message of a binding that must fail.
std::string SerializationMessage(const Result<Value>& bound) {
  if (bound.ok()) return "<bound: " + WriteJson(bound.value()) + ">";
  EXPECT_EQ(bound.error().code, ErrorCode::kSerialization) << bound.error().message;
  return bound.error().message;
}

TEST(BinderTest, QueryStringMemberIsBound) {
  Result<Value> in = Bind("GetLinkedWhatsAppBusinessAccount", {{"id", "waba-1"}});
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(WriteJson(*in), R"({"id":"waba-1"})");
}

TEST(BinderTest, LastOccurrenceOfARepeatedQueryParameterWins) {
  Result<Value> in = Bind("GetLinkedWhatsAppBusinessAccount", {{"id", "waba-1"}, {"id", "waba-2"}});
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->GetString("id"), "waba-2");
}

TEST(BinderTest, UnknownQueryParametersAreIgnored) {
  Result<Value> in = Bind("GetLinkedWhatsAppBusinessAccount", {{"id", "waba-1"}, {"x", "y"}});
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(WriteJson(*in), R"({"id":"waba-1"})");
}

TEST(BinderTest, QueryIntegerIsParsed) {
  Result<Value> in = Bind("ListLinkedWhatsAppBusinessAccounts", {{"maxResults", "42"}});
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->Get("maxResults")->kind(), Value::Kind::kInt);
  EXPECT_EQ(in->GetInt("maxResults"), 42);
}

TEST(BinderTest, QueryIntegerThatIsNotANumberIsSerializationException) {
  EXPECT_EQ(
      SerializationMessage(Bind("ListLinkedWhatsAppBusinessAccounts", {{"maxResults", "4x"}})),
      "Expected an integer for 'maxResults'");
  EXPECT_EQ(SerializationMessage(Bind("ListLinkedWhatsAppBusinessAccounts", {{"maxResults", ""}})),
            "Expected an integer for 'maxResults'");
}

TEST(BinderTest, QueryIntegerOutOfInt32RangeIsSerializationException) {
  EXPECT_EQ(SerializationMessage(
                Bind("ListLinkedWhatsAppBusinessAccounts", {{"maxResults", "2147483648"}})),
            "Expected an integer for 'maxResults'");
  Result<Value> max = Bind("ListLinkedWhatsAppBusinessAccounts", {{"maxResults", "2147483647"}});
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->GetInt("maxResults"), 2147483647);
}

TEST(BinderTest, DeleteTemplateReadsDeleteAllTemplatesIntoDeleteAllLanguages) {
  Result<Value> in =
      Bind("DeleteWhatsAppMessageTemplate",
           {{"id", "waba-1"}, {"templateName", "order_update"}, {"deleteAllTemplates", "true"}});
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->GetBool("deleteAllLanguages"), true);
  EXPECT_EQ(in->Get("deleteAllTemplates"), nullptr);
}

TEST(BinderTest, DeleteTemplateIgnoresAQueryParameterNamedLikeTheMember) {
  Result<Value> in =
      Bind("DeleteWhatsAppMessageTemplate",
           {{"id", "waba-1"}, {"templateName", "t"}, {"deleteAllLanguages", "true"}});
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->Get("deleteAllLanguages"), nullptr);
}

TEST(BinderTest, QueryBooleanMustBeTrueOrFalse) {
  EXPECT_EQ(SerializationMessage(Bind("DeleteWhatsAppMessageTemplate",
                                      {{"id", "waba-1"}, {"deleteAllTemplates", "yes"}})),
            "Expected a boolean (true or false) for 'deleteAllTemplates'");
  Result<Value> no = Bind("DeleteWhatsAppMessageTemplate", {{"deleteAllTemplates", "false"}});
  ASSERT_TRUE(no.ok());
  EXPECT_EQ(no->GetBool("deleteAllLanguages"), false);
}

TEST(BinderTest, TemplateLibraryReadsIdFromQueryAndFiltersFromBody) {
  Result<Value> in =
      Bind("ListWhatsAppTemplateLibrary", {{"id", "waba-1"}},
           R"({"maxResults":5,"filters":{"topic":"ORDER_MANAGEMENT"},"id":"ignored-body-id"})");
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->GetString("id"), "waba-1");
  EXPECT_EQ(in->GetInt("maxResults"), 5);
  EXPECT_EQ(WriteJson(*in->Get("filters")), R"({"topic":"ORDER_MANAGEMENT"})");
}

TEST(BinderTest, TemplateLibraryIgnoresMaxResultsInTheQuery) {
  Result<Value> in = Bind("ListWhatsAppTemplateLibrary", {{"id", "waba-1"}, {"maxResults", "5"}});
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->Get("maxResults"), nullptr);
}

TEST(BinderTest, BodyMembersAreBoundInSpecOrderAndUnknownOnesDropped) {
  Result<Value> in =
      Bind("TagResource", {},
           R"({"tags":[{"value":"v","key":"k","extra":1}],"resourceArn":"arn:x","unknown":true})");
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(WriteJson(*in), R"({"resourceArn":"arn:x","tags":[{"key":"k","value":"v"}]})");
}

TEST(BinderTest, NullMembersAndNullListEntriesAreDropped) {
  Result<Value> in = Bind("UntagResource", {}, R"({"resourceArn":null,"tagKeys":["a",null,"b"]})");
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(WriteJson(*in), R"({"tagKeys":["a","b"]})");
}

TEST(BinderTest, EmptyOrBlankBodyIsAnEmptyInput) {
  Result<Value> empty = Bind("TagResource", {}, "");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(WriteJson(*empty), "{}");
  Result<Value> blank = Bind("TagResource", {}, " \r\n\t");
  ASSERT_TRUE(blank.ok());
  EXPECT_EQ(WriteJson(*blank), "{}");
}

TEST(BinderTest, NonObjectBodiesAreSerializationException) {
  for (const char* body : {"[]", "\"x\"", "42", "null", "true"}) {
    EXPECT_EQ(SerializationMessage(Bind("TagResource", {}, body)),
              "The request body must be a JSON object")
        << body;
  }
}

TEST(BinderTest, MalformedJsonIsSerializationException) {
  std::string message = SerializationMessage(Bind("TagResource", {}, R"({"resourceArn":)"));
  EXPECT_EQ(message.rfind("Malformed JSON: ", 0), 0u) << message;
}

TEST(BinderTest, WrongJsonTypesAreSerializationException) {
  EXPECT_EQ(SerializationMessage(Bind("TagResource", {}, R"({"resourceArn":5})")),
            "Expected a string for 'resourceArn'");
  EXPECT_EQ(SerializationMessage(Bind("TagResource", {}, R"({"tags":{"key":"k"}})")),
            "Expected a list for 'tags'");
  EXPECT_EQ(SerializationMessage(Bind("TagResource", {}, R"({"tags":["k"]})")),
            "Expected an object for 'tags.1'");
  EXPECT_EQ(SerializationMessage(Bind("TagResource", {}, R"({"tags":[{"key":true}]})")),
            "Expected a string for 'tags.1.key'");
  EXPECT_EQ(SerializationMessage(
                Bind("ListWhatsAppTemplateLibrary", {{"id", "waba-1"}}, R"({"filters":[]})")),
            "Expected a map for 'filters'");
  EXPECT_EQ(SerializationMessage(Bind("ListWhatsAppTemplateLibrary", {{"id", "waba-1"}},
                                      R"({"filters":{"topic":1}})")),
            "Expected a string for 'filters.topic'");
}

TEST(BinderTest, BooleanMemberRejectsAString) {
  EXPECT_EQ(SerializationMessage(Bind("GetWhatsAppMessageMedia", {}, R"({"metadataOnly":"true"})")),
            "Expected a boolean for 'metadataOnly'");
}

TEST(BinderTest, JsonIntegersOutOfRangeOrFractionalAreSerializationException) {
  for (const char* body : {R"({"maxResults":2147483648})", R"({"maxResults":-2147483649})",
                           R"({"maxResults":1.5})", R"({"maxResults":1e3})",
                           R"({"maxResults":18446744073709551616})", R"({"maxResults":"5"})"}) {
    EXPECT_EQ(SerializationMessage(Bind("ListWhatsAppTemplateLibrary", {{"id", "waba-1"}}, body)),
              "Expected an integer for 'maxResults'")
        << body;
  }
}

TEST(BinderTest, Int32BoundariesAreAccepted) {
  Result<Value> low =
      Bind("ListWhatsAppTemplateLibrary", {{"id", "w"}}, R"({"maxResults":-2147483648})");
  ASSERT_TRUE(low.ok());
  EXPECT_EQ(low->GetInt("maxResults"), -2147483648LL);
}

TEST(BinderTest, BlobIsDecodedFromBase64) {
  Result<Value> in = Bind("SendWhatsAppMessage", {},
                          R"({"originationPhoneNumberId":"p","message":"aGVsbG8=",)"
                          R"("metaApiVersion":"v20.0"})");
  ASSERT_TRUE(in.ok());
  ASSERT_EQ(in->Get("message")->kind(), Value::Kind::kBlob);
  EXPECT_EQ(in->Get("message")->AsBlob().bytes, "hello");
}

TEST(BinderTest, BadBase64IsSerializationException) {
  EXPECT_EQ(SerializationMessage(Bind("SendWhatsAppMessage", {}, R"({"message":"aGVsbG8"})")),
            "Invalid base64 for 'message'");
  EXPECT_EQ(SerializationMessage(Bind("SendWhatsAppMessage", {}, R"({"message":"a$=="})")),
            "Invalid base64 for 'message'");
}

TEST(BinderTest, BlobMustBeAString) {
  EXPECT_EQ(SerializationMessage(Bind("SendWhatsAppMessage", {}, R"({"message":[104]})")),
            "Expected a base64 string for 'message'");
}

TEST(BinderTest, NestedStructuresBindWithTheirPaths) {
  Result<Value> in =
      Bind("AssociateWhatsAppBusinessAccount", {},
           R"({"setupFinalization":{"phoneNumbers":[{"id":"p","twoFactorPin":7}]}})");
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.error().message,
            "Expected a string for 'setupFinalization.phoneNumbers.1.twoFactorPin'");
}

TEST(BinderTest, DuplicateBodyKeysKeepTheLastValue) {
  Result<Value> in =
      Bind("TagResource", {}, R"({"resourceArn":"arn:first","resourceArn":"arn:second"})");
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->GetString("resourceArn"), "arn:second");
}

TEST(BinderTest, BodyIsIgnoredByOperationsWithOnlyQueryMembers) {
  Result<Value> in = Bind("GetLinkedWhatsAppBusinessAccount", {{"id", "waba-1"}}, "not json");
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(WriteJson(*in), R"({"id":"waba-1"})");
}

TEST(BinderTest, BindJsonValueConvertsTimestampsFromEpochSeconds) {
  spec::Shape ts{.name = "T", .type = spec::ShapeType::kTimestamp};
  Result<Value> whole = BindJsonValue(spec::Service(), ts, Value(int64_t{1767225600}), "t");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->AsTimestamp().seconds, 1767225600.0);
  Result<Value> fraction = BindJsonValue(spec::Service(), ts, Value(1.25), "t");
  ASSERT_TRUE(fraction.ok());
  EXPECT_EQ(fraction->AsTimestamp().seconds, 1.25);
  Result<Value> text = BindJsonValue(spec::Service(), ts, Value("2026-01-01"), "t");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().message, "Expected a timestamp in epoch seconds for 't'");
}

}  // namespace
}  // namespace socialite::protocol

namespace socialite::protocol {
namespace {

// A ListWhatsAppTemplateLibrary body whose filters map has `count` entries.
std::string LibraryBodyWithFilters(int count) {
  std::string body = R"({"filters":{)";
  for (int i = 0; i < count; ++i) {
    if (i > 0) body += ',';
    body += "\"k" + std::to_string(i) + "\":\"v\"";
  }
  return body + "}}";
}

// Binding must stay linear in a map's size, not search the bound map per key (issue 9, #5):
// it runs before validation, so the map can be far larger than its documented maximum.
TEST(BinderTest, MapOfTwoHundredThousandEntriesBindsFast) {
  constexpr int kEntries = 200000;
  std::string body = LibraryBodyWithFilters(kEntries);
  auto started = std::chrono::steady_clock::now();
  Result<Value> in = Bind("ListWhatsAppTemplateLibrary", {{"id", "waba-1"}}, body);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_LT(seconds, 5.0);
  const Value* filters = in->Get("filters");
  ASSERT_EQ(filters->AsObject().size(), static_cast<size_t>(kEntries));
  EXPECT_EQ(filters->AsObject().back().first, "k199999");
  EXPECT_EQ(filters->GetString("k4242"), "v");
}

}  // namespace
}  // namespace socialite::protocol
