// The events that state changes append to the outbox, through the API dispatcher of a
// TestEnv: SendWhatsAppMessage schedules the message's statuses (default plan, configured
// delays, decided failures, reactions, status rules) in its own transaction; a template review
// appends message_template_status_update, a quality change message_template_quality_update.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "server/core/json.h"
#include "server/events/status_rules.h"
#include "storage/event_store.h"
#include "storage/message_store.h"
#include "storage/statement.h"
#include "storage/waba_store.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::DefaultPartition;
using testing::kDayMillis;
using testing::kFixtureMetaWabaId;
using testing::kFixtureNumberId;
using testing::kFixtureWabaArn;
using testing::kFixtureWabaId;
using testing::kStartMillis;
using testing::Reply;
using testing::TestEnv;
using testing::TestEnvOptions;

constexpr char kSend[] = "/v1/whatsapp/send";
constexpr char kCustomer[] = "14155550100";
constexpr char kMetaNumberId[] = "110382746591034";

using Strings = std::vector<std::string>;

std::string Message(const std::string& members, const std::string& to = kCustomer) {
  return R"({"messaging_product":"whatsapp","to":")" + to + R"(",)" + members + "}";
}

std::string Text(const std::string& to = kCustomer) {
  return Message(R"("type":"text","text":{"body":"Hello"})", to);
}

const std::string kBody =
    R"({"type":"BODY","text":"Your order {{1}} has shipped.","example":{"body_text":[["A123"]]}})";

std::string Definition(const std::string& name, const std::string& category) {
  return R"({"name":")" + name + R"(","language":"en_US","category":")" + category +
         R"(","components":[)" + kBody + "]}";
}

Value Parse(const std::string& text) {
  Result<Value> parsed = ParseJson(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? parsed.value() : Value();
}

// Meta's entry inside an event's envelope.
Value EntryOf(const storage::EventRecord& e) {
  return Parse(Parse(e.envelope_json).GetString("whatsAppWebhookEntry").value_or(""));
}

// The value of the entry's only change.
Value ValueOf(const storage::EventRecord& e) {
  Value entry = EntryOf(e);
  const Value* changes = entry.Get("changes");
  if (changes == nullptr || !changes->is_list() || changes->AsList().size() != 1) {
    ADD_FAILURE() << "no single change in " << e.envelope_json;
    return Value();
  }
  const Value* value = changes->AsList()[0].Get("value");
  return value != nullptr ? *value : Value();
}

// The statuses[0] item of a status event.
Value StatusItem(const storage::EventRecord& e) {
  Value value = ValueOf(e);
  const Value* statuses = value.Get("statuses");
  if (statuses == nullptr || !statuses->is_list() || statuses->AsList().empty()) {
    ADD_FAILURE() << "no statuses in " << e.envelope_json;
    return Value();
  }
  return statuses->AsList()[0];
}

class SendEventsTest : public ::testing::Test {
 protected:
  explicit SendEventsTest(TestEnvOptions options = TestEnvOptions{}) : env_(options) {
    env_.services().rules = &rules_;
  }

  Reply Send(const std::string& message, const std::string& version = "v20.0") {
    Value body = Value::Object();
    body.Set("originationPhoneNumberId", kFixtureNumberId);
    body.Set("message", Base64Encode(message));
    body.Set("metaApiVersion", version);
    return env_.Post(kSend, testing::Json(body));
  }

  std::string Sent(const std::string& message) {
    Reply reply = Send(message);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("messageId").value_or("");
  }

  // A text from the customer: opens the service window. Returns its wamid.
  std::string Inbound(const std::string& from = kCustomer) {
    Value body = Value::Object();
    body.Set("phoneNumberId", kFixtureNumberId);
    body.Set("from", from);
    body.Set("type", "text");
    body.Set("text", Value::Object().Set("body", "Hi"));
    Reply reply = env_.Post("/_socialite/inbound", testing::Json(body));
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("wamid").value_or("");
  }

  void SetRules(const std::string& json) {
    Result<std::vector<events::StatusRule>> rules = events::ParseStatusRules(Parse(json));
    ASSERT_TRUE(rules.ok()) << rules.error().message;
    rules_.Set(rules.value());
  }

  std::vector<storage::EventRecord> Events(const std::string& kind) {
    storage::EventFilter filter;
    filter.kind = kind;
    auto rows = storage::EventStore(env_.db()).List(filter, 0, 1000);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows.value() : std::vector<storage::EventRecord>{};
  }

  // "status@offset from `base`" for each status event, e.g. "sent@100".
  Strings StatusSteps(int64_t base) {
    Strings steps;
    for (const auto& e : Events("status")) {
      steps.push_back(e.status.value_or("?") + "@" + std::to_string(e.due_ms - base));
    }
    return steps;
  }

  // Creates a template and returns its Meta id.
  std::string CreateTemplate(const std::string& name, const std::string& category) {
    Value body = Value::Object();
    body.Set("id", kFixtureWabaId);
    body.Set("templateDefinition", Base64Encode(Definition(name, category)));
    Reply reply = env_.Post("/v1/whatsapp/template/put", testing::Json(body));
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("metaTemplateId").value_or("");
  }

  events::RuleBook rules_;
  TestEnv env_;
};

TEST_F(SendEventsTest, TextInTheWindowSchedulesSentDeliveredReadAtTheDefaultDelays) {
  Inbound();
  env_.AdvanceClock(60000);
  const int64_t now = env_.clock().NowMillis();

  Sent(Text());

  EXPECT_EQ(StatusSteps(now), (Strings{"sent@100", "delivered@500", "read@2000"}));
}

TEST_F(SendEventsTest, StatusEventsFollowTheConfiguredDelays) {
  events::StatusDelays delays{0, 1500, 30000};
  env_.services().status_delays = &delays;
  Inbound();
  const int64_t now = env_.clock().NowMillis();

  Sent(Text());

  EXPECT_EQ(StatusSteps(now), (Strings{"sent@0", "delivered@1500", "read@30000"}));
}

TEST_F(SendEventsTest, StatusEventColumnsNameTheMessage) {
  Inbound();
  env_.AdvanceClock(1234);
  std::string wamid = Sent(Text());

  std::vector<storage::EventRecord> events = Events("status");

  ASSERT_EQ(events.size(), 3u);
  for (const auto& e : events) {
    SCOPED_TRACE(e.status.value_or("?"));
    EXPECT_EQ(e.wamid, wamid);
    EXPECT_EQ(e.field, "messages");
    EXPECT_EQ(e.waba_id, kFixtureWabaId);
    EXPECT_EQ(e.phone_number_id, kFixtureNumberId);
    EXPECT_EQ(e.error_code, std::nullopt);
    EXPECT_EQ(e.created_ms, kStartMillis + 1234);
    EXPECT_EQ(e.delivery_state, "pending");
    EXPECT_EQ(e.partition.account, "000000000000");
    EXPECT_EQ(e.partition.region, "us-east-1");
  }
}

TEST_F(SendEventsTest, StatusEventValueIsTheStatusAtItsDueTime) {
  Inbound();
  std::string wamid = Sent(Text());

  std::vector<storage::EventRecord> events = Events("status");

  ASSERT_EQ(events.size(), 3u);
  Value delivered = StatusItem(events[1]);
  EXPECT_EQ(delivered.GetString("id"), wamid);
  EXPECT_EQ(delivered.GetString("status"), "delivered");
  EXPECT_EQ(delivered.GetString("timestamp"), "1767225600");  // kStartMillis + 500 ms
  EXPECT_EQ(delivered.GetString("recipient_id"), kCustomer);
  EXPECT_EQ(WriteJson(*ValueOf(events[1]).Get("metadata")),
            R"({"display_phone_number":"14255550123","phone_number_id":"110382746591034"})");
  EXPECT_EQ(Parse(events[2].envelope_json).GetString("message_timestamp"),
            "2026-01-01T00:00:02.000000000Z");
}

TEST_F(SendEventsTest, StatusEnvelopeNamesTheWabaAndTheNumber) {
  Inbound();
  Sent(Text());

  std::vector<storage::EventRecord> events = Events("status");

  ASSERT_FALSE(events.empty());
  Value envelope = Parse(events[0].envelope_json);
  EXPECT_EQ(envelope.GetString("messageId"), events[0].id);
  const Value* context = envelope.Get("context");
  ASSERT_NE(context, nullptr);
  EXPECT_EQ(context->Get("MetaWabaIds")->AsList()[0].GetString("wabaId"), kFixtureMetaWabaId);
  EXPECT_EQ(context->Get("MetaWabaIds")->AsList()[0].GetString("arn"), kFixtureWabaArn);
  EXPECT_EQ(context->Get("MetaPhoneNumberIds")->AsList()[0].GetString("metaPhoneNumberId"),
            kMetaNumberId);
  EXPECT_EQ(EntryOf(events[0]).Get("time"), nullptr);
}

TEST_F(SendEventsTest, EventsAreCommittedWithTheMessageBeforeTheDispatcherIsNudged) {
  Inbound();
  int nudges = 0;
  int64_t events_seen = -1;
  int64_t messages_seen = -1;
  env_.services().notify_events = [&] {
    ++nudges;
    storage::Statement events(env_.db(), "SELECT COUNT(*) FROM events WHERE kind = 'status'");
    if (events.Step()) events_seen = events.Int(0);
    storage::Statement messages(env_.db(),
                                "SELECT COUNT(*) FROM messages WHERE direction = 'outbound'");
    if (messages.Step()) messages_seen = messages.Int(0);
  };

  Sent(Text());

  EXPECT_EQ(nudges, 1);
  EXPECT_EQ(events_seen, 3);
  EXPECT_EQ(messages_seen, 1);
}

TEST_F(SendEventsTest, RejectedSendAppendsNoEvent) {
  Inbound();
  Reply reply = Send(Text(), "v1.0");
  ASSERT_EQ(reply.status(), 400) << reply.http.body;
  EXPECT_TRUE(Events("status").empty());
}

TEST_F(SendEventsTest, StatusEventsGoToTheWabasEventDestination) {
  ASSERT_TRUE(storage::WabaStore(env_.db())
                  .ReplaceEventDestinations(
                      DefaultPartition(), kFixtureWabaId,
                      {{"arn:aws:sns:us-east-1:000000000000:whatsapp-events", std::nullopt}})
                  .ok());
  Inbound();
  Sent(Text());

  std::vector<storage::EventRecord> events = Events("status");

  ASSERT_EQ(events.size(), 3u);
  for (const auto& e : events) {
    EXPECT_EQ(e.destination_arn, "arn:aws:sns:us-east-1:000000000000:whatsapp-events");
  }
}

TEST_F(SendEventsTest, TextOutsideTheWindowIsOneFailedEventWith131047) {
  const int64_t now = env_.clock().NowMillis();
  Sent(Text());

  std::vector<storage::EventRecord> events = Events("status");

  EXPECT_EQ(StatusSteps(now), (Strings{"failed@100"}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].error_code, 131047);
}

TEST_F(SendEventsTest, FailedEventCarriesMetasErrorFields) {
  Sent(Text());

  std::vector<storage::EventRecord> events = Events("status");

  ASSERT_EQ(events.size(), 1u);
  Value failed = StatusItem(events[0]);
  EXPECT_EQ(failed.GetString("status"), "failed");
  EXPECT_EQ(failed.Get("pricing"), nullptr);
  EXPECT_EQ(failed.Get("conversation"), nullptr);
  EXPECT_EQ(
      WriteJson(*failed.Get("errors")),
      R"([{"code":131047,"title":"Re-engagement message","message":"Re-engagement message",)"
      R"("error_data":{"details":"More than 24 hours have passed since the customer last )"
      R"(replied to this number"},)"
      R"("href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}])");
}

TEST_F(SendEventsTest, WindowClosesTwentyFourHoursAfterTheCustomersMessage) {
  Inbound();
  env_.AdvanceClock(kDayMillis);
  Sent(Text());
  std::vector<storage::EventRecord> events = Events("status");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].error_code, 131047);
}

TEST_F(SendEventsTest, ReactionOnlyGetsSent) {
  std::string inbound = Inbound();
  const int64_t now = env_.clock().NowMillis();

  Sent(Message(R"("type":"reaction","reaction":{"message_id":")" + inbound +
               R"(","emoji":"\ud83d\udc4d"})"));

  EXPECT_EQ(StatusSteps(now), (Strings{"sent@100"}));
}

TEST_F(SendEventsTest, MatchingRuleDecidesTheStatuses) {
  SetRules(R"([{"recipient":"+1415*","statuses":["sent","delivered"]}])");
  Inbound();
  const int64_t now = env_.clock().NowMillis();

  Sent(Text());

  EXPECT_EQ(StatusSteps(now), (Strings{"sent@100", "delivered@500"}));
}

TEST_F(SendEventsTest, RuleForAnotherRecipientDoesNotApply) {
  SetRules(R"([{"recipient":"+44*","statuses":["sent"]}])");
  Inbound();
  const int64_t now = env_.clock().NowMillis();

  Sent(Text());

  EXPECT_EQ(StatusSteps(now), (Strings{"sent@100", "delivered@500", "read@2000"}));
}

TEST_F(SendEventsTest, FailedRuleIsAFailedEventWithThatCode) {
  SetRules(R"([{"type":"text","failed":131026}])");
  Inbound();
  const int64_t now = env_.clock().NowMillis();

  Sent(Text());

  EXPECT_EQ(StatusSteps(now), (Strings{"failed@100"}));
  std::vector<storage::EventRecord> events = Events("status");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].error_code, 131026);
  Value failed = StatusItem(events[0]);
  const Value& error = failed.Get("errors")->AsList()[0];
  EXPECT_EQ(error.GetString("title"), "Message Undeliverable");
  EXPECT_EQ(error.Get("error_data")->GetString("details"), "Message Undeliverable");
}

TEST_F(SendEventsTest, DecidedFailureWinsOverARule) {
  SetRules(R"([{"statuses":["sent","delivered","read"]}])");
  const int64_t now = env_.clock().NowMillis();

  Sent(Text());  // no window

  EXPECT_EQ(StatusSteps(now), (Strings{"failed@100"}));
}

TEST_F(SendEventsTest, TemplateStatusesArePricedInTheTemplatesCategory) {
  CreateTemplate("order_update", "UTILITY");
  Sent(Message(R"("type":"template","template":{"name":"order_update","language":{"code":"en_US"},)"
               R"("components":[{"type":"body","parameters":[{"type":"text","text":"A1"}]}]})"));

  std::vector<storage::EventRecord> events = Events("status");

  ASSERT_EQ(events.size(), 3u);
  Value sent = StatusItem(events[0]);
  EXPECT_EQ(WriteJson(*sent.Get("pricing")),
            R"({"billable":true,"pricing_model":"PMP","type":"regular","category":"utility"})");
  EXPECT_EQ(sent.Get("conversation")->Get("origin")->GetString("type"), "utility");
}

TEST_F(SendEventsTest, BizOpaqueCallbackDataIsEchoedInEveryStatus) {
  Inbound();
  Sent(Message(R"("type":"text","text":{"body":"Hi"},"biz_opaque_callback_data":"cart-7")"));

  std::vector<storage::EventRecord> events = Events("status");

  ASSERT_EQ(events.size(), 3u);
  for (const auto& e : events) {
    EXPECT_EQ(StatusItem(e).GetString("biz_opaque_callback_data"), "cart-7");
  }
}

// --- Template status and quality events ---

// --- Realism in the send path, Meta of 2026, rate limits ---

TEST_F(SendEventsTest, RuleRealismSetsDueTimesAndCopiesButNotWhenStatusesHappen) {
  SetRules(R"([{"reorderWindowSeconds":1,"duplicate":{"read":2}}])");
  Inbound();
  const int64_t now = env_.clock().NowMillis();

  Sent(Text());

  std::vector<storage::EventRecord> events = Events("status");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].occurs_ms - now, 100);
  EXPECT_EQ(events[0].due_ms - now, 1101);
  EXPECT_EQ(events[1].occurs_ms - now, 500);
  EXPECT_EQ(events[1].due_ms - now, 1100);
  EXPECT_EQ(events[2].due_ms - now, 2000);
  EXPECT_EQ(events[2].copies_owed, 2);
  EXPECT_EQ(events[0].copies_owed, 0);
  // The payload says when it happened.
  EXPECT_EQ(StatusItem(events[0]).GetString("timestamp"), std::to_string((now + 100) / 1000));
}

TEST_F(SendEventsTest, ReadIsPricedWhenNoDeliveredComesBeforeIt) {
  SetRules(R"([{"statuses":["sent","read"]}])");
  Inbound();
  Sent(Text());
  std::vector<storage::EventRecord> events = Events("status");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NE(StatusItem(events[1]).Get("pricing"), nullptr);
}

TEST_F(SendEventsTest, MetaApiVersionDecidesTheConversationObject) {
  Inbound();
  ASSERT_EQ(Send(Text(), "v24.0").status(), 200);
  ASSERT_EQ(Send(Text(), "v23.0").status(), 200);
  std::vector<storage::EventRecord> events = Events("status");
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(StatusItem(events[0]).Get("conversation"), nullptr);
  EXPECT_NE(StatusItem(events[0]).Get("pricing"), nullptr);
  EXPECT_NE(StatusItem(events[3]).Get("conversation"), nullptr);
  auto stored = storage::MessageStore(env_.db()).Find(DefaultPartition(), *events[0].wamid);
  ASSERT_TRUE(stored.ok() && stored.value());
  EXPECT_EQ(stored.value()->meta_api_version, "v24.0");
}

TEST_F(SendEventsTest, PairRateLimitFailsTheSecondSendWithin6Seconds) {
  env_.options().pair_rate_limit_seconds = 6;
  Inbound();
  Sent(Text());
  Sent(Text());
  env_.AdvanceClock(5999);
  Sent(Text());
  env_.AdvanceClock(1);
  Sent(Text());
  std::vector<storage::EventRecord> failed;
  for (const auto& e : Events("status")) {
    if (e.status == "failed") failed.push_back(e);
  }
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0].error_code, 131056);
  EXPECT_EQ(failed[1].error_code, 131056);
  EXPECT_EQ(Events("status").size(), 3u * 2 + 2);
}

TEST_F(SendEventsTest, ThroughputLimitCountsBothDirectionsInOneClockSecond) {
  env_.options().throughput_limit = 3;
  Inbound();                    // 1
  Sent(Text());                 // 2
  Inbound("14155550101");       // 3
  Sent(Text("14155550101"));    // the 4th in this second
  env_.AdvanceClock(1000);
  Sent(Text("14155550101"));
  std::vector<storage::EventRecord> events = Events("status");
  ASSERT_EQ(events.size(), 3u + 1 + 3);
  EXPECT_EQ(events[3].status, "failed");
  EXPECT_EQ(events[3].error_code, 130429);
  EXPECT_EQ(events[4].status, "sent");
}

TEST_F(SendEventsTest, LimitsAreOffByDefault) {
  Inbound();
  for (int i = 0; i < 5; ++i) Sent(Text());
  for (const auto& e : Events("status")) EXPECT_NE(e.status, "failed");
}

class TemplateEventsTest : public SendEventsTest {
 protected:
  TemplateEventsTest() : SendEventsTest(TestEnvOptions{.template_review = "manual"}) {}

  Reply Review(const std::string& meta_id, const std::string& body) {
    return env_.Post("/_socialite/templates/" + meta_id + "/review", body);
  }
  Reply Quality(const std::string& meta_id, const std::string& score) {
    return env_.Post("/_socialite/templates/" + meta_id + "/quality",
                     R"({"score":")" + score + R"("})");
  }
};

TEST_F(TemplateEventsTest, PendingTemplateHasNoEventYet) {
  CreateTemplate("order_update", "UTILITY");
  EXPECT_TRUE(Events("template_status").empty());
}

TEST_F(TemplateEventsTest, ApprovalAppendsATemplateStatusUpdate) {
  std::string id = CreateTemplate("order_update", "UTILITY");
  ASSERT_EQ(Review(id, R"({"status":"APPROVED"})").status(), 200);

  std::vector<storage::EventRecord> events = Events("template_status");

  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].field, "message_template_status_update");
  EXPECT_EQ(WriteJson(ValueOf(events[0])),
            R"({"event":"APPROVED","message_template_id":)" + id +
                R"(,"message_template_name":"order_update","message_template_language":"en_US",)"
                R"("reason":"NONE","message_template_category":"UTILITY"})");
}

TEST_F(TemplateEventsTest, TemplateStatusEntryCarriesTimeAndNoPhoneNumber) {
  std::string id = CreateTemplate("order_update", "UTILITY");
  env_.AdvanceClock(90500);
  ASSERT_EQ(Review(id, R"({"status":"APPROVED"})").status(), 200);

  std::vector<storage::EventRecord> events = Events("template_status");

  ASSERT_EQ(events.size(), 1u);
  Value entry = EntryOf(events[0]);
  ASSERT_NE(entry.Get("time"), nullptr);
  EXPECT_EQ(entry.Get("time")->AsInt(), 1767225690);
  EXPECT_EQ(entry.GetString("id"), kFixtureMetaWabaId);
  Value envelope = Parse(events[0].envelope_json);
  EXPECT_TRUE(envelope.Get("context")->Get("MetaPhoneNumberIds")->AsList().empty());
  EXPECT_EQ(events[0].phone_number_id, std::nullopt);
  EXPECT_EQ(events[0].wamid, std::nullopt);
  EXPECT_EQ(events[0].due_ms, kStartMillis + 90500);
}

TEST_F(TemplateEventsTest, RejectionCarriesTheReason) {
  std::string id = CreateTemplate("order_update", "UTILITY");
  ASSERT_EQ(Review(id, R"({"status":"REJECTED","reason":"PROMOTIONAL"})").status(), 200);

  std::vector<storage::EventRecord> events = Events("template_status");

  ASSERT_EQ(events.size(), 1u);
  Value value = ValueOf(events[0]);
  EXPECT_EQ(value.GetString("event"), "REJECTED");
  EXPECT_EQ(value.GetString("reason"), "PROMOTIONAL");
}

TEST_F(TemplateEventsTest, EachStatusChangeIsItsOwnEvent) {
  std::string id = CreateTemplate("order_update", "UTILITY");
  ASSERT_EQ(Review(id, R"({"status":"APPROVED"})").status(), 200);
  ASSERT_EQ(Review(id, R"({"status":"PAUSED"})").status(), 200);
  ASSERT_EQ(Review(id, R"({"status":"DISABLED"})").status(), 200);

  Strings seen;
  for (const auto& e : Events("template_status")) {
    seen.push_back(ValueOf(e).GetString("event").value_or("?"));
  }
  EXPECT_EQ(seen, (Strings{"APPROVED", "PAUSED", "DISABLED"}));
}

TEST_F(TemplateEventsTest, MessageTemplateIdIsANumber) {
  std::string id = CreateTemplate("order_update", "UTILITY");
  ASSERT_EQ(Review(id, R"({"status":"APPROVED"})").status(), 200);
  std::vector<storage::EventRecord> events = Events("template_status");
  ASSERT_EQ(events.size(), 1u);
  Value value = ValueOf(events[0]);
  const Value* template_id = value.Get("message_template_id");
  ASSERT_NE(template_id, nullptr);
  ASSERT_EQ(template_id->kind(), Value::Kind::kInt);
  EXPECT_EQ(std::to_string(template_id->AsInt()), id);
}

TEST_F(TemplateEventsTest, QualityChangeAppendsAQualityUpdate) {
  std::string id = CreateTemplate("order_update", "UTILITY");
  ASSERT_EQ(Quality(id, "GREEN").status(), 200);

  std::vector<storage::EventRecord> events = Events("template_quality");

  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].field, "message_template_quality_update");
  EXPECT_EQ(WriteJson(ValueOf(events[0])),
            R"({"previous_quality_score":"UNKNOWN","new_quality_score":"GREEN",)"
            R"("event":"QUALITY_CHANGE","message_template_id":)" +
                id +
                R"(,"message_template_name":"order_update",)"
                R"("message_template_language":"en_US"})");
  EXPECT_NE(EntryOf(events[0]).Get("time"), nullptr);
}

TEST_F(TemplateEventsTest, QualityUpdateNamesThePreviousScore) {
  std::string id = CreateTemplate("order_update", "UTILITY");
  ASSERT_EQ(Quality(id, "GREEN").status(), 200);
  ASSERT_EQ(Quality(id, "RED").status(), 200);

  std::vector<storage::EventRecord> events = Events("template_quality");

  ASSERT_EQ(events.size(), 2u);
  Value second = ValueOf(events[1]);
  EXPECT_EQ(second.GetString("previous_quality_score"), "GREEN");
  EXPECT_EQ(second.GetString("new_quality_score"), "RED");
}

TEST_F(TemplateEventsTest, BadReviewAppendsNoEvent) {
  std::string id = CreateTemplate("order_update", "UTILITY");
  ASSERT_EQ(Review(id, R"({"status":"LOVELY"})").status(), 400);
  ASSERT_EQ(Quality(id, "PURPLE").status(), 400);
  EXPECT_TRUE(Events("template_status").empty());
  EXPECT_TRUE(Events("template_quality").empty());
}

}  // namespace
}  // namespace socialite
