// Flow messages through SendWhatsAppMessage and the customer's completion through
// POST /_socialite/inbound: which flows a message may open (by WABA, status and mode), FLOW
// buttons at template creation and send, and the nfm_reply event a completion produces.
#include <gtest/gtest.h>

#include <string>

#include "server/core/json.h"
#include "server/core/sha256.h"
#include "server/events/status_rules.h"
#include "storage/flow_send_store.h"
#include "storage/flow_store.h"
#include "storage/media_store.h"
#include "storage/message_store.h"
#include "storage/statement.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::DefaultPartition;
using testing::kBakeryToken;
using testing::kFixtureNumberId;
using testing::kFixtureWabaId;
using testing::kHourMillis;
using testing::kStartMillis;
using testing::Reply;
using testing::TestEnv;
using testing::TestEnvOptions;

constexpr char kSend[] = "/v1/whatsapp/send";
constexpr char kCustomer[] = "14155550100";

std::string FlowMessage(const std::string& parameters) {
  return R"({"messaging_product":"whatsapp","to":")" + std::string(kCustomer) +
         R"(","type":"interactive","interactive":{"type":"flow","body":{"text":"Book a table"},)"
         R"("action":{"name":"flow","parameters":{"flow_message_version":"3","flow_cta":"Book",)" +
         parameters + "}}}}";
}

std::string FlowTemplateDefinition(const std::string& button) {
  return R"({"name":"book_table","language":"en_US","category":"UTILITY","components":[)"
         R"({"type":"BODY","text":"Book your table for tonight."},)"
         R"({"type":"BUTTONS","buttons":[)" +
         button + "]}]}";
}

std::string FlowTemplateSend(const std::string& components) {
  return R"({"messaging_product":"whatsapp","to":")" + std::string(kCustomer) +
         R"(","type":"template","template":{"name":"book_table","language":{"code":"en_US"},)"
         R"("components":[)" +
         components + "]}}";
}

class FlowSendTest : public ::testing::Test {
 protected:
  FlowSendTest() : env_(TestEnvOptions{}) {
    // The customer wrote first: free-form messages are inside the service window.
    EXPECT_TRUE(storage::MessageStore(env_.db())
                    .TouchWindow(DefaultPartition(), kFixtureNumberId, kCustomer, kStartMillis)
                    .ok());
  }

  // Stores a flow of `waba_id` directly (the Flow operations are tested elsewhere).
  void AddFlow(const std::string& flow_id, const std::string& name, const std::string& status,
               const std::string& waba_id = kFixtureWabaId) {
    storage::FlowRecord flow;
    flow.waba_id = waba_id;
    flow.flow_id = flow_id;
    flow.name = name;
    flow.categories = {"OTHER"};
    flow.status = status;
    flow.created_ms = flow.updated_ms = kStartMillis;
    auto inserted = storage::FlowStore(env_.db()).Insert(DefaultPartition(), flow);
    ASSERT_TRUE(inserted.ok()) << inserted.error().message;
  }

  void SetFlowStatus(const std::string& flow_id, const std::string& status) {
    storage::FlowStore flows(env_.db());
    auto found = flows.FindById(DefaultPartition(), kFixtureWabaId, flow_id);
    ASSERT_TRUE(found.ok() && found.value());
    storage::FlowRecord flow = *found.value();
    flow.status = status;
    ASSERT_TRUE(flows.Update(DefaultPartition(), flow).ok());
  }

  Reply Send(const std::string& message) {
    Value body = Value::Object();
    body.Set("originationPhoneNumberId", kFixtureNumberId);
    body.Set("message", Base64Encode(message));
    body.Set("metaApiVersion", "v20.0");
    return env_.Post(kSend, testing::Json(body));
  }

  std::string Sent(const std::string& message) {
    Reply reply = Send(message);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("messageId").value_or("");
  }

  void ExpectRejected(const Reply& reply, const std::string& message) {
    EXPECT_EQ(reply.status(), 400) << reply.http.body;
    EXPECT_EQ(reply.ErrorType(), "InvalidParametersException");
    EXPECT_EQ(reply.Message(), message);
  }

  Reply CreateTemplate(const std::string& definition) {
    Value body = Value::Object();
    body.Set("id", kFixtureWabaId);
    body.Set("templateDefinition", Base64Encode(definition));
    return env_.Post("/v1/whatsapp/template/put", testing::Json(body));
  }

  std::optional<storage::FlowSendRecord> FlowSendOf(const std::string& wamid) {
    auto found = storage::FlowSendStore(env_.db()).FindByWamid(DefaultPartition(), wamid);
    EXPECT_TRUE(found.ok());
    return found.ok() ? found.value() : std::nullopt;
  }

  int64_t OutcomeOf(const std::string& wamid) {
    auto found = storage::MessageStore(env_.db()).Find(DefaultPartition(), wamid);
    EXPECT_TRUE(found.ok() && found.value());
    return found.ok() && found.value() ? found.value()->outcome_code.value_or(0) : -1;
  }

  TestEnv env_;
};

TEST_F(FlowSendTest, DraftFlowInDraftModeIsAcceptedAndRecorded) {
  AddFlow("1000000000000001", "booking", "DRAFT");
  std::string wamid =
      Sent(FlowMessage(R"("flow_id":"1000000000000001","mode":"draft","flow_token":"tok-1")"));
  auto sent = FlowSendOf(wamid);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->flow_id, "1000000000000001");
  EXPECT_EQ(sent->flow_token, "tok-1");
  EXPECT_EQ(sent->waba_id, kFixtureWabaId);
  EXPECT_EQ(OutcomeOf(wamid), 0);
}

TEST_F(FlowSendTest, DraftFlowInPublishedModeIs131009) {
  AddFlow("1000000000000001", "booking", "DRAFT");
  ExpectRejected(Send(FlowMessage(R"("flow_id":"1000000000000001")")),
                 "(#131009) Parameter value is not valid: interactive.action.parameters: flow "
                 "1000000000000001 is DRAFT; a draft flow can only be sent with mode \"draft\"");
}

TEST_F(FlowSendTest, PublishedFlowByNameGetsTheDefaultToken) {
  AddFlow("1000000000000002", "signup", "PUBLISHED");
  std::string wamid = Sent(FlowMessage(R"("flow_name":"signup","mode":"published")"));
  auto sent = FlowSendOf(wamid);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->flow_id, "1000000000000002");
  EXPECT_EQ(sent->flow_token, "unused");
}

TEST_F(FlowSendTest, PublishedFlowInDraftModeIs131009) {
  AddFlow("1000000000000002", "signup", "PUBLISHED");
  ExpectRejected(Send(FlowMessage(R"("flow_id":"1000000000000002","mode":"draft")")),
                 "(#131009) Parameter value is not valid: interactive.action.parameters: flow "
                 "1000000000000002 is PUBLISHED; mode \"draft\" is only for DRAFT flows (use "
                 "\"published\")");
}

TEST_F(FlowSendTest, UnknownFlowIdIs131009) {
  ExpectRejected(Send(FlowMessage(R"("flow_id":"999")")),
                 "(#131009) Parameter value is not valid: interactive.action.parameters.flow_id "
                 "999 matches no flow of this WhatsApp Business Account");
}

TEST_F(FlowSendTest, UnknownFlowNameIs131009) {
  ExpectRejected(Send(FlowMessage(R"("flow_name":"nope")")),
                 "(#131009) Parameter value is not valid: interactive.action.parameters.flow_name "
                 "'nope' matches no flow of this WhatsApp Business Account");
}

TEST_F(FlowSendTest, FlowOfAnotherWabaIsUnknown) {
  std::string other = env_.LinkWaba(kBakeryToken);
  ASSERT_FALSE(other.empty());
  AddFlow("1000000000000003", "elsewhere", "PUBLISHED", other);
  ExpectRejected(Send(FlowMessage(R"("flow_id":"1000000000000003")")),
                 "(#131009) Parameter value is not valid: interactive.action.parameters.flow_id "
                 "1000000000000003 matches no flow of this WhatsApp Business Account");
  ExpectRejected(Send(FlowMessage(R"("flow_name":"elsewhere")")),
                 "(#131009) Parameter value is not valid: interactive.action.parameters.flow_name "
                 "'elsewhere' matches no flow of this WhatsApp Business Account");
}

TEST_F(FlowSendTest, DeprecatedFlowIs131009AndBlockedIs132068) {
  AddFlow("1000000000000004", "old", "DEPRECATED");
  AddFlow("1000000000000005", "bad", "BLOCKED");
  ExpectRejected(Send(FlowMessage(R"("flow_id":"1000000000000004")")),
                 "(#131009) Parameter value is not valid: interactive.action.parameters: flow "
                 "1000000000000004 is DEPRECATED and can no longer be sent");
  ExpectRejected(Send(FlowMessage(R"("flow_id":"1000000000000005")")),
                 "(#132068) Flow is blocked: interactive.action.parameters: flow 1000000000000005 "
                 "is BLOCKED");
}

TEST_F(FlowSendTest, ThrottledFlowTakesTenMessagesAnHour) {
  AddFlow("1000000000000006", "slow", "THROTTLED");
  for (int i = 0; i < 10; ++i) Sent(FlowMessage(R"("flow_id":"1000000000000006")"));
  ExpectRejected(Send(FlowMessage(R"("flow_id":"1000000000000006")")),
                 "(#132069) Flow is throttled: interactive.action.parameters: flow "
                 "1000000000000006 is THROTTLED and was sent 10 times in the last hour; the "
                 "limit is 10");
  // An hour after the first ones the cap has room again.
  env_.AdvanceClock(kHourMillis);
  Sent(FlowMessage(R"("flow_id":"1000000000000006")"));
}

TEST_F(FlowSendTest, FlowMessageOutsideTheWindowFailsLaterAndIsNotRecorded) {
  AddFlow("1000000000000002", "signup", "PUBLISHED");
  env_.AdvanceClock(25 * kHourMillis);
  std::string wamid = Sent(FlowMessage(R"("flow_id":"1000000000000002")"));
  EXPECT_EQ(OutcomeOf(wamid), 131047);
  EXPECT_FALSE(FlowSendOf(wamid));
}

TEST_F(FlowSendTest, FlowMessageAStatusRuleFailsIsNotRecorded) {
  events::RuleBook rules;
  env_.services().rules = &rules;
  ASSERT_EQ(env_.Put("/_socialite/rules", R"([{"recipient":"+1415*","failed":131026}])").status(),
            200);
  AddFlow("1000000000000002", "signup", "PUBLISHED");
  std::string wamid = Sent(FlowMessage(R"("flow_id":"1000000000000002")"));
  EXPECT_FALSE(FlowSendOf(wamid));
  env_.services().rules = nullptr;
}

TEST_F(FlowSendTest, TemplateFlowButtonNeedsAPublishedFlowOfTheWaba) {
  Reply unknown = CreateTemplate(
      FlowTemplateDefinition(R"({"type":"FLOW","text":"Book now","flow_id":"1000000000000009"})"));
  EXPECT_EQ(unknown.status(), 400);
  EXPECT_EQ(unknown.Message(),
            "(#100) Invalid parameter: BUTTONS buttons[0] (FLOW) flow_id 1000000000000009 "
            "matches no flow of this WhatsApp Business Account");
  AddFlow("1000000000000001", "booking", "DRAFT");
  Reply draft = CreateTemplate(
      FlowTemplateDefinition(R"({"type":"FLOW","text":"Book now","flow_id":"1000000000000001"})"));
  EXPECT_EQ(draft.status(), 400);
  EXPECT_EQ(draft.Message(),
            "(#100) Invalid parameter: BUTTONS buttons[0] (FLOW) flow 1000000000000001 is DRAFT; "
            "a template's flow must be PUBLISHED");
  Reply inline_json = CreateTemplate(
      FlowTemplateDefinition(R"({"type":"FLOW","text":"Book now","flow_json":"{}"})"));
  EXPECT_EQ(inline_json.status(), 400);
}

TEST_F(FlowSendTest, TemplateFlowButtonByNameIsStoredById) {
  AddFlow("1000000000000002", "signup", "PUBLISHED");
  Reply created = CreateTemplate(FlowTemplateDefinition(
      R"({"type":"FLOW","text":"Book now","flow_name":"signup","navigate_screen":"WELCOME"})"));
  ASSERT_EQ(created.status(), 200) << created.http.body;
  std::string id = created.json.GetString("metaTemplateId").value_or("");
  Reply got =
      env_.Get("/v1/whatsapp/template?id=" + std::string(kFixtureWabaId) + "&metaTemplateId=" + id);
  ASSERT_EQ(got.status(), 200) << got.http.body;
  std::string stored = got.json.GetString("template").value_or("");
  EXPECT_NE(stored.find(R"("flow_id":"1000000000000002")"), std::string::npos) << stored;
  EXPECT_EQ(stored.find("flow_name"), std::string::npos) << stored;
}

TEST_F(FlowSendTest, TemplateWithFlowButtonSendsTheFlowWithTheGivenToken) {
  AddFlow("1000000000000002", "signup", "PUBLISHED");
  ASSERT_EQ(CreateTemplate(FlowTemplateDefinition(
                               R"({"type":"FLOW","text":"Book now","flow_id":"1000000000000002"})"))
                .status(),
            200);
  std::string wamid = Sent(FlowTemplateSend(
      R"({"type":"button","sub_type":"flow","index":"0","parameters":[{"type":"action",)"
      R"("action":{"flow_token":"tpl-token","flow_action_data":{"table":4}}}]})"));
  EXPECT_EQ(OutcomeOf(wamid), 0);
  auto sent = FlowSendOf(wamid);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->flow_id, "1000000000000002");
  EXPECT_EQ(sent->flow_token, "tpl-token");

  // Without a button component the flow still opens, with Meta's default token.
  std::string plain = Sent(FlowTemplateSend(""));
  ASSERT_TRUE(FlowSendOf(plain));
  EXPECT_EQ(FlowSendOf(plain)->flow_token, "unused");
}

TEST_F(FlowSendTest, TemplateWhoseFlowWasDeprecatedFailsAfterAcceptance) {
  AddFlow("1000000000000002", "signup", "PUBLISHED");
  ASSERT_EQ(CreateTemplate(FlowTemplateDefinition(
                               R"({"type":"FLOW","text":"Book now","flow_id":"1000000000000002"})"))
                .status(),
            200);
  SetFlowStatus("1000000000000002", "DEPRECATED");
  std::string wamid = Sent(FlowTemplateSend(""));
  EXPECT_EQ(OutcomeOf(wamid), 131009);
  EXPECT_FALSE(FlowSendOf(wamid));
  SetFlowStatus("1000000000000002", "BLOCKED");
  EXPECT_EQ(OutcomeOf(Sent(FlowTemplateSend(""))), 132068);
}

TEST_F(FlowSendTest, FlowButtonComponentOnAnotherButtonIs132012) {
  AddFlow("1000000000000002", "signup", "PUBLISHED");
  ASSERT_EQ(CreateTemplate(FlowTemplateDefinition(
                               R"({"type":"FLOW","text":"Book now","flow_id":"1000000000000002"})"))
                .status(),
            200);
  std::string wamid = Sent(FlowTemplateSend(R"({"type":"button","sub_type":"flow","index":"1"})"));
  EXPECT_EQ(OutcomeOf(wamid), 132012);
}

// ---------------------------------------------------------------------------------------
// The customer's completion.

class FlowCompletionTest : public FlowSendTest {
 protected:
  std::string SentFlow(const std::string& token = "tok-7") {
    AddFlow("1000000000000002", "signup", "PUBLISHED");
    return Sent(FlowMessage(R"("flow_id":"1000000000000002","flow_token":")" + token + "\""));
  }
};

TEST_F(FlowCompletionTest, ShortFormBuildsMetasNfmReplyEvent) {
  std::string flow_wamid = SentFlow();
  Reply reply = env_.Post("/_socialite/inbound",
                          R"({"type":"flow_completion","replyTo":")" + flow_wamid +
                              R"(","response":{"party_size":"4","date":"2026-01-02"}})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  std::string wamid = reply.json.GetString("wamid").value_or("");
  EXPECT_FALSE(wamid.empty());

  auto events = env_.Events("inbound");
  ASSERT_EQ(events.size(), 1u);
  const Value& value = events[0].value;
  const Value& message = value.Get("messages")->AsList()[0];
  EXPECT_EQ(message.GetString("id"), wamid);
  EXPECT_EQ(message.GetString("from"), kCustomer);
  EXPECT_EQ(message.GetString("type"), "interactive");
  EXPECT_EQ(message.Get("context")->GetString("id"), flow_wamid);
  const Value* interactive = message.Get("interactive");
  ASSERT_NE(interactive, nullptr);
  EXPECT_EQ(interactive->GetString("type"), "nfm_reply");
  const Value* nfm = interactive->Get("nfm_reply");
  EXPECT_EQ(nfm->GetString("name"), "flow");
  EXPECT_EQ(nfm->GetString("body"), "Sent");
  Result<Value> response = ParseJson(nfm->GetString("response_json").value_or(""));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->GetString("flow_token"), "tok-7");
  EXPECT_EQ(response->GetString("party_size"), "4");
  EXPECT_EQ(response->GetString("date"), "2026-01-02");
  EXPECT_EQ(value.Get("contacts")->AsList()[0].GetString("wa_id"), kCustomer);
}

TEST_F(FlowCompletionTest, CompletionOpensTheServiceWindow) {
  std::string flow_wamid = SentFlow();
  env_.AdvanceClock(30 * kHourMillis);
  Reply late_text = Send(R"({"messaging_product":"whatsapp","to":")" + std::string(kCustomer) +
                         R"(","type":"text","text":{"body":"thanks"}})");
  ASSERT_EQ(late_text.status(), 200);
  EXPECT_EQ(OutcomeOf(late_text.json.GetString("messageId").value_or("")), 131047);
  ASSERT_EQ(env_.Post("/_socialite/inbound",
                      R"({"type":"flow_completion","replyTo":")" + flow_wamid + R"("})")
                .status(),
            200);
  Reply text = Send(R"({"messaging_product":"whatsapp","to":")" + std::string(kCustomer) +
                    R"(","type":"text","text":{"body":"thanks"}})");
  EXPECT_EQ(OutcomeOf(text.json.GetString("messageId").value_or("")), 0);
}

TEST_F(FlowCompletionTest, RawNfmReplyIsAcceptedAsMetaShapesIt) {
  std::string flow_wamid = SentFlow();
  Reply reply = env_.Post(
      "/_socialite/inbound",
      R"({"phoneNumberId":")" + std::string(kFixtureNumberId) + R"(","from":")" + kCustomer +
          R"(","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{)"
          R"("response_json":"{\"flow_token\":\"tok-7\",\"ok\":true}"}},"context":{"id":")" +
          flow_wamid + R"("}})");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  auto events = env_.Events("inbound");
  ASSERT_EQ(events.size(), 1u);
  const Value& message = events[0].value.Get("messages")->AsList()[0];
  const Value* nfm = message.Get("interactive")->Get("nfm_reply");
  EXPECT_EQ(nfm->GetString("name"), "flow");
  EXPECT_EQ(nfm->GetString("body"), "Sent");
  EXPECT_EQ(nfm->GetString("response_json"), R"({"flow_token":"tok-7","ok":true})");
}

TEST_F(FlowCompletionTest, RawNfmReplyMustAnswerAFlowMessage) {
  std::string flow_wamid = SentFlow();
  auto raw = [&](const std::string& extra) {
    return env_.Post("/_socialite/inbound",
                     R"({"phoneNumberId":")" + std::string(kFixtureNumberId) + R"(","from":")" +
                         kCustomer +
                         R"(","type":"interactive","interactive":{"type":"nfm_reply",)"
                         R"("nfm_reply":{"response_json":"{}"}})" +
                         extra + "}");
  };
  Reply no_context = raw("");
  EXPECT_EQ(no_context.status(), 400);
  EXPECT_NE(no_context.http.body.find("context.id must be its wamid"), std::string::npos);
  std::string text = Sent(R"({"messaging_product":"whatsapp","to":")" + std::string(kCustomer) +
                          R"(","type":"text","text":{"body":"hi"}})");
  Reply to_text = raw(R"(,"context":{"id":")" + text + R"("})");
  EXPECT_EQ(to_text.status(), 400);
  EXPECT_NE(to_text.http.body.find("is not a flow message"), std::string::npos);
  EXPECT_TRUE(env_.Events("inbound").empty());
  EXPECT_EQ(raw(R"(,"context":{"id":")" + flow_wamid + R"("})").status(), 200);
}

TEST_F(FlowCompletionTest, BrokenNfmReplyIsRefused) {
  std::string flow_wamid = SentFlow();
  auto raw = [&](const std::string& nfm) {
    return env_.Post("/_socialite/inbound",
                     R"({"phoneNumberId":")" + std::string(kFixtureNumberId) + R"(","from":")" +
                         kCustomer +
                         R"(","type":"interactive","interactive":{"type":"nfm_reply",)"
                         R"("nfm_reply":)" +
                         nfm + R"(},"context":{"id":")" + flow_wamid + R"("}})");
  };
  EXPECT_EQ(raw(R"({})").status(), 400);
  EXPECT_EQ(raw(R"({"response_json":"not json"})").status(), 400);
  EXPECT_EQ(raw(R"({"response_json":"[1]"})").status(), 400);
  EXPECT_EQ(raw(R"({"name":"form","response_json":"{}"})").status(), 400);
  EXPECT_EQ(raw(R"({"body":"Done","response_json":"{}"})").status(), 400);
  EXPECT_TRUE(env_.Events("inbound").empty());
}

TEST_F(FlowCompletionTest, ShortFormRefusesWhatCannotBeCompleted) {
  std::string flow_wamid = SentFlow();
  Reply unknown =
      env_.Post("/_socialite/inbound", R"({"type":"flow_completion","replyTo":"wamid.nothing"})");
  EXPECT_EQ(unknown.status(), 404);
  Reply missing = env_.Post("/_socialite/inbound", R"({"type":"flow_completion"})");
  EXPECT_EQ(missing.status(), 400);
  Reply bad_response = env_.Post("/_socialite/inbound", R"({"type":"flow_completion","replyTo":")" +
                                                            flow_wamid + R"(","response":[1]})");
  EXPECT_EQ(bad_response.status(), 400);
  Reply other_customer =
      env_.Post("/_socialite/inbound", R"({"type":"flow_completion","from":"14155550199",)"
                                       R"("replyTo":")" +
                                           flow_wamid + R"("})");
  EXPECT_EQ(other_customer.status(), 400);
  SetFlowStatus("1000000000000002", "BLOCKED");
  Reply blocked = env_.Post("/_socialite/inbound",
                            R"({"type":"flow_completion","replyTo":")" + flow_wamid + R"("})");
  EXPECT_EQ(blocked.status(), 400);
  EXPECT_NE(blocked.http.body.find("is BLOCKED"), std::string::npos);
  EXPECT_TRUE(env_.Events("inbound").empty());
}

// A picked file as the inbox page sends it.
std::string PickedFile(const std::string& name, const std::string& mime, const std::string& bytes) {
  return R"({"file_name":")" + name + R"(","mime_type":")" + mime + R"(","data":")" +
         Base64Encode(bytes) + R"("})";
}

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) hex += {kDigits[c >> 4], kDigits[c & 15]};
  return hex;
}

int64_t MediaRows(storage::Database& db) {
  storage::Statement count(db, "SELECT COUNT(*) FROM media");
  return count.Step() ? count.Int(0) : -1;
}

TEST_F(FlowCompletionTest, PickedFilesAreStoredAsMediaAndNamedAsMetaDoes) {
  std::string flow_wamid = SentFlow();
  Reply reply =
      env_.Post("/_socialite/inbound",
                R"({"type":"flow_completion","replyTo":")" + flow_wamid +
                    R"(","response":{"name":"Ana","photo_picker":[)" +
                    PickedFile("cake.png", "image/png", "\x89PNG fake bytes") + "," +
                    PickedFile("receipt.pdf", "application/pdf", "%PDF-1.4 fake") + "]}}");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;

  auto events = env_.Events("inbound");
  ASSERT_EQ(events.size(), 1u);
  const Value& message = events[0].value.Get("messages")->AsList()[0];
  Result<Value> response = ParseJson(
      message.Get("interactive")->Get("nfm_reply")->GetString("response_json").value_or(""));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->GetString("name"), "Ana");
  const Value* files = response->Get("photo_picker");
  ASSERT_NE(files, nullptr);
  ASSERT_EQ(files->AsList().size(), 2u);
  const Value& photo = files->AsList()[0];
  EXPECT_EQ(photo.GetString("file_name"), "cake.png");
  EXPECT_EQ(photo.GetString("mime_type"), "image/png");
  EXPECT_EQ(photo.Get("data"), nullptr);
  // Meta writes the SHA-256 in base64.
  std::optional<std::string> digest = Base64Decode(photo.GetString("sha256").value_or(""));
  ASSERT_TRUE(digest.has_value());
  EXPECT_EQ(Hex(*digest), Sha256Hex("\x89PNG fake bytes"));
  auto stored =
      storage::MediaStore(env_.db()).Find(DefaultPartition(), photo.GetString("id").value_or(""));
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE(stored.value().has_value());
  EXPECT_EQ(stored.value()->bytes, "\x89PNG fake bytes");
  EXPECT_EQ(stored.value()->phone_number_id, kFixtureNumberId);
  EXPECT_EQ(stored.value()->origin, "inbound");
  EXPECT_EQ(files->AsList()[1].GetString("mime_type"), "application/pdf");
  EXPECT_NE(files->AsList()[1].GetString("id"), photo.GetString("id"));
}

TEST_F(FlowCompletionTest, PickedFilesBeyondMetasBoundsOrBrokenAreRefusedAndNothingIsKept) {
  std::string flow_wamid = SentFlow();
  auto complete = [&](const std::string& files) {
    return env_.Post("/_socialite/inbound", R"({"type":"flow_completion","replyTo":")" +
                                                flow_wamid + R"(","response":{"docs":[)" + files +
                                                "]}}");
  };
  std::string eleven;
  for (int i = 0; i < 11; ++i) {
    if (i > 0) eleven += ",";
    eleven += PickedFile(std::to_string(i) + ".png", "image/png", "x");
  }
  Reply too_many = complete(eleven);
  EXPECT_EQ(too_many.status(), 400);
  EXPECT_NE(too_many.http.body.find("at most 10 picked files"), std::string::npos);
  EXPECT_EQ(complete(PickedFile("a.exe", "application/x-msdownload", "MZ")).status(), 400);
  EXPECT_EQ(complete(R"({"file_name":"a.png","mime_type":"image/png","data":"@@"})").status(), 400);
  // The files stored before the refusal went with it.
  EXPECT_EQ(MediaRows(env_.db()), 0);
  EXPECT_TRUE(env_.Events("inbound").empty());
  EXPECT_EQ(complete(PickedFile("a.png", "image/png", "x")).status(), 200);
  EXPECT_EQ(MediaRows(env_.db()), 1);
}

TEST_F(FlowCompletionTest, DeprecatedFlowCanStillBeCompletedFromTheDevice) {
  std::string flow_wamid = SentFlow();
  SetFlowStatus("1000000000000002", "DEPRECATED");
  EXPECT_EQ(env_.Post("/_socialite/inbound",
                      R"({"type":"flow_completion","replyTo":")" + flow_wamid + R"("})")
                .status(),
            200);
}

}  // namespace
}  // namespace socialite
