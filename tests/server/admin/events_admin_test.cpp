// Admin endpoints of the events pipeline, through a TestEnv: inbound customer messages (every
// type, the inbound webhook value, media, the service window, bad bodies), status pushes, the
// message timeline and list, the events list with its filters and paging, the manual clock
// (advancing delivers what fell due) and the status rules.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/core/json.h"
#include "server/events/event_dispatcher.h"
#include "server/events/sinks/sink.h"
#include "server/events/status_rules.h"
#include "server/exec/state_access.h"
#include "server/whatsapp/bsuid.h"
#include "storage/event_store.h"
#include "storage/message_store.h"
#include "storage/phone_number_store.h"
#include "storage/waba_store.h"
#include "tests/server/testing/http_receiver.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

// The customer's business-scoped user id towards the fixture WABA.
std::string Bsuid(const std::string& wa_id) {
  return whatsapp::BusinessScopedUserId(testing::kFixtureMetaWabaId, wa_id);
}

using testing::DefaultPartition;
using testing::kBakeryToken;
using testing::kFixtureNumber2Id;
using testing::kFixtureNumberArn;
using testing::kFixtureNumberId;
using testing::kFixtureWabaArn;
using testing::kFixtureWabaId;
using testing::kStartMillis;
using testing::Reply;
using testing::TestEnv;
using testing::TestEnvOptions;

constexpr char kCustomer[] = "14155550100";
constexpr char kOtherCustomer[] = "14155550199";
constexpr char kSend[] = "/v1/whatsapp/send";
constexpr char kDestination[] = "arn:aws:sns:us-east-1:000000000000:whatsapp-events";

using Strings = std::vector<std::string>;

Value Parse(const std::string& text) {
  Result<Value> parsed = ParseJson(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? parsed.value() : Value();
}

// The admin API's error text ({"error": "..."}).
std::string ErrorOf(const Reply& reply) { return reply.json.GetString("error").value_or(""); }

// The value of the only change of an event's webhook entry.
Value ValueOf(const storage::EventRecord& e) {
  Value envelope = Parse(e.envelope_json);
  Value entry = Parse(envelope.GetString("whatsAppWebhookEntry").value_or(""));
  const Value* changes = entry.Get("changes");
  if (changes == nullptr || !changes->is_list() || changes->AsList().size() != 1) {
    ADD_FAILURE() << "no single change in " << e.envelope_json;
    return Value();
  }
  return *changes->AsList()[0].Get("value");
}

Strings Field(const Value& list, const std::string& name) {
  Strings out;
  if (!list.is_list()) return out;
  for (const auto& item : list.AsList()) out.push_back(item.GetString(name).value_or("-"));
  return out;
}

class EventsAdminTest : public ::testing::Test {
 protected:
  explicit EventsAdminTest(TestEnvOptions options = TestEnvOptions{}) : env_(options) {
    env_.services().rules = &rules_;
  }

  // POST /_socialite/inbound to the first fixture number from kCustomer with `members` added.
  Reply Inbound(const std::string& type, const std::string& members,
                const std::string& number = kFixtureNumberId, const std::string& from = kCustomer) {
    std::string body = R"({"phoneNumberId":")" + number + R"(","from":")" + from + R"(","type":")" +
                       type + "\"" + (members.empty() ? "" : "," + members) + "}";
    return env_.Post("/_socialite/inbound", body);
  }

  // An inbound text; returns its wamid.
  std::string InboundText(const std::string& number = kFixtureNumberId,
                          const std::string& from = kCustomer) {
    Reply reply = Inbound("text", R"("text":{"body":"Hi"})", number, from);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("wamid").value_or("");
  }

  Reply SendRaw(const std::string& message, const std::string& number = kFixtureNumberId) {
    Value body = Value::Object();
    body.Set("originationPhoneNumberId", number);
    body.Set("message", Base64Encode(message));
    body.Set("metaApiVersion", "v20.0");
    return env_.Post(kSend, testing::Json(body));
  }

  // Sends a text to `to` and returns its wamid.
  std::string SendText(const std::string& to = kCustomer,
                       const std::string& number = kFixtureNumberId) {
    Reply reply = SendRaw(R"({"messaging_product":"whatsapp","to":")" + to +
                              R"(","type":"text","text":{"body":"Hello"}})",
                          number);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("messageId").value_or("");
  }

  std::vector<storage::EventRecord> Events(const std::string& kind = "") {
    storage::EventFilter filter;
    if (!kind.empty()) filter.kind = kind;
    auto rows = storage::EventStore(env_.db()).List(filter, 0, 1000);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows.value() : std::vector<storage::EventRecord>{};
  }

  // The messages[0] object of the newest inbound event.
  Value LastInboundMessage() {
    std::vector<storage::EventRecord> events = Events("inbound");
    if (events.empty()) {
      ADD_FAILURE() << "no inbound event";
      return Value();
    }
    Value value = ValueOf(events.back());
    const Value* messages = value.Get("messages");
    if (messages == nullptr || !messages->is_list() || messages->AsList().size() != 1) {
      ADD_FAILURE() << "no single message in " << WriteJson(value);
      return Value();
    }
    return messages->AsList()[0];
  }

  std::optional<storage::MessageRecord> Stored(const std::string& wamid) {
    auto found = storage::MessageStore(env_.db()).Find(DefaultPartition(), wamid);
    EXPECT_TRUE(found.ok());
    return found.ok() ? found.value() : std::nullopt;
  }

  std::optional<std::string> Setting(const std::string& key) {
    auto value = storage::SettingsStore(env_.db()).Get(key);
    EXPECT_TRUE(value.ok());
    return value.ok() ? value.value() : std::nullopt;
  }

  events::RuleBook rules_;
  TestEnv env_;
};

// --- POST /_socialite/inbound ---

TEST_F(EventsAdminTest, InboundTextAnswersItsWamid) {
  Reply reply = Inbound("text", R"("text":{"body":"Hi there"})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string wamid = reply.json.GetString("wamid").value_or("");
  EXPECT_EQ(wamid.rfind("wamid.", 0), 0u) << wamid;
  EXPECT_EQ(reply.json.Get("mediaId"), nullptr);
  std::optional<storage::MessageRecord> stored = Stored(wamid);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->direction, "inbound");
  EXPECT_EQ(stored->wa_id, kCustomer);
  EXPECT_EQ(stored->type, "text");
}

TEST_F(EventsAdminTest, InboundTextEventValueIsMetasMessagesChange) {
  env_.AdvanceClock(42000);
  Reply reply = env_.Post("/_socialite/inbound",
                          R"({"phoneNumberId":")" + std::string(kFixtureNumberId) +
                              R"(","from":"+1 (415) 555-0100","name":"Ada","type":"text",)"
                              R"("text":{"body":"Hi there"}})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string wamid = reply.json.GetString("wamid").value_or("");

  std::vector<storage::EventRecord> events = Events("inbound");

  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(WriteJson(ValueOf(events[0])),
            R"({"messaging_product":"whatsapp","metadata":{"display_phone_number":"14255550123",)"
            R"("phone_number_id":"110382746591034"},"contacts":[{"profile":{"name":"Ada"},)"
            R"("wa_id":"14155550100","user_id":")" +
                Bsuid("14155550100") + R"("}],"messages":[{"from":"14155550100","from_user_id":")" +
                Bsuid("14155550100") + R"(","id":")" + wamid +
                R"(","timestamp":"1767225642","type":"text","text":{"body":"Hi there"}}]})");
}

TEST_F(EventsAdminTest, InboundEventRowIsDueNowForTheNumber) {
  env_.AdvanceClock(5000);
  std::string wamid = InboundText();
  std::vector<storage::EventRecord> events = Events("inbound");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].field, "messages");
  EXPECT_EQ(events[0].wamid, wamid);
  EXPECT_EQ(events[0].phone_number_id, kFixtureNumberId);
  EXPECT_EQ(events[0].waba_id, kFixtureWabaId);
  EXPECT_EQ(events[0].status, std::nullopt);
  EXPECT_EQ(events[0].due_ms, kStartMillis + 5000);
}

TEST_F(EventsAdminTest, InboundProfileNameDefaultsToTheNumber) {
  InboundText();
  std::vector<storage::EventRecord> events = Events("inbound");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(WriteJson(*ValueOf(events[0]).Get("contacts")),
            R"([{"profile":{"name":"14155550100"},"wa_id":"14155550100","user_id":")" +
                Bsuid("14155550100") + R"("}])");
}

TEST_F(EventsAdminTest, InboundAcceptsThePhoneNumberArn) {
  Reply reply = Inbound("text", R"("text":{"body":"Hi"})", kFixtureNumberArn);
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  ASSERT_EQ(Events("inbound").size(), 1u);
  EXPECT_EQ(Events("inbound")[0].phone_number_id, kFixtureNumberId);
}

TEST_F(EventsAdminTest, InboundImageStoresTheBytesAsMediaOfTheNumber) {
  Reply reply =
      Inbound("image",
              R"("image":{"data":"anBlZyBieXRlcw==","mime_type":"image/jpeg","caption":"my cat"})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string media_id = reply.json.GetString("mediaId").value_or("");
  ASSERT_FALSE(media_id.empty());

  Value body = Value::Object();
  body.Set("mediaId", media_id);
  body.Set("originationPhoneNumberId", kFixtureNumberId);
  body.Set("destinationS3File", Value::Object().Set("bucketName", "inbox").Set("key", "received/"));
  env_.CreateBucket("inbox");
  Reply got = env_.Post("/v1/whatsapp/media/get", testing::Json(body));

  ASSERT_EQ(got.status(), 200) << got.http.body;
  // fileSize is in KB (rounded up): 10 bytes read 1.
  EXPECT_EQ(got.http.body, R"({"mimeType":"image/jpeg","fileSize":1})");
  auto copy = env_.GetObject("inbox", "received/" + media_id + ".jpg");
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->bytes, "jpeg bytes");
}

TEST_F(EventsAdminTest, InboundImageMediaIsNotAnotherNumbers) {
  Reply reply = Inbound("image", R"("image":{"data":"anBlZyBieXRlcw==","mime_type":"image/jpeg"})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  Value body = Value::Object();
  body.Set("mediaId", reply.json.GetString("mediaId").value_or(""));
  body.Set("originationPhoneNumberId", kFixtureNumber2Id);
  body.Set("metadataOnly", true);
  Reply got = env_.Post("/v1/whatsapp/media/get", testing::Json(body));
  EXPECT_EQ(got.status(), 404) << got.http.body;
  EXPECT_EQ(got.ErrorType(), "ResourceNotFoundException");
}

TEST_F(EventsAdminTest, InboundImageEventHasMetasImageObject) {
  Reply reply =
      Inbound("image",
              R"("image":{"data":"anBlZyBieXRlcw==","mime_type":"image/jpeg","caption":"my cat"})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string media_id = reply.json.GetString("mediaId").value_or("");
  // Meta's media ids in webhooks are numeric strings.
  ASSERT_FALSE(media_id.empty());
  EXPECT_EQ(media_id.find_first_not_of("0123456789"), std::string::npos) << media_id;

  Value message = LastInboundMessage();

  EXPECT_EQ(message.GetString("type"), "image");
  EXPECT_EQ(WriteJson(*message.Get("image")),
            R"({"caption":"my cat","mime_type":"image/jpeg",)"
            R"("sha256":"G0jiEoKWPfui//86TDMUcSQv5C/QpRFh5W33IIXERck=","id":")" +
                media_id + R"("})");
}

TEST_F(EventsAdminTest, InboundImageWithBadBase64Is400) {
  Reply reply = Inbound("image", R"("image":{"data":"not base64!","mime_type":"image/jpeg"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "image.data must be the file's bytes in base64");
}

TEST_F(EventsAdminTest, InboundImageWithADocumentMimeTypeIs400) {
  Reply reply =
      Inbound("image", R"("image":{"data":"anBlZyBieXRlcw==","mime_type":"application/pdf"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "image.mime_type 'application/pdf' is not a supported image type");
}

TEST_F(EventsAdminTest, InboundButtonRepliesToATemplateMessage) {
  std::string sent = SendText();
  Reply reply = Inbound("button", R"("button":{"payload":"STOP_PROMOS","text":"Stop promotions"},)"
                                  R"("context":{"id":")" +
                                      sent + R"("})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;

  Value message = LastInboundMessage();

  EXPECT_EQ(message.GetString("type"), "button");
  EXPECT_EQ(WriteJson(*message.Get("button")),
            R"({"payload":"STOP_PROMOS","text":"Stop promotions"})");
  EXPECT_EQ(WriteJson(*message.Get("context")), R"({"from":"14255550123","id":")" + sent + R"("})");
}

TEST_F(EventsAdminTest, InboundButtonPayloadDefaultsToItsText) {
  ASSERT_EQ(Inbound("button", R"("button":{"text":"Yes"})").status(), 200);
  EXPECT_EQ(WriteJson(*LastInboundMessage().Get("button")), R"({"payload":"Yes","text":"Yes"})");
}

TEST_F(EventsAdminTest, InboundButtonWithoutTextIs400) {
  Reply reply = Inbound("button", R"("button":{"payload":"P"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "button.text is required");
}

TEST_F(EventsAdminTest, InboundInteractiveButtonReply) {
  std::string sent = SendText();
  Reply reply = Inbound("interactive", R"("interactive":{"type":"button_reply",)"
                                       R"("button_reply":{"id":"confirm","title":"Confirm"}},)"
                                       R"("context":{"id":")" +
                                           sent + R"("})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;

  Value message = LastInboundMessage();

  EXPECT_EQ(message.GetString("type"), "interactive");
  EXPECT_EQ(WriteJson(*message.Get("interactive")),
            R"({"type":"button_reply","button_reply":{"id":"confirm","title":"Confirm"}})");
  EXPECT_EQ(message.Get("context")->GetString("id"), sent);
}

TEST_F(EventsAdminTest, InboundInteractiveOfAnotherTypeIs400) {
  Reply reply = Inbound("interactive", R"("interactive":{"type":"call_reply"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "interactive.type must be button_reply, list_reply or nfm_reply");
  // A flow completion without its nfm_reply object is refused as such.
  Reply nfm = Inbound("interactive", R"("interactive":{"type":"nfm_reply"})");
  EXPECT_EQ(nfm.status(), 400);
  EXPECT_EQ(ErrorOf(nfm), "interactive.nfm_reply must be an object");
}

TEST_F(EventsAdminTest, InboundInteractiveReplyWithoutTitleIs400) {
  Reply reply =
      Inbound("interactive", R"("interactive":{"type":"list_reply","list_reply":{"id":"r1"}})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "interactive.list_reply needs id and title");
}

TEST_F(EventsAdminTest, InboundReactionToASentMessage) {
  std::string sent = SendText();
  Reply reply = Inbound("reaction", R"("reaction":{"message_id":")" + sent + R"(","emoji":"👍"})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;

  Value message = LastInboundMessage();

  EXPECT_EQ(message.GetString("type"), "reaction");
  EXPECT_EQ(WriteJson(*message.Get("reaction")), R"({"message_id":")" + sent + R"(","emoji":"👍"})");
  // A reaction names its message itself; it has no context.
  EXPECT_EQ(message.Get("context"), nullptr);
  std::optional<storage::MessageRecord> stored = Stored(reply.json.GetString("wamid").value_or(""));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->reply_to, sent);
}

TEST_F(EventsAdminTest, InboundReactionToAnUnknownMessageIs400) {
  Reply reply = Inbound("reaction", R"("reaction":{"message_id":"wamid.nope","emoji":"👍"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply),
            std::string("No message wamid.nope of ") + kFixtureNumberId + " to refer to");
  EXPECT_TRUE(Events("inbound").empty());
}

TEST_F(EventsAdminTest, InboundReactionToAnotherNumbersMessageIs400) {
  std::string sent = SendText(kCustomer, kFixtureNumber2Id);
  Reply reply = Inbound("reaction", R"("reaction":{"message_id":")" + sent + R"(","emoji":"👍"})");
  EXPECT_EQ(reply.status(), 400);
}

TEST_F(EventsAdminTest, InboundReactionWithoutMessageIdIs400) {
  Reply reply = Inbound("reaction", R"("reaction":{"emoji":"👍"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "reaction.message_id is required");
}

TEST_F(EventsAdminTest, InboundLocation) {
  Reply reply = Inbound("location", R"("location":{"latitude":47.6062,"longitude":-122,)"
                                    R"("name":"Pike Place","address":"85 Pike St"})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(WriteJson(*LastInboundMessage().Get("location")),
            R"({"latitude":47.6062,"longitude":-122,"name":"Pike Place","address":"85 Pike St"})");
}

TEST_F(EventsAdminTest, InboundLocationNeedsNumbers) {
  Reply reply = Inbound("location", R"("location":{"latitude":"47.6","longitude":-122})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "location needs numeric latitude and longitude");
}

TEST_F(EventsAdminTest, InboundContacts) {
  const std::string contacts =
      R"([{"name":{"formatted_name":"Grace Hopper","first_name":"Grace"},)"
      R"("phones":[{"phone":"+1 415 555 0111","wa_id":"14155550111","type":"CELL"}]}])";
  Reply reply = Inbound("contacts", R"("contacts":)" + contacts);
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  Value message = LastInboundMessage();
  EXPECT_EQ(message.GetString("type"), "contacts");
  EXPECT_EQ(WriteJson(*message.Get("contacts")), contacts);
}

TEST_F(EventsAdminTest, InboundContactsMustNotBeEmpty) {
  Reply reply = Inbound("contacts", R"("contacts":[])");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "contacts must be a non-empty list");
}

TEST_F(EventsAdminTest, InboundReplyToATextCarriesContext) {
  std::string sent = SendText();
  Reply reply = Inbound("text", R"("text":{"body":"Thanks"},"context":{"id":")" + sent + R"("})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(WriteJson(*LastInboundMessage().Get("context")),
            R"({"from":"14255550123","id":")" + sent + R"("})");
}

TEST_F(EventsAdminTest, InboundMessageWithoutReplyHasNoContext) {
  InboundText();
  Value message = LastInboundMessage();
  EXPECT_EQ(message.Get("context"), nullptr);
  std::vector<std::string> keys;
  for (const auto& [name, value] : message.AsObject()) keys.push_back(name);
  EXPECT_EQ(keys, (Strings{"from", "from_user_id", "id", "timestamp", "type", "text"}));
}

TEST_F(EventsAdminTest, InboundOpensTheServiceWindow) {
  InboundText();
  std::string sent = SendText();
  std::optional<storage::MessageRecord> stored = Stored(sent);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->outcome_code, std::nullopt);
}

TEST_F(EventsAdminTest, WithoutInboundATextFailsWith131047) {
  std::string sent = SendText();
  std::optional<storage::MessageRecord> stored = Stored(sent);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->outcome_code, 131047);
}

TEST_F(EventsAdminTest, InboundOpensTheWindowOnlyForThatCustomer) {
  InboundText(kFixtureNumberId, kOtherCustomer);
  std::optional<storage::MessageRecord> stored = Stored(SendText(kCustomer));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->outcome_code, 131047);
}

TEST_F(EventsAdminTest, InboundBodyThatIsNotJsonIs400) {
  Reply reply = env_.Post("/_socialite/inbound", "{not json");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_FALSE(ErrorOf(reply).empty());
}

TEST_F(EventsAdminTest, InboundBodyThatIsAListIs400) {
  Reply reply = env_.Post("/_socialite/inbound", "[]");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "The body must be a JSON object");
}

TEST_F(EventsAdminTest, InboundWithoutPhoneNumberIdIs400) {
  Reply reply = env_.Post("/_socialite/inbound",
                          R"({"from":"14155550100","type":"text","text":{"body":"Hi"}})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "phoneNumberId must be a phone-number-id-… id or its ARN");
}

TEST_F(EventsAdminTest, InboundToAnUnknownNumberIs404) {
  Reply reply = Inbound("text", R"("text":{"body":"Hi"})",
                        "phone-number-id-00000000000000000000000000000000");
  EXPECT_EQ(reply.status(), 404);
  EXPECT_EQ(ErrorOf(reply),
            "No linked phone number phone-number-id-00000000000000000000000000000000");
}

TEST_F(EventsAdminTest, InboundFromTooShortANumberIs400) {
  Reply reply = Inbound("text", R"("text":{"body":"Hi"})", kFixtureNumberId, "12345");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "from must be the customer's phone number (7-15 digits)");
}

TEST_F(EventsAdminTest, InboundTextWithoutBodyIs400) {
  Reply reply = Inbound("text", R"("text":{})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "text.body is required");
}

TEST_F(EventsAdminTest, InboundWithoutTheTypeObjectIs400) {
  Reply reply = Inbound("text", "");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "An inbound text message needs a \"text\" object");
}

TEST_F(EventsAdminTest, InboundOfAnUnsupportedTypeIs400) {
  Reply reply = Inbound("order", R"("order":{"catalog_id":"1"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply),
            "Unsupported inbound type 'order'; use text, image, document, audio, video, "
            "sticker, button, interactive, reaction, location or contacts");
}

TEST_F(EventsAdminTest, RejectedInboundLeavesNoMessageEventOrMedia) {
  // The image is valid; the reply target is not: nothing of it may remain.
  Reply reply = Inbound("image", R"("image":{"data":"anBlZyBieXRlcw==","mime_type":"image/jpeg"},)"
                                 R"("context":{"id":"wamid.nope"})");
  ASSERT_EQ(reply.status(), 400);
  EXPECT_TRUE(Events().empty());
  storage::Statement media(env_.db(), "SELECT COUNT(*) FROM media");
  ASSERT_TRUE(media.Step());
  EXPECT_EQ(media.Int(0), 0);
  storage::Statement messages(env_.db(), "SELECT COUNT(*) FROM messages");
  ASSERT_TRUE(messages.Step());
  EXPECT_EQ(messages.Int(0), 0);
}

// --- POST /_socialite/messages/{wamid}/status ---

TEST_F(EventsAdminTest, PushedDeliveredStatusIsAnEventDueNow) {
  std::string sent = SendText();
  env_.AdvanceClock(7000);

  Reply reply = env_.Post("/_socialite/messages/" + sent + "/status", R"({"status":"delivered"})");

  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body, R"({"wamid":")" + sent + R"(","status":"delivered"})");
  std::vector<storage::EventRecord> events = Events("status");
  ASSERT_FALSE(events.empty());
  const storage::EventRecord& pushed = events.back();
  EXPECT_EQ(pushed.status, "delivered");
  EXPECT_EQ(pushed.wamid, sent);
  EXPECT_EQ(pushed.due_ms, kStartMillis + 7000);
  Value item = ValueOf(pushed).Get("statuses")->AsList()[0];
  EXPECT_EQ(item.GetString("status"), "delivered");
  EXPECT_EQ(item.GetString("timestamp"), "1767225607");
  EXPECT_NE(item.Get("conversation"), nullptr);
}

TEST_F(EventsAdminTest, PushedFailedStatusFillsMetasTitle) {
  InboundText();
  std::string sent = SendText();

  Reply reply = env_.Post("/_socialite/messages/" + sent + "/status",
                          R"({"status":"failed","code":131026,"details":"Phone is off"})");

  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  const storage::EventRecord pushed = Events("status").back();
  EXPECT_EQ(pushed.status, "failed");
  EXPECT_EQ(pushed.error_code, 131026);
  Value item = ValueOf(pushed).Get("statuses")->AsList()[0];
  const Value& error = item.Get("errors")->AsList()[0];
  EXPECT_EQ(error.Get("code")->AsInt(), 131026);
  EXPECT_EQ(error.GetString("title"), "Message Undeliverable");
  EXPECT_EQ(error.Get("error_data")->GetString("details"), "Phone is off");
}

TEST_F(EventsAdminTest, PushedFailedStatusNeedsACode) {
  std::string sent = SendText();
  Reply reply = env_.Post("/_socialite/messages/" + sent + "/status", R"({"status":"failed"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "a failed status needs a Meta error \"code\"");
}

TEST_F(EventsAdminTest, PushedStatusMustBeKnown) {
  std::string sent = SendText();
  Reply reply = env_.Post("/_socialite/messages/" + sent + "/status", R"({"status":"seen"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply),
            "status must be sent, delivered, read, played, failed, warning or deleted");
}

TEST_F(EventsAdminTest, PlayedIsOnlyForAudio) {
  std::string sent = SendText();
  Reply reply = env_.Post("/_socialite/messages/" + sent + "/status", R"({"status":"played"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "Only a voice message (audio) is played; " + sent + " is text");
}

TEST_F(EventsAdminTest, PushedStatusTakesDuplicateAndDelay) {
  std::string sent = SendText();
  Reply reply = env_.Post("/_socialite/messages/" + sent + "/status",
                          R"({"status":"delivered","duplicate":2,"delaySeconds":1.5})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  storage::EventFilter filter;
  filter.wamid = sent;
  auto events = storage::EventStore(env_.db()).List(filter, 0, 100);
  ASSERT_TRUE(events.ok());
  ASSERT_FALSE(events.value().empty());
  const storage::EventRecord& pushed = events.value().back();
  EXPECT_EQ(pushed.status, "delivered");
  EXPECT_EQ(pushed.copies_owed, 2);
  EXPECT_EQ(pushed.due_ms, pushed.occurs_ms + 1500);

  Reply bad = env_.Post("/_socialite/messages/" + sent + "/status",
                        R"({"status":"delivered","delaySeconds":"soon"})");
  EXPECT_EQ(bad.status(), 400);
  EXPECT_EQ(ErrorOf(bad), "body.delaySeconds must be seconds from 0 to 86400");
}

TEST_F(EventsAdminTest, StatusOfAnInboundMessageIs400) {
  std::string inbound = InboundText();
  Reply reply = env_.Post("/_socialite/messages/" + inbound + "/status", R"({"status":"read"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "Statuses belong to outbound messages; " + inbound + " is inbound");
  EXPECT_TRUE(Events("status").empty());
}

TEST_F(EventsAdminTest, StatusOfAnUnknownMessageIs404) {
  Reply reply = env_.Post("/_socialite/messages/wamid.unknown/status", R"({"status":"read"})");
  EXPECT_EQ(reply.status(), 404);
  EXPECT_EQ(ErrorOf(reply), "No message wamid.unknown");
}

// --- GET /_socialite/messages/{wamid} and /_socialite/messages ---

TEST_F(EventsAdminTest, MessageViewRightAfterTheSend) {
  InboundText();
  std::string sent = SendText();

  Reply reply = env_.Get("/_socialite/messages/" + sent);

  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  const Value& view = reply.json;
  EXPECT_EQ(view.GetString("wamid"), sent);
  EXPECT_EQ(view.GetString("direction"), "outbound");
  EXPECT_EQ(view.GetString("account"), "000000000000");
  EXPECT_EQ(view.GetString("region"), "us-east-1");
  EXPECT_EQ(view.GetString("wabaId"), kFixtureWabaId);
  EXPECT_EQ(view.GetString("phoneNumberId"), kFixtureNumberId);
  EXPECT_EQ(view.GetString("customer"), kCustomer);
  EXPECT_EQ(view.GetString("type"), "text");
  EXPECT_EQ(WriteJson(*view.Get("message")),
            R"({"messaging_product":"whatsapp","to":"14155550100","type":"text",)"
            R"("text":{"body":"Hello"}})");
  EXPECT_EQ(view.Get("outcome"), nullptr);
  EXPECT_EQ(view.GetString("createdAt"), "2026-01-01T00:00:00.000000000Z");
  EXPECT_EQ(
      WriteJson(*view.Get("statuses")),
      R"([{"status":"accepted","at":"2026-01-01T00:00:00.000000000Z","atMs":1767225600000}])");
}

TEST_F(EventsAdminTest, MessageViewListsScheduledEvents) {
  InboundText();
  std::string sent = SendText();

  Reply reply = env_.Get("/_socialite/messages/" + sent);

  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  const Value* events = reply.json.Get("events");
  ASSERT_NE(events, nullptr);
  EXPECT_EQ(Field(*events, "kind"), (Strings{"status", "status", "status"}));
  EXPECT_EQ(Field(*events, "status"), (Strings{"sent", "delivered", "read"}));
  EXPECT_EQ(Field(*events, "dueAt"),
            (Strings{"2026-01-01T00:00:00.100000000Z", "2026-01-01T00:00:00.500000000Z",
                     "2026-01-01T00:00:02.000000000Z"}));
  EXPECT_EQ(Field(*events, "deliveryState"), (Strings{"scheduled", "scheduled", "scheduled"}));
}

TEST_F(EventsAdminTest, MessageViewStatusesGrowWithTheClock) {
  InboundText();
  std::string sent = SendText();
  env_.AdvanceClock(600);

  Reply reply = env_.Get("/_socialite/messages/" + sent);

  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(WriteJson(*reply.json.Get("statuses")),
            R"([{"status":"accepted","at":"2026-01-01T00:00:00.000000000Z","atMs":1767225600000},)"
            R"({"status":"sent","at":"2026-01-01T00:00:00.100000000Z","atMs":1767225600100},)"
            R"({"status":"delivered","at":"2026-01-01T00:00:00.500000000Z",)"
            R"("atMs":1767225600500}])");
  EXPECT_EQ(Field(*reply.json.Get("events"), "deliveryState"),
            (Strings{"pending", "pending", "scheduled"}));
}

TEST_F(EventsAdminTest, MessageViewShowsTheDecidedOutcomeAndFailedStatus) {
  std::string sent = SendText();
  env_.AdvanceClock(100);

  Reply reply = env_.Get("/_socialite/messages/" + sent);

  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(WriteJson(*reply.json.Get("outcome")),
            R"({"code":131047,"title":"Re-engagement message","details":"More than 24 hours )"
            R"(have passed since the customer last replied to this number"})");
  EXPECT_EQ(WriteJson(*reply.json.Get("statuses")),
            R"([{"status":"accepted","at":"2026-01-01T00:00:00.000000000Z","atMs":1767225600000},)"
            R"({"status":"failed","at":"2026-01-01T00:00:00.100000000Z","atMs":1767225600100,)"
            R"("errorCode":131047,"errorTitle":"Re-engagement message"}])");
}

TEST_F(EventsAdminTest, MessageViewIncludesPushedStatuses) {
  InboundText();
  std::string sent = SendText();
  env_.AdvanceClock(50);
  ASSERT_EQ(
      env_.Post("/_socialite/messages/" + sent + "/status", R"({"status":"warning"})").status(),
      200);

  Reply reply = env_.Get("/_socialite/messages/" + sent);

  EXPECT_EQ(Field(*reply.json.Get("statuses"), "status"), (Strings{"accepted", "warning"}));
  EXPECT_EQ(Field(*reply.json.Get("events"), "status"),
            (Strings{"sent", "delivered", "read", "warning"}));
}

TEST_F(EventsAdminTest, InboundMessageViewIsReceivedWithItsReplyTarget) {
  std::string sent = SendText();
  Reply inbound = Inbound("text", R"("text":{"body":"ok"},"context":{"id":")" + sent + R"("})");
  std::string wamid = inbound.json.GetString("wamid").value_or("");

  Reply reply = env_.Get("/_socialite/messages/" + wamid);

  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.json.GetString("direction"), "inbound");
  EXPECT_EQ(reply.json.GetString("replyTo"), sent);
  EXPECT_EQ(
      WriteJson(*reply.json.Get("statuses")),
      R"([{"status":"received","at":"2026-01-01T00:00:00.000000000Z","atMs":1767225600000}])");
  EXPECT_EQ(Field(*reply.json.Get("events"), "kind"), (Strings{"inbound"}));
}

TEST_F(EventsAdminTest, UnknownMessageIs404) {
  Reply reply = env_.Get("/_socialite/messages/wamid.unknown");
  EXPECT_EQ(reply.status(), 404);
  EXPECT_EQ(ErrorOf(reply), "No message wamid.unknown");
}

TEST_F(EventsAdminTest, MessageListIsInOrderWithoutEvents) {
  std::string inbound = InboundText();
  std::string sent = SendText();

  Reply reply = env_.Get("/_socialite/messages");

  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  const Value* messages = reply.json.Get("messages");
  ASSERT_NE(messages, nullptr);
  EXPECT_EQ(Field(*messages, "wamid"), (Strings{inbound, sent}));
  EXPECT_EQ(messages->AsList()[1].Get("events"), nullptr);
  EXPECT_EQ(reply.json.Get("nextToken"), nullptr);
}

TEST_F(EventsAdminTest, MessageListFiltersByDirection) {
  InboundText();
  std::string sent = SendText();
  Reply reply = env_.Get("/_socialite/messages?direction=outbound");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(Field(*reply.json.Get("messages"), "wamid"), (Strings{sent}));
}

TEST_F(EventsAdminTest, MessageListFiltersByPhoneNumberArn) {
  SendText();
  std::string second = SendText(kCustomer, kFixtureNumber2Id);
  Reply reply = env_.Get(
      "/_socialite/messages?phoneNumberId=arn:aws:social-messaging:us-east-1:000000000000:"
      "phone-number-id/7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e12");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(Field(*reply.json.Get("messages"), "wamid"), (Strings{second}));
}

TEST_F(EventsAdminTest, MessageListFiltersByCustomerWithPlus) {
  SendText(kCustomer);
  std::string other = SendText(kOtherCustomer);
  Reply reply = env_.Get("/_socialite/messages?customer=%2B14155550199");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(Field(*reply.json.Get("messages"), "wamid"), (Strings{other}));
}

TEST_F(EventsAdminTest, MessageListPages) {
  std::string first = SendText();
  std::string second = SendText();
  std::string third = SendText();

  Reply page1 = env_.Get("/_socialite/messages?limit=2");
  ASSERT_EQ(page1.status(), 200) << page1.http.body;
  EXPECT_EQ(Field(*page1.json.Get("messages"), "wamid"), (Strings{first, second}));
  std::string token = page1.json.GetString("nextToken").value_or("");
  ASSERT_FALSE(token.empty());

  Reply page2 = env_.Get("/_socialite/messages?limit=2&nextToken=" + token);
  ASSERT_EQ(page2.status(), 200) << page2.http.body;
  EXPECT_EQ(Field(*page2.json.Get("messages"), "wamid"), (Strings{third}));
  EXPECT_EQ(page2.json.Get("nextToken"), nullptr);
}

TEST_F(EventsAdminTest, MessageListRejectsBadLimitAndToken) {
  Reply limit = env_.Get("/_socialite/messages?limit=0");
  EXPECT_EQ(limit.status(), 400);
  EXPECT_EQ(ErrorOf(limit), "limit must be 1-1000");
  Reply token = env_.Get("/_socialite/messages?nextToken=forged");
  EXPECT_EQ(token.status(), 400);
  EXPECT_EQ(ErrorOf(token), "nextToken is not valid");
}

// --- GET /_socialite/events ---

class EventsListTest : public EventsAdminTest {
 protected:
  // Events of `target`'s list, by "kind/status" (status "-" when absent).
  Strings Listed(const std::string& target) {
    Reply reply = env_.Get(target);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    Strings out;
    const Value* events = reply.json.Get("events");
    if (events == nullptr || !events->is_list()) return out;
    for (const auto& e : events->AsList()) {
      out.push_back(e.GetString("kind").value_or("?") + "/" + e.GetString("status").value_or("-"));
    }
    return out;
  }
};

TEST_F(EventsListTest, ListsEveryEventInAppendOrder) {
  InboundText();
  SendText();
  EXPECT_EQ(Listed("/_socialite/events"),
            (Strings{"inbound/-", "status/sent", "status/delivered", "status/read"}));
}

TEST_F(EventsListTest, EventViewFields) {
  InboundText();
  std::string sent = SendText();

  Reply reply = env_.Get("/_socialite/events?kind=status&limit=1");

  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  const Value& e = reply.json.Get("events")->AsList()[0];
  storage::EventRecord stored = Events("status")[0];
  EXPECT_EQ(e.GetString("id"), stored.id);
  EXPECT_EQ(e.GetString("kind"), "status");
  EXPECT_EQ(e.GetString("field"), "messages");
  EXPECT_EQ(e.GetString("account"), "000000000000");
  EXPECT_EQ(e.GetString("region"), "us-east-1");
  EXPECT_EQ(e.GetString("wabaId"), kFixtureWabaId);
  EXPECT_EQ(e.GetString("phoneNumberId"), kFixtureNumberId);
  EXPECT_EQ(e.GetString("wamid"), sent);
  EXPECT_EQ(e.GetString("status"), "sent");
  EXPECT_EQ(e.GetString("createdAt"), "2026-01-01T00:00:00.000000000Z");
  EXPECT_EQ(e.GetString("dueAt"), "2026-01-01T00:00:00.100000000Z");
  EXPECT_EQ(e.GetString("deliveryState"), "scheduled");
  EXPECT_EQ(e.GetInt("attempts"), 0);
  EXPECT_EQ(*e.Get("envelope"), Parse(stored.envelope_json));
  EXPECT_EQ(WriteJson(*e.Get("deliveries")), "[]");
  EXPECT_EQ(e.Get("destination"), nullptr);
}

TEST_F(EventsListTest, DueUndeliveredEventIsPending) {
  InboundText();
  Reply reply = env_.Get("/_socialite/events");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.json.Get("events")->AsList()[0].GetString("deliveryState"), "pending");
}

TEST_F(EventsListTest, FiltersByKind) {
  InboundText();
  SendText();
  EXPECT_EQ(Listed("/_socialite/events?kind=inbound"), (Strings{"inbound/-"}));
}

TEST_F(EventsListTest, FiltersByWamid) {
  InboundText();
  SendText();
  std::string second = SendText(kOtherCustomer);
  EXPECT_EQ(Listed("/_socialite/events?wamid=" + second), (Strings{"status/failed"}));
}

TEST_F(EventsListTest, FiltersByPhoneNumberIdOrArn) {
  InboundText();
  SendText(kCustomer, kFixtureNumber2Id);
  Strings expected{"status/failed"};
  EXPECT_EQ(Listed(std::string("/_socialite/events?phoneNumberId=") + kFixtureNumber2Id), expected);
  EXPECT_EQ(Listed("/_socialite/events?phoneNumberId=arn:aws:social-messaging:us-east-1:"
                   "000000000000:phone-number-id/7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e12"),
            expected);
}

TEST_F(EventsListTest, FiltersByWabaIdOrArn) {
  InboundText();
  std::string bakery = env_.LinkWaba(kBakeryToken);
  ASSERT_FALSE(bakery.empty());
  auto numbers = storage::PhoneNumberStore(env_.db()).ListForWaba(DefaultPartition(), bakery);
  ASSERT_TRUE(numbers.ok());
  ASSERT_FALSE(numbers.value().empty());
  InboundText(numbers.value()[0].id);

  Strings bakery_events = Listed("/_socialite/events?wabaId=" + bakery);
  EXPECT_EQ(bakery_events, (Strings{"inbound/-"}));
  EXPECT_EQ(Listed(std::string("/_socialite/events?wabaId=") + kFixtureWabaArn),
            (Strings{"inbound/-"}));
  Reply reply = env_.Get("/_socialite/events?wabaId=" + bakery);
  EXPECT_EQ(reply.json.Get("events")->AsList()[0].GetString("wabaId"), bakery);
}

TEST_F(EventsListTest, FiltersByState) {
  InboundText();
  SendText();
  {
    storage::EventStore store(env_.db());
    std::vector<storage::EventRecord> events = Events("status");
    ASSERT_EQ(events.size(), 3u);
    ASSERT_TRUE(store.MarkFinished(events[0].id, "dead", 5, kStartMillis, "HTTP 500").ok());
  }
  EXPECT_EQ(Listed("/_socialite/events?state=dead"), (Strings{"status/sent"}));
}

TEST_F(EventsListTest, CombinesFilters) {
  InboundText();
  SendText();
  EXPECT_EQ(Listed(std::string("/_socialite/events?kind=status&phoneNumberId=") + kFixtureNumberId +
                   "&limit=2"),
            (Strings{"status/sent", "status/delivered"}));
}

TEST_F(EventsListTest, Pages) {
  InboundText();
  SendText();

  Reply page1 = env_.Get("/_socialite/events?limit=3");
  ASSERT_EQ(page1.status(), 200) << page1.http.body;
  EXPECT_EQ(Field(*page1.json.Get("events"), "status"), (Strings{"-", "sent", "delivered"}));
  std::string token = page1.json.GetString("nextToken").value_or("");
  ASSERT_FALSE(token.empty());

  Reply page2 = env_.Get("/_socialite/events?limit=3&nextToken=" + token);
  ASSERT_EQ(page2.status(), 200) << page2.http.body;
  EXPECT_EQ(Field(*page2.json.Get("events"), "status"), (Strings{"read"}));
  EXPECT_EQ(page2.json.Get("nextToken"), nullptr);
}

TEST_F(EventsListTest, OrderDescPagesNewestFirst) {
  InboundText();
  SendText();

  Reply page1 = env_.Get("/_socialite/events?order=desc&limit=3");
  ASSERT_EQ(page1.status(), 200) << page1.http.body;
  EXPECT_EQ(Field(*page1.json.Get("events"), "status"), (Strings{"read", "delivered", "sent"}));
  std::string token = page1.json.GetString("nextToken").value_or("");
  ASSERT_FALSE(token.empty());

  Reply page2 = env_.Get("/_socialite/events?order=desc&limit=3&nextToken=" + token);
  ASSERT_EQ(page2.status(), 200) << page2.http.body;
  EXPECT_EQ(Field(*page2.json.Get("events"), "kind"), (Strings{"inbound"}));
  EXPECT_EQ(page2.json.Get("nextToken"), nullptr);
  // Filters apply as in the other order.
  EXPECT_EQ(Listed("/_socialite/events?order=desc&kind=status&limit=2"),
            (Strings{"status/read", "status/delivered"}));
  EXPECT_EQ(Listed("/_socialite/events?order=asc&limit=1"), (Strings{"inbound/-"}));
}

TEST_F(EventsListTest, OrderIsAscOrDescAndTokensKeepTheirOrder) {
  InboundText();
  SendText();
  Reply bad = env_.Get("/_socialite/events?order=newest");
  EXPECT_EQ(bad.status(), 400);
  EXPECT_EQ(ErrorOf(bad), "order must be asc or desc");
  std::string desc_token =
      env_.Get("/_socialite/events?order=desc&limit=1").json.GetString("nextToken").value_or("");
  std::string asc_token =
      env_.Get("/_socialite/events?limit=1").json.GetString("nextToken").value_or("");
  ASSERT_FALSE(desc_token.empty());
  ASSERT_FALSE(asc_token.empty());
  EXPECT_EQ(env_.Get("/_socialite/events?nextToken=" + desc_token).status(), 400);
  EXPECT_EQ(env_.Get("/_socialite/events?order=desc&nextToken=" + asc_token).status(), 400);
}

TEST_F(EventsListTest, ExactLastPageHasNoToken) {
  InboundText();
  SendText();
  Reply reply = env_.Get("/_socialite/events?limit=4");
  ASSERT_EQ(reply.status(), 200);
  EXPECT_EQ(reply.json.Get("events")->AsList().size(), 4u);
  EXPECT_EQ(reply.json.Get("nextToken"), nullptr);
}

TEST_F(EventsListTest, BadLimitIs400) {
  Reply zero = env_.Get("/_socialite/events?limit=0");
  EXPECT_EQ(zero.status(), 400);
  EXPECT_EQ(ErrorOf(zero), "limit must be 1-1000");
  EXPECT_EQ(env_.Get("/_socialite/events?limit=1001").status(), 400);
}

TEST_F(EventsListTest, ForgedTokenIs400) {
  Reply reply = env_.Get("/_socialite/events?nextToken=bm90IGEgdG9rZW4=");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "nextToken is not valid");
}

TEST_F(EventsListTest, MessagesTokenIsNotAnEventsToken) {
  SendText();
  SendText();
  Reply messages = env_.Get("/_socialite/messages?limit=1");
  std::string token = messages.json.GetString("nextToken").value_or("");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(env_.Get("/_socialite/events?nextToken=" + token).status(), 400);
}

// The list shows a pending event that is not yet due as "scheduled": state=scheduled lists
// exactly the events shown as scheduled, and state=pending only the due ones.
TEST_F(EventsListTest, StateFilterMatchesTheShownState) {
  InboundText();
  SendText();
  EXPECT_EQ(Listed("/_socialite/events?state=scheduled"),
            (Strings{"status/sent", "status/delivered", "status/read"}));
  EXPECT_EQ(Listed("/_socialite/events?state=pending"), (Strings{"inbound/-"}));
}

// --- Clock ---

TEST_F(EventsAdminTest, ClockShowsTheManualTime) {
  env_.AdvanceClock(1500);
  Reply reply = env_.Get("/_socialite/clock");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body, R"({"mode":"manual","nowMillis":1767225601500,)"
                             R"("now":"2026-01-01T00:00:01.500000000Z"})");
}

TEST_F(EventsAdminTest, AdvanceMovesTheClock) {
  Reply reply = env_.Post("/_socialite/clock/advance", R"({"seconds":2.5})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(env_.clock().NowMillis(), kStartMillis + 2500);
  EXPECT_EQ(reply.http.body, R"({"mode":"manual","nowMillis":1767225602500,)"
                             R"("now":"2026-01-01T00:00:02.500000000Z","eventsFinished":0})");
}

TEST_F(EventsAdminTest, AdvanceStoresTheClocksPosition) {
  ASSERT_EQ(env_.Post("/_socialite/clock/advance", R"({"seconds":60})").status(), 200);
  EXPECT_EQ(Setting("manual_clock_ms"), "1767225660000");
}

TEST_F(EventsAdminTest, AdvanceByZeroIsAllowed) {
  ASSERT_EQ(env_.Post("/_socialite/clock/advance", R"({"seconds":0})").status(), 200);
  EXPECT_EQ(env_.clock().NowMillis(), kStartMillis);
}

TEST_F(EventsAdminTest, AdvanceRejectsNegativeSeconds) {
  Reply reply = env_.Post("/_socialite/clock/advance", R"({"seconds":-1})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "seconds must be a number from 0 to one year");
  EXPECT_EQ(env_.clock().NowMillis(), kStartMillis);
}

TEST_F(EventsAdminTest, AdvanceRejectsMoreThanAYear) {
  Reply reply = env_.Post("/_socialite/clock/advance", R"({"seconds":31622401})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(env_.clock().NowMillis(), kStartMillis);
}

TEST_F(EventsAdminTest, AdvanceRejectsSecondsAsAString) {
  Reply reply = env_.Post("/_socialite/clock/advance", R"({"seconds":"5"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "seconds must be a number from 0 to one year");
}

TEST_F(EventsAdminTest, AdvanceWithoutSecondsIs400) {
  EXPECT_EQ(env_.Post("/_socialite/clock/advance", "{}").status(), 400);
}

class SystemClockAdminTest : public EventsAdminTest {
 protected:
  SystemClockAdminTest() : EventsAdminTest(TestEnvOptions{.manual_clock = false}) {}
};

TEST_F(SystemClockAdminTest, ClockShowsSystemMode) {
  Reply reply = env_.Get("/_socialite/clock");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.json.GetString("mode"), "system");
}

TEST_F(SystemClockAdminTest, AdvanceIs409) {
  Reply reply = env_.Post("/_socialite/clock/advance", R"({"seconds":1})");
  EXPECT_EQ(reply.status(), 409);
  EXPECT_EQ(ErrorOf(reply),
            "The clock is the system clock; start with --clock manual to advance it");
  EXPECT_EQ(env_.clock().NowMillis(), kStartMillis);
  EXPECT_EQ(Setting("manual_clock_ms"), std::nullopt);
}

// Advancing with an EventDispatcher behind AdminHooks.run_due_events, delivering webhooks to
// a real receiver.
class ClockDeliveryTest : public EventsAdminTest {
 protected:
  ClockDeliveryTest()
      : router_({{"arn:aws:sns:*:whatsapp-events", receiver_.url("/hook")}}, {}, 3000) {}

  void SetUp() override {
    ASSERT_TRUE(storage::WabaStore(env_.db())
                    .ReplaceEventDestinations(DefaultPartition(), kFixtureWabaId,
                                              {{kDestination, std::nullopt}})
                    .ok());
    dispatcher_ = std::make_unique<events::EventDispatcher>(env_.state(), env_.clock(), router_,
                                                            events::DeliveryPolicy{});
    env_.SetRunDueEvents([this] { return dispatcher_->RunDue(); });
  }
  void TearDown() override { env_.SetRunDueEvents(nullptr); }

  // "kind/status" of each delivered envelope, from its whatsAppWebhookEntry.
  Strings Delivered() {
    Strings out;
    for (const auto& request : receiver_.requests()) {
      Value envelope = Parse(request.body);
      Value entry = Parse(envelope.GetString("whatsAppWebhookEntry").value_or(""));
      const Value& value = *entry.Get("changes")->AsList()[0].Get("value");
      if (const Value* statuses = value.Get("statuses")) {
        out.push_back("status/" + statuses->AsList()[0].GetString("status").value_or("?"));
      } else if (value.Get("messages") != nullptr) {
        out.push_back("inbound");
      } else {
        out.push_back("other");
      }
    }
    return out;
  }

  testing::HttpReceiver receiver_;
  events::SinkRouter router_;
  std::unique_ptr<events::EventDispatcher> dispatcher_;
};

TEST_F(ClockDeliveryTest, AdvanceDeliversWhatFellDue) {
  InboundText();
  SendText();

  Reply reply = env_.Post("/_socialite/clock/advance", R"({"seconds":0.5})");

  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.json.GetInt("eventsFinished"), 3);
  EXPECT_EQ(Delivered(), (Strings{"inbound", "status/sent", "status/delivered"}));
}

TEST_F(ClockDeliveryTest, LaterAdvanceDeliversTheRest) {
  InboundText();
  SendText();
  ASSERT_EQ(env_.Post("/_socialite/clock/advance", R"({"seconds":0.5})").status(), 200);

  Reply reply = env_.Post("/_socialite/clock/advance", R"({"seconds":1.5})");

  EXPECT_EQ(reply.json.GetInt("eventsFinished"), 1);
  EXPECT_EQ(Delivered(), (Strings{"inbound", "status/sent", "status/delivered", "status/read"}));
}

TEST_F(ClockDeliveryTest, DeliveredEventsShowTheirDeliveries) {
  InboundText();
  ASSERT_EQ(env_.Post("/_socialite/clock/advance", R"({"seconds":0})").status(), 200);

  Reply reply = env_.Get("/_socialite/events");

  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  const Value& e = reply.json.Get("events")->AsList()[0];
  EXPECT_EQ(e.GetString("deliveryState"), "delivered");
  EXPECT_EQ(e.GetString("destination"), kDestination);
  EXPECT_EQ(e.GetInt("attempts"), 1);
  EXPECT_EQ(e.GetString("finishedAt"), "2026-01-01T00:00:00.000000000Z");
  EXPECT_EQ(WriteJson(*e.Get("deliveries")),
            R"([{"attempt":1,"at":"2026-01-01T00:00:00.000000000Z","target":"webhook )" +
                receiver_.url("/hook") +
                R"(","delivered":true,"httpStatus":200,)"
                R"("detail":"HTTP 200","delivery":"original"}])");
}

TEST_F(ClockDeliveryTest, DeliveredEnvelopeIsTheStoredOne) {
  InboundText();
  ASSERT_EQ(env_.Post("/_socialite/clock/advance", R"({"seconds":0})").status(), 200);
  ASSERT_EQ(receiver_.requests().size(), 1u);
  EXPECT_EQ(receiver_.requests()[0].body, Events("inbound")[0].envelope_json);
}

TEST_F(ClockDeliveryTest, FailingReceiverShowsRetryingWithItsError) {
  receiver_.Respond(503, "busy");
  InboundText();
  ASSERT_EQ(env_.Post("/_socialite/clock/advance", R"({"seconds":0})").status(), 200);

  Reply reply = env_.Get("/_socialite/events?state=retrying");

  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  ASSERT_EQ(reply.json.Get("events")->AsList().size(), 1u);
  const Value& e = reply.json.Get("events")->AsList()[0];
  EXPECT_EQ(e.GetString("lastError"), "HTTP 503: busy");
  EXPECT_EQ(e.GetString("nextAttemptAt"), "2026-01-01T00:00:00.500000000Z");
}

// --- Rules ---

TEST_F(EventsAdminTest, RulesStartEmpty) {
  Reply reply = env_.Get("/_socialite/rules");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body, R"({"rules":[]})");
}

TEST_F(EventsAdminTest, PutRulesAsAListAnswersThemNormalized) {
  Reply reply =
      env_.Put("/_socialite/rules",
               R"([{"name":"never read","type":"text","statuses":["sent","delivered"]}])");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body,
            R"({"rules":[{"name":"never read","recipient":"*","type":"text","template":"*",)"
            R"("statuses":["sent","delivered"]}]})");
}

TEST_F(EventsAdminTest, PutRulesAsAnObject) {
  Reply reply =
      env_.Put("/_socialite/rules", R"({"rules":[{"recipient":"+1555*","failed":131026}]})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::vector<events::StatusRule> rules = rules_.Get();
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].recipient, "+1555*");
  EXPECT_EQ(rules[0].failed_code, 131026);
}

TEST_F(EventsAdminTest, GetRulesAfterPut) {
  ASSERT_EQ(env_.Put("/_socialite/rules", R"([{"failed":131026},{"statuses":["sent"]}])").status(),
            200);
  Reply reply = env_.Get("/_socialite/rules");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body,
            R"({"rules":[{"name":"rules[0]","recipient":"*","type":"*","template":"*",)"
            R"("failed":131026},{"name":"rules[1]","recipient":"*","type":"*","template":"*",)"
            R"("statuses":["sent"]}]})");
}

TEST_F(EventsAdminTest, PutRulesArePersistedInSettings) {
  ASSERT_EQ(env_.Put("/_socialite/rules", R"([{"name":"x","failed":131026}])").status(), 200);
  EXPECT_EQ(Setting("status_rules"),
            R"([{"name":"x","recipient":"*","type":"*","template":"*","failed":131026}])");
}

TEST_F(EventsAdminTest, PutRulesApplyToTheNextSend) {
  InboundText();
  ASSERT_EQ(env_.Put("/_socialite/rules", R"([{"recipient":"+1415*","failed":131026}])").status(),
            200);
  std::string sent = SendText();
  std::vector<storage::EventRecord> events = Events("status");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].wamid, sent);
  EXPECT_EQ(events[0].error_code, 131026);
}

TEST_F(EventsAdminTest, PutEmptyRulesClearsThem) {
  ASSERT_EQ(env_.Put("/_socialite/rules", R"([{"failed":131026}])").status(), 200);
  ASSERT_EQ(env_.Put("/_socialite/rules", "[]").status(), 200);
  EXPECT_TRUE(rules_.Get().empty());
  EXPECT_EQ(Setting("status_rules"), "[]");
}

TEST_F(EventsAdminTest, BadRulesAre400AndChangeNothing) {
  ASSERT_EQ(env_.Put("/_socialite/rules", R"([{"name":"keep","failed":131026}])").status(), 200);

  Reply reply = env_.Put("/_socialite/rules", R"([{"statuses":["sent"]},{"statuses":["lost"]}])");

  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply),
            "rules[1].statuses takes sent, delivered, read, played, warning, deleted");
  ASSERT_EQ(rules_.Get().size(), 1u);
  EXPECT_EQ(rules_.Get()[0].name, "keep");
  EXPECT_EQ(Setting("status_rules"),
            R"([{"name":"keep","recipient":"*","type":"*","template":"*","failed":131026}])");
}

TEST_F(EventsAdminTest, RulesObjectWithoutRulesIs400) {
  Reply reply = env_.Put("/_socialite/rules", R"({"statuses":["sent"]})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "Send a list of rules or {\"rules\": [...]}");
}

TEST_F(EventsAdminTest, RulesBodyThatIsNotJsonIs400) {
  Reply reply = env_.Put("/_socialite/rules", "[{");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_FALSE(ErrorOf(reply).empty());
}

TEST_F(EventsAdminTest, RulesOfTheWrongShapeAre400) {
  Reply reply = env_.Put("/_socialite/rules", R"({"rules":{"failed":131026}})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(ErrorOf(reply), "rules must be a JSON list");
}

}  // namespace
}  // namespace socialite
