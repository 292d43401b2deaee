// SendWhatsAppMessage through the dispatcher: the stored message and its wamid, the outcomes
// Meta decides after accepting (stored in messages.outcome_code for the events pipeline), and
// the synchronous failures that reject the call.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "server/core/json.h"
#include "storage/message_store.h"
#include "storage/statement.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::DefaultPartition;
using testing::kDayMillis;
using testing::kFixtureNumber2Id;
using testing::kFixtureNumberId;
using testing::kFixtureWabaId;
using testing::kHourMillis;
using testing::kStartMillis;
using testing::Reply;
using testing::TestEnv;
using testing::TestEnvOptions;

constexpr char kSend[] = "/v1/whatsapp/send";
constexpr char kCustomer[] = "14155550100";  // San Francisco
constexpr char kBucket[] = "media-bucket";

const std::string kBody =
    R"({"type":"BODY","text":"Your order {{1}} has shipped.","example":{"body_text":[["A123"]]}})";
const std::string kOptOutFooter = R"({"type":"FOOTER","text":"Reply STOP to unsubscribe"})";
const std::string kImageHeader =
    R"({"type":"HEADER","format":"IMAGE","example":{"header_handle":["4::aW1hZ2UvcG5n:ab"]}})";

std::string Definition(const std::string& name, const std::string& category,
                       const std::string& components) {
  return R"({"name":")" + name + R"(","language":"en_US","category":")" + category +
         R"(","components":[)" + components + "]}";
}

// A message object to `to` with the given members after it.
std::string Message(const std::string& members, const std::string& to = kCustomer) {
  return R"({"messaging_product":"whatsapp","to":")" + to + R"(",)" + members + "}";
}

std::string Text(const std::string& to = kCustomer) {
  return Message(R"("type":"text","text":{"body":"Hello"})", to);
}

// A template send of `name` with `components` (the send's components list).
std::string TemplateMessage(const std::string& name, const std::string& components,
                            const std::string& to = kCustomer) {
  return Message(R"("type":"template","template":{"name":")" + name +
                     R"(","language":{"code":"en_US"},"components":[)" + components + "]}",
                 to);
}

const std::string kBodyParameter = R"({"type":"body","parameters":[{"type":"text","text":"A1"}]})";

void ExpectError(const Reply& reply, int status, const std::string& type,
                 const std::string& message) {
  EXPECT_EQ(reply.status(), status) << reply.http.body;
  EXPECT_EQ(reply.ErrorType(), type);
  EXPECT_EQ(reply.Message(), message);
}

void ExpectInvalidParameters(const Reply& reply, const std::string& message) {
  ExpectError(reply, 400, "InvalidParametersException", message);
}

class SendTest : public ::testing::Test {
 protected:
  SendTest() : env_(TestEnvOptions{}) {}

  Reply Send(const std::string& message, const std::string& number = kFixtureNumberId,
             const std::string& version = "v20.0") {
    Value body = Value::Object();
    body.Set("originationPhoneNumberId", number);
    body.Set("message", Base64Encode(message));
    body.Set("metaApiVersion", version);
    return env_.Post(kSend, testing::Json(body));
  }

  // Sends and returns the wamid (fails the test unless it answers 200).
  std::string Sent(const std::string& message, const std::string& number = kFixtureNumberId) {
    Reply reply = Send(message, number);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("messageId").value_or("");
  }

  std::optional<storage::MessageRecord> Stored(const std::string& wamid) {
    auto found = storage::MessageStore(env_.db()).Find(DefaultPartition(), wamid);
    EXPECT_TRUE(found.ok());
    return found.ok() ? found.value() : std::nullopt;
  }

  // The outcome code stored for the message a send produced (0: none; -1: no message).
  int64_t OutcomeOf(const std::string& message) {
    std::string wamid = Sent(message);
    auto stored = Stored(wamid);
    if (!stored) return -1;
    return stored->outcome_code.value_or(0);
  }

  // Creates a template (auto review, no delay) and returns its id.
  std::string CreateTemplate(const std::string& definition) {
    Value body = Value::Object();
    body.Set("id", kFixtureWabaId);
    body.Set("templateDefinition", Base64Encode(definition));
    Reply reply = env_.Post("/v1/whatsapp/template/put", testing::Json(body));
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("metaTemplateId").value_or("");
  }

  void SetStatus(const std::string& meta_id, const std::string& status) {
    Reply reply = env_.Post("/_socialite/templates/" + meta_id + "/review",
                            R"({"status":")" + status + R"("})");
    ASSERT_EQ(reply.status(), 200) << reply.http.body;
  }

  std::string UploadMedia(const std::string& key, const std::string& bytes,
                          const std::string& number = kFixtureNumberId) {
    env_.PutObject(kBucket, key, bytes);
    Value body = Value::Object();
    body.Set("originationPhoneNumberId", number);
    body.Set("sourceS3File", Value::Object().Set("bucketName", kBucket).Set("key", key));
    Reply reply = env_.Post("/v1/whatsapp/media", testing::Json(body));
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("mediaId").value_or("");
  }

  void OpenWindow(const std::string& wa_id, int64_t at_ms) {
    ASSERT_TRUE(storage::MessageStore(env_.db())
                    .TouchWindow(DefaultPartition(), kFixtureNumberId, wa_id, at_ms)
                    .ok());
  }

  // Inserts a received message (from kCustomer to `number`).
  void InsertInbound(const std::string& wamid, const std::string& number = kFixtureNumberId) {
    storage::MessageRecord m;
    m.wamid = wamid;
    m.phone_number_id = number;
    m.waba_id = kFixtureWabaId;
    m.direction = "inbound";
    m.wa_id = kCustomer;
    m.type = "text";
    m.body_json = R"({"text":{"body":"Hi there"}})";
    m.created_ms = kStartMillis;
    ASSERT_TRUE(storage::MessageStore(env_.db()).Insert(DefaultPartition(), m).ok());
  }

  int64_t MessageCount() {
    storage::Statement count(env_.db(), "SELECT COUNT(*) FROM messages");
    EXPECT_TRUE(count.Step());
    return count.Int(0);
  }

  TestEnv env_;
};

// --- The accepted message --------------------------------------------------------------------

TEST_F(SendTest, AnswersAWamid) {
  Reply reply = Send(Text());
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string wamid = reply.json.GetString("messageId").value_or("");
  EXPECT_EQ(reply.http.body, R"({"messageId":")" + wamid + R"("})");
  EXPECT_EQ(wamid.rfind("wamid.", 0), 0u) << wamid;
}

TEST_F(SendTest, WamidEncodesTheRecipient) {
  std::string wamid = Sent(Text());
  ASSERT_EQ(wamid.rfind("wamid.", 0), 0u);
  std::string encoded = wamid.substr(6);
  EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos) << "URL-safe, unpadded: " << wamid;
  for (char& c : encoded) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (encoded.size() % 4 != 0) encoded += '=';
  auto decoded = Base64Decode(encoded);
  ASSERT_TRUE(decoded.has_value()) << wamid;
  EXPECT_EQ(decoded->rfind(std::string(kCustomer) + "\x15\x02", 0), 0u);
}

TEST_F(SendTest, WamidsAreUnique) { EXPECT_NE(Sent(Text()), Sent(Text())); }

TEST_F(SendTest, MessageIsStoredWithAcceptedStatus) {
  const std::string message =
      Message(R"("type":"text","text":{"body":"Hello"},"biz_opaque_callback_data":"cb-1",)"
              R"("context":{"message_id":"wamid.earlier"})",
              "+1 (415) 555-0100");
  std::string wamid = Sent(message);
  auto stored = Stored(wamid);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->phone_number_id, kFixtureNumberId);
  EXPECT_EQ(stored->waba_id, kFixtureWabaId);
  EXPECT_EQ(stored->direction, "outbound");
  EXPECT_EQ(stored->wa_id, kCustomer);
  EXPECT_EQ(stored->type, "text");
  EXPECT_EQ(stored->body_json, message);
  EXPECT_EQ(stored->biz_opaque_callback_data, "cb-1");
  EXPECT_EQ(stored->reply_to, "wamid.earlier");
  EXPECT_EQ(stored->created_ms, kStartMillis);
  EXPECT_FALSE(stored->read_ms.has_value());
  ASSERT_EQ(stored->statuses.size(), 1u);
  EXPECT_EQ(stored->statuses[0].status, "accepted");
  EXPECT_EQ(stored->statuses[0].at_ms, kStartMillis);
  EXPECT_FALSE(stored->statuses[0].error_code.has_value());
}

TEST_F(SendTest, TemplateMessageStoresNameAndLanguage) {
  CreateTemplate(Definition("order_update", "UTILITY", kBody));
  auto stored = Stored(Sent(TemplateMessage("order_update", kBodyParameter)));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->type, "template");
  EXPECT_EQ(stored->template_name, "order_update");
  EXPECT_EQ(stored->template_language, "en_US");
}

// --- Outcomes: the customer service window ---------------------------------------------------

TEST_F(SendTest, TextWithoutInboundMessageIsReEngagement) {
  auto stored = Stored(Sent(Text()));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->outcome_code, 131047);
  EXPECT_EQ(stored->outcome_details,
            "More than 24 hours have passed since the customer last replied to this number");
}

TEST_F(SendTest, TextWithinTheWindowHasNoOutcome) {
  OpenWindow(kCustomer, kStartMillis - 23 * kHourMillis);
  EXPECT_EQ(OutcomeOf(Text()), 0);
}

TEST_F(SendTest, TextJustBeforeTheWindowClosesHasNoOutcome) {
  OpenWindow(kCustomer, kStartMillis);
  env_.AdvanceClock(kDayMillis - 1);
  EXPECT_EQ(OutcomeOf(Text()), 0);
}

TEST_F(SendTest, TextAfter24HoursIsReEngagement) {
  OpenWindow(kCustomer, kStartMillis);
  env_.AdvanceClock(kDayMillis);
  EXPECT_EQ(OutcomeOf(Text()), 131047);
}

TEST_F(SendTest, WindowOfAnotherCustomerDoesNotCount) {
  OpenWindow("14155550199", kStartMillis);
  EXPECT_EQ(OutcomeOf(Text()), 131047);
}

TEST_F(SendTest, ApprovedTemplateNeedsNoWindow) {
  CreateTemplate(Definition("order_update", "UTILITY", kBody));
  EXPECT_EQ(OutcomeOf(TemplateMessage("order_update", kBodyParameter)), 0);
}

// --- Outcomes: templates ---------------------------------------------------------------------

TEST_F(SendTest, UnknownTemplateIs132001) {
  auto stored = Stored(Sent(TemplateMessage("nope", kBodyParameter)));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->outcome_code, 132001);
  EXPECT_EQ(stored->outcome_details, "Template name 'nope' does not exist in en_US");
}

TEST_F(SendTest, PendingTemplateIs132001) {
  env_.options().template_review = "manual";
  CreateTemplate(Definition("order_update", "UTILITY", kBody));
  auto stored = Stored(Sent(TemplateMessage("order_update", kBodyParameter)));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->outcome_code, 132001);
  EXPECT_EQ(stored->outcome_details,
            "Template name 'order_update' does not exist in en_US (status PENDING)");
}

TEST_F(SendTest, RejectedTemplateIs132001) {
  CreateTemplate(Definition("summer_sale", "MARKETING", kBody));  // no opt-out: rejected
  EXPECT_EQ(OutcomeOf(TemplateMessage("summer_sale", kBodyParameter)), 132001);
}

TEST_F(SendTest, PausedTemplateIs132015) {
  SetStatus(CreateTemplate(Definition("order_update", "UTILITY", kBody)), "PAUSED");
  EXPECT_EQ(OutcomeOf(TemplateMessage("order_update", kBodyParameter)), 132015);
}

TEST_F(SendTest, DisabledTemplateIs132016) {
  SetStatus(CreateTemplate(Definition("order_update", "UTILITY", kBody)), "DISABLED");
  EXPECT_EQ(OutcomeOf(TemplateMessage("order_update", kBodyParameter)), 132016);
}

TEST_F(SendTest, TemplateInAnotherLanguageIs132001) {
  CreateTemplate(Definition("order_update", "UTILITY", kBody));
  EXPECT_EQ(OutcomeOf(Message(R"("type":"template","template":{"name":"order_update",)"
                              R"("language":{"code":"es"},"components":[)" +
                              kBodyParameter + "]}")),
            132001);
}

TEST_F(SendTest, MissingBodyParameterIs132000) {
  CreateTemplate(Definition("order_update", "UTILITY", kBody));
  auto stored = Stored(Sent(TemplateMessage("order_update", "")));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->outcome_code, 132000);
  EXPECT_EQ(stored->outcome_details,
            "body: number of localizable_params (0) does not match the expected number of "
            "params (1)");
}

TEST_F(SendTest, ExtraBodyParameterIs132000) {
  CreateTemplate(Definition("order_update", "UTILITY", kBody));
  EXPECT_EQ(OutcomeOf(TemplateMessage("order_update",
                                      R"({"type":"body","parameters":[{"type":"text","text":"A1"},)"
                                      R"({"type":"text","text":"B2"}]})")),
            132000);
}

TEST_F(SendTest, MarketingTemplateToUsNumberIs131049) {
  CreateTemplate(Definition("summer_sale", "MARKETING", kBody + "," + kOptOutFooter));
  auto stored = Stored(Sent(TemplateMessage("summer_sale", kBodyParameter, "+1 206 555 0100")));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->outcome_code, 131049);
  EXPECT_EQ(stored->outcome_details, "Marketing templates are not delivered to US phone numbers");
}

TEST_F(SendTest, MarketingTemplateToCanadianNumberIsDelivered) {
  CreateTemplate(Definition("summer_sale", "MARKETING", kBody + "," + kOptOutFooter));
  EXPECT_EQ(OutcomeOf(TemplateMessage("summer_sale", kBodyParameter, "+1 416 555 0100")), 0);
}

TEST_F(SendTest, UtilityTemplateToUsNumberIsDelivered) {
  CreateTemplate(Definition("order_update", "UTILITY", kBody));
  EXPECT_EQ(OutcomeOf(TemplateMessage("order_update", kBodyParameter, "+1 206 555 0100")), 0);
}

// A group's id is not a phone number, so the US block cannot apply (and the id is not digits).
TEST_F(SendTest, MarketingTemplateToAGroupIsDelivered) {
  CreateTemplate(Definition("summer_sale", "MARKETING", kBody + "," + kOptOutFooter));
  Reply reply = Send(R"({"messaging_product":"whatsapp","recipient_type":"group",)"
                     R"("to":"1abcdefghij","type":"template","template":{"name":"summer_sale",)"
                     R"("language":{"code":"en_US"},"components":[)" +
                     kBodyParameter + "]}}");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  auto stored = Stored(reply.json.GetString("messageId").value_or(""));
  ASSERT_TRUE(stored.has_value());
  EXPECT_FALSE(stored->outcome_code.has_value());
}

TEST_F(SendTest, ImageHeaderWithoutParameterIs132000) {
  CreateTemplate(Definition("new_arrivals", "UTILITY", kImageHeader + "," + kBody));
  auto stored = Stored(Sent(TemplateMessage("new_arrivals", kBodyParameter)));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->outcome_code, 132000);
  EXPECT_EQ(stored->outcome_details,
            "header: number of localizable_params (0) does not match the expected number of "
            "params (1)");
}

TEST_F(SendTest, ImageHeaderWithImageIdHasNoOutcome) {
  std::string image = UploadMedia("cat.png", "png bytes");
  CreateTemplate(Definition("new_arrivals", "UTILITY", kImageHeader + "," + kBody));
  EXPECT_EQ(
      OutcomeOf(TemplateMessage("new_arrivals", R"({"type":"header","parameters":[{"type":"image",)"
                                                R"("image":{"id":")" +
                                                    image + R"("}}]},)" + kBodyParameter)),
      0);
}

TEST_F(SendTest, ImageHeaderWithDocumentParameterIs132012) {
  std::string pdf = UploadMedia("menu.pdf", "%PDF-1.7");
  CreateTemplate(Definition("new_arrivals", "UTILITY", kImageHeader + "," + kBody));
  EXPECT_EQ(OutcomeOf(TemplateMessage("new_arrivals",
                                      R"({"type":"header","parameters":[{"type":"document",)"
                                      R"("document":{"id":")" +
                                          pdf + R"("}}]},)" + kBodyParameter)),
            132012);
}

TEST_F(SendTest, PdfIdAsHeaderImageIs131053) {
  std::string pdf = UploadMedia("menu.pdf", "%PDF-1.7");
  CreateTemplate(Definition("new_arrivals", "UTILITY", kImageHeader + "," + kBody));
  EXPECT_EQ(
      OutcomeOf(TemplateMessage("new_arrivals", R"({"type":"header","parameters":[{"type":"image",)"
                                                R"("image":{"id":")" +
                                                    pdf + R"("}}]},)" + kBodyParameter)),
      131053);
}

TEST_F(SendTest, PdfIdSentAsImageIs131053) {
  OpenWindow(kCustomer, kStartMillis);
  std::string pdf = UploadMedia("menu.pdf", "%PDF-1.7");
  auto stored = Stored(Sent(Message(R"("type":"image","image":{"id":")" + pdf + R"("})")));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->outcome_code, 131053);
  EXPECT_EQ(stored->outcome_details, "image is a image but media " + pdf + " is application/pdf");
}

TEST_F(SendTest, ImageIdSentAsImageHasNoOutcome) {
  OpenWindow(kCustomer, kStartMillis);
  std::string image = UploadMedia("cat.png", "png bytes");
  EXPECT_EQ(OutcomeOf(Message(R"("type":"image","image":{"id":")" + image + R"("})")), 0);
}

TEST_F(SendTest, MediaByLinkIsNotLookedUp) {
  OpenWindow(kCustomer, kStartMillis);
  EXPECT_EQ(OutcomeOf(Message(R"("type":"image","image":{"link":"https://example.com/a.png"})")),
            0);
}

TEST_F(SendTest, TemplateWhoseReviewFellDueIsTreatedAsReviewed) {
  env_.options().template_review_delay_seconds = 60;
  CreateTemplate(Definition("order_update", "UTILITY", kBody));
  env_.AdvanceClock(60000);
  EXPECT_EQ(OutcomeOf(TemplateMessage("order_update", kBodyParameter)), 0);
}

// --- Synchronous failures --------------------------------------------------------------------

TEST_F(SendTest, UnknownPhoneNumberIsResourceNotFound) {
  const std::string number = "phone-number-id-00000000000000000000000000000bad";
  ExpectError(Send(Text(), number), 404, "ResourceNotFoundException",
              "No linked phone number '" + number + "' in this account and region");
}

TEST_F(SendTest, OldMetaApiVersionIsInvalidParameters) {
  ExpectInvalidParameters(Send(Text(), kFixtureNumberId, "v19.0"),
                          "(#100) Invalid parameter: metaApiVersion 'v19.0' is not supported; "
                          "use v20.0 or later");
}

TEST_F(SendTest, NewerMetaApiVersionIsAccepted) {
  EXPECT_EQ(Send(Text(), kFixtureNumberId, "v23.0").status(), 200);
}

TEST_F(SendTest, BrokenMessageRuleIsInvalidParametersWithItsCode) {
  Reply reply = Send(Message(R"("type":"text","text":{})"));
  EXPECT_EQ(reply.status(), 400) << reply.http.body;
  EXPECT_EQ(reply.ErrorType(), "InvalidParametersException");
  EXPECT_EQ(reply.Message().rfind("(#131008) ", 0), 0u) << reply.Message();
}

TEST_F(SendTest, UnknownMediaIdIs131009) {
  OpenWindow(kCustomer, kStartMillis);
  ExpectInvalidParameters(
      Send(Message(R"("type":"image","image":{"id":"1999999999999999"})")),
      std::string("(#131009) Parameter value is not valid: image.id 1999999999999999 is not a "
                  "media id of ") +
          kFixtureNumberId + " (unknown, expired or another number's)");
}

TEST_F(SendTest, AnotherNumbersMediaIdIs131009) {
  std::string image = UploadMedia("cat.png", "png bytes", kFixtureNumber2Id);
  Reply reply = Send(Message(R"("type":"image","image":{"id":")" + image + R"("})"));
  EXPECT_EQ(reply.status(), 400) << reply.http.body;
  EXPECT_EQ(reply.Message().rfind("(#131009) ", 0), 0u) << reply.Message();
}

TEST_F(SendTest, ExpiredMediaIdIs131009) {
  std::string image = UploadMedia("cat.png", "png bytes");
  env_.AdvanceClock(30 * kDayMillis);
  Reply reply = Send(Message(R"("type":"image","image":{"id":")" + image + R"("})"));
  EXPECT_EQ(reply.status(), 400) << reply.http.body;
  EXPECT_EQ(reply.Message().rfind("(#131009) ", 0), 0u) << reply.Message();
}

TEST_F(SendTest, ReactionToUnknownMessageIs131009) {
  ExpectInvalidParameters(
      Send(Message(R"("type":"reaction","reaction":{"message_id":"wamid.nope","emoji":"👍"})")),
      std::string("(#131009) Parameter value is not valid: reaction.message_id wamid.nope "
                  "matches no message of ") +
          kFixtureNumberId);
}

TEST_F(SendTest, ReactionToASentMessageIsAccepted) {
  std::string wamid = Sent(Text());
  Reply reply = Send(
      Message(R"("type":"reaction","reaction":{"message_id":")" + wamid + R"(","emoji":"👍"})"));
  EXPECT_EQ(reply.status(), 200) << reply.http.body;
}

TEST_F(SendTest, ReactionToAnotherNumbersMessageIs131009) {
  std::string wamid = Sent(Text(), kFixtureNumber2Id);
  Reply reply = Send(
      Message(R"("type":"reaction","reaction":{"message_id":")" + wamid + R"(","emoji":"👍"})"));
  EXPECT_EQ(reply.status(), 400) << reply.http.body;
  EXPECT_EQ(reply.Message().rfind("(#131009) ", 0), 0u) << reply.Message();
}

TEST_F(SendTest, SendingToTheOwnNumberIs131021) {
  ExpectInvalidParameters(Send(Text("+1 425-555-0123")),
                          "(#131021) Recipient cannot be sender: to is the sending business "
                          "number");
}

TEST_F(SendTest, SendingToTheOtherFixtureNumberIsAllowed) {
  EXPECT_EQ(Send(Text("+14255550124")).status(), 200);
}

TEST_F(SendTest, RejectedSendStoresNothing) {
  Send(Text("+14255550123"));
  Send(Text(), kFixtureNumberId, "v19.0");
  EXPECT_EQ(MessageCount(), 0);
}

// --- Mark as read ----------------------------------------------------------------------------

std::string MarkRead(const std::string& wamid) {
  return R"({"messaging_product":"whatsapp","status":"read","message_id":")" + wamid + R"("})";
}

TEST_F(SendTest, MarkReadOfInboundMessageSetsReadTime) {
  InsertInbound("wamid.inbound1");
  env_.AdvanceClock(5000);
  Reply reply = Send(MarkRead("wamid.inbound1"));
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  EXPECT_EQ(reply.http.body, R"({"messageId":"wamid.inbound1"})");
  auto stored = Stored("wamid.inbound1");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->read_ms, kStartMillis + 5000);
}

TEST_F(SendTest, MarkReadStoresNoNewMessage) {
  InsertInbound("wamid.inbound1");
  ASSERT_EQ(Send(MarkRead("wamid.inbound1")).status(), 200);
  EXPECT_EQ(MessageCount(), 1);
}

TEST_F(SendTest, MarkReadOfOutboundMessageIsInvalidParameters) {
  std::string wamid = Sent(Text());
  ExpectInvalidParameters(Send(MarkRead(wamid)), "(#100) Invalid parameter: message_id " + wamid +
                                                     " is not a message received by " +
                                                     kFixtureNumberId);
}

TEST_F(SendTest, MarkReadOfAnotherNumbersMessageIsInvalidParameters) {
  InsertInbound("wamid.inbound2", kFixtureNumber2Id);
  Reply reply = Send(MarkRead("wamid.inbound2"));
  EXPECT_EQ(reply.status(), 400) << reply.http.body;
  EXPECT_FALSE(Stored("wamid.inbound2")->read_ms.has_value());
}

TEST_F(SendTest, MarkReadOfUnknownMessageIsInvalidParameters) {
  ExpectInvalidParameters(Send(MarkRead("wamid.nope")),
                          std::string("(#100) Invalid parameter: message_id wamid.nope is not a "
                                      "message received by ") +
                              kFixtureNumberId);
}

}  // namespace
}  // namespace socialite
