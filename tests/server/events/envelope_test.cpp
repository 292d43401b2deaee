// The AWS End User Messaging Social envelope around Meta's webhook entry (whatsapp-facts
// Appendix A), RFC 3339 timestamps with nanoseconds, the `messages` change value of a status
// (§3.1 statuses[]), and RecordEvent's outbox row.
#include "server/events/envelope.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "server/core/json.h"
#include "server/events/event_recorder.h"
#include "server/whatsapp/bsuid.h"
#include "server/whatsapp/meta_error.h"
#include "storage/event_store.h"
#include "storage/phone_number_store.h"
#include "storage/statement.h"
#include "storage/waba_store.h"
#include "tests/server/testing/test_env.h"

namespace socialite::events {
namespace {

using socialite::testing::DefaultPartition;
using socialite::testing::kFixtureMetaWabaId;
using socialite::testing::kFixtureNumberArn;
using socialite::testing::kFixtureNumberId;
using socialite::testing::kFixtureWabaArn;
using socialite::testing::kFixtureWabaId;
using socialite::testing::kStartMillis;
using socialite::testing::TestEnv;

constexpr char kMetaNumberId[] = "110382746591034";
constexpr char kMessageId[] = "6d69f07a-1b2c-4d3e-8f90-0123456789ab";
constexpr char kCustomer[] = "14155550100";
constexpr char kWamid[] = "wamid.HBgLMTQxNTU1NTAxMDAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";

EnvelopeContext PhoneContext() {
  return EnvelopeContext{"000000000000", kFixtureMetaWabaId, kFixtureWabaArn,
                         std::string(kMetaNumberId), std::string(kFixtureNumberArn)};
}

EnvelopeContext AccountContext() {
  return EnvelopeContext{"000000000000", kFixtureMetaWabaId, kFixtureWabaArn, std::nullopt,
                         std::nullopt};
}

Value Parse(const std::string& text) {
  Result<Value> parsed = ParseJson(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? parsed.value() : Value();
}

// The member names of an object, in order.
std::vector<std::string> Keys(const Value& object) {
  std::vector<std::string> keys;
  if (!object.is_object()) return keys;
  for (const auto& [name, value] : object.AsObject()) keys.push_back(name);
  return keys;
}

using Strings = std::vector<std::string>;

Value SimpleValue() { return Value::Object().Set("k", "v"); }

// The envelope of a phone-level `messages` event, parsed.
Value PhoneEnvelope(int64_t at_ms = kStartMillis + 271) {
  return Parse(EnvelopeJson(
      PhoneContext(), WebhookEntry(kFixtureMetaWabaId, "messages", SimpleValue(), std::nullopt),
      at_ms, kMessageId));
}

// The whatsAppWebhookEntry string of `envelope`, parsed.
Value EntryOf(const Value& envelope) {
  const Value* entry = envelope.Get("whatsAppWebhookEntry");
  EXPECT_TRUE(entry != nullptr && entry->kind() == Value::Kind::kString);
  if (entry == nullptr || entry->kind() != Value::Kind::kString) return Value();
  return Parse(entry->AsString());
}

// --- EnvelopeJson ---

TEST(EnvelopeTest, PhoneLevelEnvelopeIsExactlyTheDocumentedJson) {
  std::string json = EnvelopeJson(
      PhoneContext(), WebhookEntry(kFixtureMetaWabaId, "messages", SimpleValue(), std::nullopt),
      kStartMillis + 271, kMessageId);
  EXPECT_EQ(json,
            std::string(R"({"context":{"MetaWabaIds":[{"wabaId":"104729384756102","arn":")") +
                kFixtureWabaArn +
                R"("}],"MetaPhoneNumberIds":[{"metaPhoneNumberId":"110382746591034","arn":")" +
                kFixtureNumberArn +
                R"("}]},"whatsAppWebhookEntry":"{\"id\":\"104729384756102\",\"changes\":)"
                R"([{\"value\":{\"k\":\"v\"},\"field\":\"messages\"}]}","aws_account_id":)"
                R"("000000000000","message_timestamp":"2026-01-01T00:00:00.271000000Z",)"
                R"("messageId":"6d69f07a-1b2c-4d3e-8f90-0123456789ab"})");
}

TEST(EnvelopeTest, EntryJsonWritesTheBytesOfTheEntryTree) {
  // The recorder writes the entry without building it as a tree: the bytes must not change.
  Value value = Value::Object()
                    .Set("text", "quote \" backslash \\ newline \n tab \t \x01 caf\xc3\xa9 /")
                    .Set("n", int64_t{42})
                    .Set("list", Value(ValueList{Value(true), Value()}));
  for (std::optional<int64_t> time :
       {std::optional<int64_t>(), std::optional<int64_t>(1767225600)}) {
    EXPECT_EQ(
        EntryJson(kFixtureMetaWabaId, "message_template_status_update", value, time),
        WriteJson(WebhookEntry(kFixtureMetaWabaId, "message_template_status_update", value, time)));
  }
}

TEST(EnvelopeTest, WrapEntryEscapesTheEntryAsTheJsonWriterDoes) {
  std::string entry = "{\"a\":\"q\\\" b\\\\ \xc3\xa9 /\"}";
  entry += std::string("\x00\x01\x08\x09\x0a\x0c\x0d\x1f\x7f end", 14);
  std::string json = WrapEntry(PhoneContext(), entry, kStartMillis, kMessageId);
  EXPECT_NE(json.find(R"("whatsAppWebhookEntry":)" + WriteJson(Value(entry)) + ","),
            std::string::npos)
      << json;
  EXPECT_EQ(Parse(json).GetString("whatsAppWebhookEntry").value_or(""), entry);
}

TEST(EnvelopeTest, WrapEntryEscapesEveryByteAsTheJsonWriterDoes) {
  std::string entry;
  for (int c = 0; c < 256; ++c) entry += static_cast<char>(c);
  std::string json = WrapEntry(PhoneContext(), entry, kStartMillis, kMessageId);
  EXPECT_NE(json.find(R"("whatsAppWebhookEntry":)" + WriteJson(Value(entry)) + ","),
            std::string::npos);
}

TEST(EnvelopeTest, TopLevelMembersInDocumentedOrder) {
  EXPECT_EQ(Keys(PhoneEnvelope()), (Strings{"context", "whatsAppWebhookEntry", "aws_account_id",
                                            "message_timestamp", "messageId"}));
}

TEST(EnvelopeTest, ContextHasMetaWabaIdsThenMetaPhoneNumberIds) {
  Value envelope = PhoneEnvelope();
  const Value* context = envelope.Get("context");
  ASSERT_NE(context, nullptr);
  EXPECT_EQ(Keys(*context), (Strings{"MetaWabaIds", "MetaPhoneNumberIds"}));
}

TEST(EnvelopeTest, MetaWabaIdsIsOneWabaIdWithItsArn) {
  Value envelope = PhoneEnvelope();
  const Value* wabas = envelope.Get("context")->Get("MetaWabaIds");
  ASSERT_NE(wabas, nullptr);
  ASSERT_TRUE(wabas->is_list());
  ASSERT_EQ(wabas->AsList().size(), 1u);
  const Value& waba = wabas->AsList()[0];
  EXPECT_EQ(Keys(waba), (Strings{"wabaId", "arn"}));
  EXPECT_EQ(waba.GetString("wabaId"), "104729384756102");
  EXPECT_EQ(waba.GetString("arn"), kFixtureWabaArn);
}

TEST(EnvelopeTest, MetaPhoneNumberIdsIsOneNumberWithItsArn) {
  Value envelope = PhoneEnvelope();
  const Value* numbers = envelope.Get("context")->Get("MetaPhoneNumberIds");
  ASSERT_NE(numbers, nullptr);
  ASSERT_TRUE(numbers->is_list());
  ASSERT_EQ(numbers->AsList().size(), 1u);
  const Value& number = numbers->AsList()[0];
  EXPECT_EQ(Keys(number), (Strings{"metaPhoneNumberId", "arn"}));
  EXPECT_EQ(number.GetString("metaPhoneNumberId"), kMetaNumberId);
  EXPECT_EQ(number.GetString("arn"), kFixtureNumberArn);
}

TEST(EnvelopeTest, MetaPhoneNumberIdsIsEmptyForAccountLevelEvents) {
  Value envelope = Parse(EnvelopeJson(
      AccountContext(),
      WebhookEntry(kFixtureMetaWabaId, "message_template_status_update", SimpleValue(), 1767225600),
      kStartMillis, kMessageId));
  const Value* numbers = envelope.Get("context")->Get("MetaPhoneNumberIds");
  ASSERT_NE(numbers, nullptr);
  ASSERT_TRUE(numbers->is_list());
  EXPECT_TRUE(numbers->AsList().empty());
}

TEST(EnvelopeTest, PhoneNumberIdWithoutArnIsLeftOut) {
  EnvelopeContext context = PhoneContext();
  context.phone_number_arn.reset();
  Value envelope = Parse(EnvelopeJson(
      context, WebhookEntry(kFixtureMetaWabaId, "messages", SimpleValue(), std::nullopt),
      kStartMillis, kMessageId));
  EXPECT_TRUE(envelope.Get("context")->Get("MetaPhoneNumberIds")->AsList().empty());
}

TEST(EnvelopeTest, WebhookEntryIsAJsonString) {
  Value envelope = PhoneEnvelope();
  const Value* entry = envelope.Get("whatsAppWebhookEntry");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->kind(), Value::Kind::kString);
}

TEST(EnvelopeTest, WebhookEntryParsesToIdAndChangesWithValueAndField) {
  Value entry = EntryOf(PhoneEnvelope());
  EXPECT_EQ(Keys(entry), (Strings{"id", "changes"}));
  EXPECT_EQ(entry.GetString("id"), "104729384756102");
  const Value* changes = entry.Get("changes");
  ASSERT_TRUE(changes != nullptr && changes->is_list());
  ASSERT_EQ(changes->AsList().size(), 1u);
  const Value& change = changes->AsList()[0];
  EXPECT_EQ(Keys(change), (Strings{"value", "field"}));
  EXPECT_EQ(*change.Get("value"), SimpleValue());
  EXPECT_EQ(change.GetString("field"), "messages");
}

TEST(EnvelopeTest, AccountLevelEntryCarriesTimeAsANumber) {
  Value entry = EntryOf(Parse(EnvelopeJson(
      AccountContext(),
      WebhookEntry(kFixtureMetaWabaId, "message_template_status_update", SimpleValue(), 1767225601),
      kStartMillis + 1000, kMessageId)));
  EXPECT_EQ(Keys(entry), (Strings{"id", "time", "changes"}));
  const Value* time = entry.Get("time");
  ASSERT_NE(time, nullptr);
  ASSERT_EQ(time->kind(), Value::Kind::kInt);
  EXPECT_EQ(time->AsInt(), 1767225601);
}

TEST(EnvelopeTest, AccountIdIsTheContextsAccount) {
  EnvelopeContext context = PhoneContext();
  context.account = "111122223333";
  Value envelope = Parse(EnvelopeJson(
      context, WebhookEntry(kFixtureMetaWabaId, "messages", SimpleValue(), std::nullopt),
      kStartMillis, kMessageId));
  EXPECT_EQ(envelope.GetString("aws_account_id"), "111122223333");
}

TEST(EnvelopeTest, MessageTimestampIsRfc3339WithNineFractionalDigits) {
  EXPECT_EQ(PhoneEnvelope(kStartMillis + 3723456).GetString("message_timestamp"),
            "2026-01-01T01:02:03.456000000Z");
}

TEST(EnvelopeTest, MessageIdIsTheGivenId) {
  EXPECT_EQ(PhoneEnvelope().GetString("messageId"), kMessageId);
}

TEST(EnvelopeTest, WebhookEntryKeepsTheValueVerbatim) {
  Value value = Value::Object();
  value.Set("quote", "say \"hi\"\n");
  value.Set("number", static_cast<int64_t>(1234567890123));
  value.Set("flag", true);
  Value entry = EntryOf(Parse(EnvelopeJson(
      PhoneContext(), WebhookEntry(kFixtureMetaWabaId, "messages", value, std::nullopt),
      kStartMillis, kMessageId)));
  EXPECT_EQ(*entry.Get("changes")->AsList()[0].Get("value"), value);
}

// --- Rfc3339Nanos ---

TEST(Rfc3339NanosTest, Epoch) { EXPECT_EQ(Rfc3339Nanos(0), "1970-01-01T00:00:00.000000000Z"); }

TEST(Rfc3339NanosTest, OneMillisecond) {
  EXPECT_EQ(Rfc3339Nanos(1), "1970-01-01T00:00:00.001000000Z");
}

TEST(Rfc3339NanosTest, LastMillisecondOfASecond) {
  EXPECT_EQ(Rfc3339Nanos(999), "1970-01-01T00:00:00.999000000Z");
}

TEST(Rfc3339NanosTest, MillisecondsCarryIntoTheSecond) {
  EXPECT_EQ(Rfc3339Nanos(1000), "1970-01-01T00:00:01.000000000Z");
  EXPECT_EQ(Rfc3339Nanos(59999), "1970-01-01T00:00:59.999000000Z");
  EXPECT_EQ(Rfc3339Nanos(60000), "1970-01-01T00:01:00.000000000Z");
}

TEST(Rfc3339NanosTest, StartOf2026) {
  EXPECT_EQ(Rfc3339Nanos(kStartMillis), "2026-01-01T00:00:00.000000000Z");
}

TEST(Rfc3339NanosTest, LastMillisecondOf2025) {
  EXPECT_EQ(Rfc3339Nanos(kStartMillis - 1), "2025-12-31T23:59:59.999000000Z");
}

TEST(Rfc3339NanosTest, EndOfFebruary2026IsNotALeapDay) {
  // 2026-02-28T23:59:59.999Z, then one millisecond later it is March.
  const int64_t feb28_end = 1772323199999;
  EXPECT_EQ(Rfc3339Nanos(feb28_end), "2026-02-28T23:59:59.999000000Z");
  EXPECT_EQ(Rfc3339Nanos(feb28_end + 1), "2026-03-01T00:00:00.000000000Z");
}

TEST(Rfc3339NanosTest, AwsDocumentationsExampleInstantToTheMillisecond) {
  EXPECT_EQ(Rfc3339Nanos(1736379043271), "2025-01-08T23:30:43.271000000Z");
}

TEST(Rfc3339NanosTest, LeapDaysAndCenturies) {
  EXPECT_EQ(Rfc3339Nanos(951782400000), "2000-02-29T00:00:00.000000000Z");  // 400 divides 2000
  EXPECT_EQ(Rfc3339Nanos(1835395200123), "2028-02-29T00:00:00.123000000Z");
  EXPECT_EQ(Rfc3339Nanos(4107542400000), "2100-03-01T00:00:00.000000000Z");  // 2100: no Feb 29
  EXPECT_EQ(Rfc3339Nanos(4107542399999), "2100-02-28T23:59:59.999000000Z");
}

TEST(Rfc3339NanosTest, AgreesWithGmtimeFrom1970To2400) {
  int checked = 0;
  for (int64_t ms = 0; ms < 13'569'465'600'000; ms += 3'214'567'891) {  // about 37 days apart
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char expected[96];
    std::snprintf(expected, sizeof(expected), "%04d-%02d-%02dT%02d:%02d:%02d.%03d000000Z",
                  utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                  utc.tm_sec, static_cast<int>(ms % 1000));
    ASSERT_EQ(Rfc3339Nanos(ms), expected) << ms;
    ++checked;
  }
  EXPECT_GT(checked, 4000);
}

TEST(Rfc3339NanosTest, EndOf2026) {
  EXPECT_EQ(Rfc3339Nanos(1798761599999), "2026-12-31T23:59:59.999000000Z");
}

// --- StatusChangeValue ---

class StatusValueTest : public ::testing::Test {
 protected:
  StatusValueTest() {
    number_.id = kFixtureNumberId;
    number_.waba_id = kFixtureWabaId;
    number_.meta = storage::MetaPhoneNumber{kMetaNumberId, "+14255550123", "+1 425-555-0123",
                                            "Demo Store", "GREEN"};
    message_.wamid = kWamid;
    message_.phone_number_id = kFixtureNumberId;
    message_.waba_id = kFixtureWabaId;
    message_.direction = "outbound";
    message_.wa_id = kCustomer;
    message_.type = "text";
    message_.created_ms = kStartMillis + 5000;  // 2026-01-01T00:00:05Z
  }

  // The single statuses[] item of the value.
  Value Status(const std::string& status, int64_t at_ms,
               const std::optional<whatsapp::MetaError>& error = std::nullopt,
               const std::optional<std::string>& category = std::nullopt) {
    Value value = StatusChangeValue(number_, message_, status, at_ms, error, category,
                                    Extras(status, extras_waba_));
    const Value* statuses = value.Get("statuses");
    EXPECT_TRUE(statuses != nullptr && statuses->is_list() && statuses->AsList().size() == 1);
    if (statuses == nullptr || !statuses->is_list() || statuses->AsList().size() != 1) {
      return Value();
    }
    return statuses->AsList()[0];
  }

  // Priced as the default plan prices: `sent` and `delivered`.
  static StatusExtras Extras(const std::string& status, const std::string& waba = "") {
    return StatusExtras{waba, status == "sent" || status == "delivered"};
  }

  storage::PhoneNumberRecord number_;
  storage::MessageRecord message_;
  std::string extras_waba_;  // "" leaves the BSUID out
};

TEST_F(StatusValueTest, ValueIsMessagingProductMetadataAndOneStatus) {
  Value value = StatusChangeValue(number_, message_, "read", kStartMillis + 7000, std::nullopt,
                                  std::nullopt, Extras("read"));
  EXPECT_EQ(Keys(value), (Strings{"messaging_product", "metadata", "statuses"}));
  EXPECT_EQ(value.GetString("messaging_product"), "whatsapp");
  EXPECT_EQ(WriteJson(*value.Get("metadata")),
            R"({"display_phone_number":"14255550123","phone_number_id":"110382746591034"})");
}

TEST_F(StatusValueTest, ValueHasNoContacts) {
  Value value = StatusChangeValue(number_, message_, "sent", kStartMillis, std::nullopt,
                                  std::nullopt, Extras("sent"));
  EXPECT_EQ(value.Get("contacts"), nullptr);
}

TEST_F(StatusValueTest, MetadataDisplayNumberIsDigitsOnly) {
  number_.meta.phone_number = "+44 20 7183-8750";
  EXPECT_EQ(ChangeMetadata(number_).GetString("display_phone_number"), "442071838750");
}

TEST_F(StatusValueTest, SentHasIdStatusTimestampRecipientConversationAndPricing) {
  Value sent = Status("sent", kStartMillis + 5100);
  EXPECT_EQ(Keys(sent),
            (Strings{"id", "status", "timestamp", "recipient_id", "conversation", "pricing"}));
  EXPECT_EQ(sent.GetString("id"), kWamid);
  EXPECT_EQ(sent.GetString("status"), "sent");
  EXPECT_EQ(sent.GetString("timestamp"), "1767225605");
  EXPECT_EQ(sent.GetString("recipient_id"), kCustomer);
}

TEST_F(StatusValueTest, TimestampIsUnixSecondsAsAStringRoundedDown) {
  Value read = Status("read", kStartMillis + 1999);
  const Value* timestamp = read.Get("timestamp");
  ASSERT_NE(timestamp, nullptr);
  ASSERT_EQ(timestamp->kind(), Value::Kind::kString);
  EXPECT_EQ(timestamp->AsString(), "1767225601");
}

TEST_F(StatusValueTest, SentConversationHasIdExpirationAndServiceOrigin) {
  Value sent = Status("sent", kStartMillis + 5100);
  const Value* conversation = sent.Get("conversation");
  ASSERT_NE(conversation, nullptr);
  EXPECT_EQ(Keys(*conversation), (Strings{"id", "expiration_timestamp", "origin"}));
  // Expires 24 hours after the message was accepted.
  EXPECT_EQ(conversation->GetString("expiration_timestamp"), "1767312005");
  EXPECT_EQ(WriteJson(*conversation->Get("origin")), R"({"type":"service"})");
}

TEST_F(StatusValueTest, ConversationIdIs32LowercaseHexDigits) {
  std::string id = Status("sent", kStartMillis).Get("conversation")->GetString("id").value_or("");
  ASSERT_EQ(id.size(), 32u) << id;
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
}

TEST_F(StatusValueTest, SentAndDeliveredShareTheConversationId) {
  std::optional<std::string> sent =
      Status("sent", kStartMillis + 100).Get("conversation")->GetString("id");
  std::optional<std::string> delivered =
      Status("delivered", kStartMillis + 500).Get("conversation")->GetString("id");
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent, delivered);
}

TEST_F(StatusValueTest, ConversationIdDiffersByCategory) {
  std::optional<std::string> service =
      Status("sent", kStartMillis).Get("conversation")->GetString("id");
  std::optional<std::string> utility =
      Status("sent", kStartMillis, std::nullopt, "UTILITY").Get("conversation")->GetString("id");
  EXPECT_NE(service, utility);
}

TEST_F(StatusValueTest, ServicePricingIsFreeCustomerServiceNotBillable) {
  Value sent = Status("sent", kStartMillis);
  const Value* pricing = sent.Get("pricing");
  ASSERT_NE(pricing, nullptr);
  EXPECT_EQ(WriteJson(*pricing),
            R"({"billable":false,"pricing_model":"PMP","type":"free_customer_service",)"
            R"("category":"service"})");
}

TEST_F(StatusValueTest, TemplatePricingIsRegularBillableInTheTemplatesCategory) {
  message_.type = "template";
  message_.template_name = "order_update";
  message_.template_language = "en_US";
  Value sent = Status("sent", kStartMillis, std::nullopt, "UTILITY");
  EXPECT_EQ(WriteJson(*sent.Get("pricing")),
            R"({"billable":true,"pricing_model":"PMP","type":"regular","category":"utility"})");
  EXPECT_EQ(WriteJson(*sent.Get("conversation")->Get("origin")), R"({"type":"utility"})");
}

TEST_F(StatusValueTest, MarketingTemplateCategoryIsLowercased) {
  Value sent = Status("sent", kStartMillis, std::nullopt, "MARKETING");
  EXPECT_EQ(sent.Get("pricing")->GetString("category"), "marketing");
  EXPECT_EQ(sent.Get("conversation")->Get("origin")->GetString("type"), "marketing");
}

TEST_F(StatusValueTest, PricingBillableIsABoolean) {
  Value sent = Status("sent", kStartMillis, std::nullopt, "UTILITY");
  const Value* billable = sent.Get("pricing")->Get("billable");
  ASSERT_NE(billable, nullptr);
  EXPECT_EQ(billable->kind(), Value::Kind::kBool);
}

TEST_F(StatusValueTest, DeliveredConversationHasNoExpiration) {
  Value delivered = Status("delivered", kStartMillis + 500);
  EXPECT_EQ(Keys(delivered),
            (Strings{"id", "status", "timestamp", "recipient_id", "conversation", "pricing"}));
  EXPECT_EQ(Keys(*delivered.Get("conversation")), (Strings{"id", "origin"}));
  EXPECT_EQ(delivered.Get("pricing")->GetString("pricing_model"), "PMP");
}

TEST_F(StatusValueTest, ReadHasNoConversationOrPricing) {
  EXPECT_EQ(Keys(Status("read", kStartMillis + 2000)),
            (Strings{"id", "status", "timestamp", "recipient_id"}));
}

TEST_F(StatusValueTest, FailedHasErrorsAndNoConversationOrPricing) {
  Value failed = Status("failed", kStartMillis + 100,
                        whatsapp::MakeMetaError(131047, "More than 24 hours have passed"));
  EXPECT_EQ(Keys(failed), (Strings{"id", "status", "timestamp", "recipient_id", "errors"}));
  EXPECT_EQ(failed.GetString("status"), "failed");
}

TEST_F(StatusValueTest, FailedErrorHasCodeTitleMessageDetailsAndHref) {
  Value failed = Status("failed", kStartMillis + 100,
                        whatsapp::MakeMetaError(131049, "Marketing templates are not delivered"));
  const Value* errors = failed.Get("errors");
  ASSERT_TRUE(errors != nullptr && errors->is_list());
  ASSERT_EQ(errors->AsList().size(), 1u);
  const Value& error = errors->AsList()[0];
  EXPECT_EQ(Keys(error), (Strings{"code", "title", "message", "error_data", "href"}));
  ASSERT_EQ(error.Get("code")->kind(), Value::Kind::kInt);
  EXPECT_EQ(error.Get("code")->AsInt(), 131049);
  EXPECT_EQ(error.GetString("title"),
            "This message was not delivered to maintain healthy ecosystem engagement.");
  EXPECT_EQ(error.GetString("message"),
            "This message was not delivered to maintain healthy ecosystem engagement.");
  EXPECT_EQ(WriteJson(*error.Get("error_data")),
            R"({"details":"Marketing templates are not delivered"})");
  EXPECT_EQ(error.GetString("href"),
            "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/");
}

TEST_F(StatusValueTest, FailedWithoutDetailsRepeatsTheTitleAsDetails) {
  Value failed = Status("failed", kStartMillis, whatsapp::MakeMetaError(131026, ""));
  const Value& error = failed.Get("errors")->AsList()[0];
  EXPECT_EQ(error.GetString("title"), "Message Undeliverable");
  EXPECT_EQ(error.Get("error_data")->GetString("details"), "Message Undeliverable");
}

TEST_F(StatusValueTest, FailedTemplateHasNoPricingEither) {
  Value failed = Status("failed", kStartMillis, whatsapp::MakeMetaError(132001, "no such template"),
                        "MARKETING");
  EXPECT_EQ(failed.Get("pricing"), nullptr);
  EXPECT_EQ(failed.Get("conversation"), nullptr);
}

TEST_F(StatusValueTest, BizOpaqueCallbackDataIsEchoed) {
  message_.biz_opaque_callback_data = "order=42&step=ship";
  Value read = Status("read", kStartMillis + 2000);
  EXPECT_EQ(Keys(read),
            (Strings{"id", "status", "timestamp", "recipient_id", "biz_opaque_callback_data"}));
  EXPECT_EQ(read.GetString("biz_opaque_callback_data"), "order=42&step=ship");
}

TEST_F(StatusValueTest, BizOpaqueCallbackDataIsAbsentWhenNotSet) {
  EXPECT_EQ(Status("sent", kStartMillis).Get("biz_opaque_callback_data"), nullptr);
}

TEST_F(StatusValueTest, AllStatusFieldsButBillableAndCodeAreStrings) {
  message_.biz_opaque_callback_data = "cb";
  Value sent = Status("sent", kStartMillis, std::nullopt, "UTILITY");
  for (const char* name :
       {"id", "status", "timestamp", "recipient_id", "biz_opaque_callback_data"}) {
    ASSERT_NE(sent.Get(name), nullptr) << name;
    EXPECT_EQ(sent.Get(name)->kind(), Value::Kind::kString) << name;
  }
  const Value* conversation = sent.Get("conversation");
  for (const char* name : {"id", "expiration_timestamp"}) {
    EXPECT_EQ(conversation->Get(name)->kind(), Value::Kind::kString) << name;
  }
  for (const char* name : {"pricing_model", "type", "category"}) {
    EXPECT_EQ(sent.Get("pricing")->Get(name)->kind(), Value::Kind::kString) << name;
  }
}

// --- RecordEvent ---

class RecordEventTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto waba = storage::WabaStore(env_.db()).Find(DefaultPartition(), kFixtureWabaId);
    ASSERT_TRUE(waba.ok() && waba.value().has_value());
    waba_ = *waba.value();
    auto number = storage::PhoneNumberStore(env_.db()).Find(DefaultPartition(), kFixtureNumberId);
    ASSERT_TRUE(number.ok() && number.value().has_value());
    number_ = *number.value();
  }

  EventSpec Spec(bool account_level) {
    EventSpec spec;
    spec.kind = account_level ? "template_status" : "status";
    spec.field = account_level ? "message_template_status_update" : "messages";
    spec.value = SimpleValue();
    spec.at_ms = kStartMillis + 2500;
    spec.account_level = account_level;
    if (!account_level) {
      spec.wamid = kWamid;
      spec.status = "failed";
      spec.error_code = 131026;
    }
    return spec;
  }

  storage::EventRecord Only() {
    auto rows = storage::EventStore(env_.db()).List({}, 0, 10);
    EXPECT_TRUE(rows.ok());
    EXPECT_EQ(rows.ok() ? rows.value().size() : 0u, 1u);
    if (!rows.ok() || rows.value().size() != 1) return {};
    return rows.value()[0];
  }

  TestEnv env_;
  storage::WabaRecord waba_;
  storage::PhoneNumberRecord number_;
};

TEST_F(RecordEventTest, PhoneLevelEventRow) {
  env_.AdvanceClock(700);
  ASSERT_TRUE(RecordEvent(env_.services(), DefaultPartition(), waba_, &number_, Spec(false)).ok());

  storage::EventRecord e = Only();
  EXPECT_EQ(e.partition.account, "000000000000");
  EXPECT_EQ(e.partition.region, "us-east-1");
  EXPECT_EQ(e.waba_id, kFixtureWabaId);
  EXPECT_EQ(e.phone_number_id, kFixtureNumberId);
  EXPECT_EQ(e.wamid, kWamid);
  EXPECT_EQ(e.kind, "status");
  EXPECT_EQ(e.field, "messages");
  EXPECT_EQ(e.status, "failed");
  EXPECT_EQ(e.error_code, 131026);
  EXPECT_EQ(e.created_ms, kStartMillis + 700);
  EXPECT_EQ(e.due_ms, kStartMillis + 2500);
  EXPECT_EQ(e.delivery_state, "pending");
  // The fixture WABA has no event destination.
  EXPECT_EQ(e.destination_arn, std::nullopt);
}

TEST_F(RecordEventTest, PhoneLevelEnvelopeNamesTheNumberAndUsesTheRowIdAsMessageId) {
  ASSERT_TRUE(RecordEvent(env_.services(), DefaultPartition(), waba_, &number_, Spec(false)).ok());

  storage::EventRecord e = Only();
  Value envelope = Parse(e.envelope_json);
  EXPECT_EQ(envelope.GetString("messageId"), e.id);
  EXPECT_EQ(envelope.GetString("message_timestamp"), "2026-01-01T00:00:02.500000000Z");
  EXPECT_EQ(envelope.GetString("aws_account_id"), "000000000000");
  EXPECT_EQ(WriteJson(*envelope.Get("context")),
            std::string(R"({"MetaWabaIds":[{"wabaId":"104729384756102","arn":")") +
                kFixtureWabaArn +
                R"("}],"MetaPhoneNumberIds":[{"metaPhoneNumberId":"110382746591034","arn":")" +
                kFixtureNumberArn + R"("}]})");
  EXPECT_EQ(Keys(EntryOf(envelope)), (Strings{"id", "changes"}));
}

TEST_F(RecordEventTest, AccountLevelEventHasNoNumberAndEntryTime) {
  env_.AdvanceClock(2500);
  ASSERT_TRUE(RecordEvent(env_.services(), DefaultPartition(), waba_, &number_, Spec(true)).ok());

  storage::EventRecord e = Only();
  Value envelope = Parse(e.envelope_json);
  EXPECT_TRUE(envelope.Get("context")->Get("MetaPhoneNumberIds")->AsList().empty());
  Value entry = EntryOf(envelope);
  EXPECT_EQ(Keys(entry), (Strings{"id", "time", "changes"}));
  EXPECT_EQ(entry.Get("time")->AsInt(), 1767225602);
  EXPECT_EQ(entry.Get("changes")->AsList()[0].GetString("field"), "message_template_status_update");
}

TEST_F(RecordEventTest, DestinationIsTheWabasFirstEventDestination) {
  waba_.event_destinations = {{"arn:aws:sns:us-east-1:000000000000:first", std::nullopt},
                              {"arn:aws:sns:us-east-1:000000000000:second", std::nullopt}};
  ASSERT_TRUE(RecordEvent(env_.services(), DefaultPartition(), waba_, &number_, Spec(false)).ok());
  EXPECT_EQ(Only().destination_arn, "arn:aws:sns:us-east-1:000000000000:first");
}

TEST_F(RecordEventTest, EachEventGetsItsOwnId) {
  ASSERT_TRUE(RecordEvent(env_.services(), DefaultPartition(), waba_, &number_, Spec(false)).ok());
  ASSERT_TRUE(RecordEvent(env_.services(), DefaultPartition(), waba_, &number_, Spec(false)).ok());
  auto rows = storage::EventStore(env_.db()).List({}, 0, 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 2u);
  EXPECT_NE(rows.value()[0].id, rows.value()[1].id);
}

// --- Meta of 2026: BSUID, pricing and conversation by metaApiVersion ---

TEST_F(StatusValueTest, StatusesCarryTheRecipientsBusinessScopedUserId) {
  extras_waba_ = "104729384756001";
  std::string bsuid = whatsapp::BusinessScopedUserId("104729384756001", kCustomer);
  EXPECT_EQ(Status("sent", kStartMillis).GetString("recipient_user_id"), bsuid);
  EXPECT_EQ(Status("read", kStartMillis).GetString("recipient_user_id"), bsuid);
  // A failure of a message sent to a phone number names no BSUID.
  Value failed = Status("failed", kStartMillis, whatsapp::MakeMetaError(131026, ""));
  EXPECT_EQ(failed.Get("recipient_user_id"), nullptr);
  // Country, a dot, digits; scoped to the business.
  EXPECT_EQ(bsuid.rfind("US.", 0), 0u) << bsuid;
  EXPECT_GT(bsuid.size(), 10u);
  EXPECT_EQ(bsuid.find_first_not_of("0123456789", 3), std::string::npos) << bsuid;
  EXPECT_NE(whatsapp::BusinessScopedUserId("104729384756002", kCustomer), bsuid);
  EXPECT_EQ(whatsapp::BusinessScopedUserId("1", "447700900123").substr(0, 3), "GB.");
}

TEST(BusinessScopedUserIdTest, AskedAgainInARowOrInTurnItAnswersTheSame) {
  // The ids of one thread's last question are kept: asking twice, or in turn, changes nothing.
  std::string a = whatsapp::BusinessScopedUserId("104729384756001", "14155550100");
  std::string b = whatsapp::BusinessScopedUserId("104729384756002", "14155550100");
  std::string c = whatsapp::BusinessScopedUserId("104729384756001", "14155550101");
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(whatsapp::BusinessScopedUserId("104729384756001", "14155550100"), a);
    EXPECT_EQ(whatsapp::BusinessScopedUserId("104729384756001", "14155550100"), a);
    EXPECT_EQ(whatsapp::BusinessScopedUserId("104729384756002", "14155550100"), b);
    EXPECT_EQ(whatsapp::BusinessScopedUserId("104729384756001", "14155550101"), c);
  }
  // The input is the whole pair: the same joined text split elsewhere is another user.
  EXPECT_NE(whatsapp::BusinessScopedUserId("1047293847560011", "4155550100"), a);
}

TEST_F(StatusValueTest, SendsOfV24AndLaterGetPricingWithoutConversation) {
  message_.meta_api_version = "v24.0";
  Value sent = Status("sent", kStartMillis);
  EXPECT_EQ(sent.Get("conversation"), nullptr);
  ASSERT_NE(sent.Get("pricing"), nullptr);
  EXPECT_EQ(WriteJson(*sent.Get("pricing")),
            R"({"billable":false,"pricing_model":"PMP","type":"free_customer_service",)"
            R"("category":"service"})");
  message_.meta_api_version = "v25.1";
  EXPECT_EQ(Status("delivered", kStartMillis).Get("conversation"), nullptr);
}

TEST_F(StatusValueTest, SendsBeforeV24KeepTheConversation) {
  message_.meta_api_version = "v23.0";
  EXPECT_NE(Status("sent", kStartMillis).Get("conversation"), nullptr);
  message_.meta_api_version = "v20.0";
  EXPECT_NE(Status("delivered", kStartMillis).Get("conversation"), nullptr);
  EXPECT_TRUE(SendsConversation(std::nullopt));
  EXPECT_FALSE(SendsConversation(std::string("v24.0")));
  EXPECT_FALSE(SendsConversation(std::string("v100.0")));
  EXPECT_TRUE(SendsConversation(std::string("v9.0")));
}

TEST_F(StatusValueTest, PricingOnlyWhereTheExtrasSaySo) {
  Value read = StatusChangeValue(number_, message_, "read", kStartMillis, std::nullopt,
                                 std::string("UTILITY"), StatusExtras{"", true})
                   .Get("statuses")
                   ->AsList()[0];
  ASSERT_NE(read.Get("pricing"), nullptr);
  EXPECT_EQ(WriteJson(*read.Get("pricing")),
            R"({"billable":true,"pricing_model":"PMP","type":"regular","category":"utility"})");
  Value unpriced = StatusChangeValue(number_, message_, "delivered", kStartMillis, std::nullopt,
                                     std::nullopt, StatusExtras{"", false})
                       .Get("statuses")
                       ->AsList()[0];
  EXPECT_EQ(unpriced.Get("pricing"), nullptr);
  EXPECT_EQ(unpriced.Get("conversation"), nullptr);
}

}  // namespace
}  // namespace socialite::events
