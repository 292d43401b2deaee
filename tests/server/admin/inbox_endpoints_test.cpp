// The inbox's read endpoints through a TestEnv: accounts, conversations (threads, previews,
// profile names, the service window on the clock), the message views' inbox fields (newest
// first paging, times in ms, status titles, rendered templates, flows), templates and media.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/core/json.h"
#include "storage/flow_store.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::DefaultPartition;
using testing::kBakeryToken;
using testing::kDayMillis;
using testing::kFixtureNumber2Id;
using testing::kFixtureNumberArn;
using testing::kFixtureNumberId;
using testing::kFixtureWabaId;
using testing::kStartMillis;
using testing::Reply;
using testing::TestEnv;
using testing::TestEnvOptions;

constexpr char kCustomer[] = "14155550100";
constexpr char kOtherCustomer[] = "14155550199";

std::vector<std::string> Field(const Value* list, const std::string& name) {
  std::vector<std::string> out;
  if (list == nullptr || !list->is_list()) return out;
  for (const auto& item : list->AsList()) {
    const Value* value = item.Get(name);
    out.push_back(value == nullptr                        ? "-"
                  : value->kind() == Value::Kind::kString ? value->AsString()
                                                          : WriteJson(*value));
  }
  return out;
}

class InboxEndpointsTest : public ::testing::Test {
 protected:
  InboxEndpointsTest() : env_(TestEnvOptions{}) {}

  Reply Inbound(const std::string& members, const std::string& from = kCustomer,
                const std::string& number = kFixtureNumberId) {
    return env_.Post("/_socialite/inbound", R"({"phoneNumberId":")" + number + R"(","from":")" +
                                                from + "\"," + members + "}");
  }
  std::string InboundText(const std::string& text, const std::string& name = "",
                          const std::string& from = kCustomer) {
    Reply reply = Inbound(R"("type":"text","text":{"body":")" + text + "\"}" +
                              (name.empty() ? "" : R"(,"name":")" + name + "\""),
                          from);
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("wamid").value_or("");
  }

  Reply SendRaw(const std::string& message, const std::string& number = kFixtureNumberId) {
    Value body = Value::Object();
    body.Set("originationPhoneNumberId", number);
    body.Set("message", Base64Encode(message));
    body.Set("metaApiVersion", "v20.0");
    return env_.Post("/v1/whatsapp/send", testing::Json(body));
  }
  std::string Send(const std::string& to, const std::string& type, const std::string& object) {
    Reply reply = SendRaw(R"({"messaging_product":"whatsapp","to":")" + to + R"(","type":")" +
                          type + R"(",")" + type + "\":" + object + "}");
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("messageId").value_or("");
  }

  std::string CreateTemplate(const std::string& definition) {
    Value body = Value::Object();
    body.Set("id", kFixtureWabaId);
    body.Set("templateDefinition", Base64Encode(definition));
    Reply reply = env_.Post("/v1/whatsapp/template/put", testing::Json(body));
    EXPECT_EQ(reply.status(), 200) << reply.http.body;
    return reply.json.GetString("metaTemplateId").value_or("");
  }

  TestEnv env_;
};

TEST_F(InboxEndpointsTest, AccountsListEveryLinkedWabaWithItsNumbers) {
  std::string bakery = env_.LinkWaba(kBakeryToken);
  Reply reply = env_.Get("/_socialite/accounts");
  ASSERT_EQ(reply.status(), 200) << reply.http.body;
  const Value* accounts = reply.json.Get("accounts");
  std::vector<std::string> ids = {kFixtureWabaId, bakery};
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(Field(accounts, "wabaId"), ids);
  const Value& fixture = accounts->AsList()[ids[0] == kFixtureWabaId ? 0 : 1];
  EXPECT_EQ(fixture.GetString("account"), "000000000000");
  EXPECT_EQ(fixture.GetString("region"), "us-east-1");
  EXPECT_EQ(fixture.GetString("metaWabaId"), testing::kFixtureMetaWabaId);
  EXPECT_EQ(fixture.GetString("arn"), testing::kFixtureWabaArn);
  EXPECT_TRUE(fixture.Get("eventDestinations")->is_list());
  const Value* numbers = fixture.Get("phoneNumbers");
  EXPECT_EQ(Field(numbers, "phoneNumberId"),
            (std::vector<std::string>{kFixtureNumberId, kFixtureNumber2Id}));
  EXPECT_EQ(numbers->AsList()[0].GetString("arn"), kFixtureNumberArn);
  EXPECT_EQ(numbers->AsList()[0].GetString("phoneNumber"), testing::kFixtureNumberPhone);
  for (const char* field :
       {"metaPhoneNumberId", "displayPhoneNumber", "displayName", "qualityRating"}) {
    EXPECT_FALSE(numbers->AsList()[0].GetString(field).value_or("").empty()) << field;
  }
}

TEST_F(InboxEndpointsTest, ConversationsAreThreadsNewestFirstWithTheirWindow) {
  InboundText("Hi, is the shop open?", "Ana Silva");
  env_.AdvanceClock(1000);
  std::string reply = Send(kCustomer, "text", R"({"body":"Yes, until 6pm."})");
  env_.AdvanceClock(1000);
  // Another customer who never wrote: an outbound-only thread with no window.
  Send(kOtherCustomer, "text", R"({"body":"Hello"})");

  Reply list = env_.Get("/_socialite/conversations");
  ASSERT_EQ(list.status(), 200) << list.http.body;
  const Value* conversations = list.json.Get("conversations");
  EXPECT_EQ(Field(conversations, "customer"),
            (std::vector<std::string>{kOtherCustomer, kCustomer}));
  const Value& other = conversations->AsList()[0];
  EXPECT_TRUE(other.Get("customerName")->is_null());
  EXPECT_TRUE(other.Get("windowExpiresAt")->is_null());
  EXPECT_TRUE(other.Get("windowExpiresMs")->is_null());
  EXPECT_EQ(other.GetBool("windowOpen"), false);
  const Value& ana = conversations->AsList()[1];
  EXPECT_EQ(ana.GetString("phoneNumberId"), kFixtureNumberId);
  EXPECT_EQ(ana.GetString("wabaId"), kFixtureWabaId);
  EXPECT_EQ(ana.GetString("customerName"), "Ana Silva");
  EXPECT_EQ(ana.GetInt("messageCount"), 2);
  EXPECT_EQ(ana.GetInt("lastActivityMs"), kStartMillis + 1000);
  EXPECT_EQ(ana.GetString("lastActivityAt"), "2026-01-01T00:00:01.000000000Z");
  const Value* last = ana.Get("lastMessage");
  EXPECT_EQ(last->GetString("wamid"), reply);
  EXPECT_EQ(last->GetString("direction"), "outbound");
  EXPECT_EQ(last->GetString("preview"), "Yes, until 6pm.");
  EXPECT_EQ(ana.GetInt("windowExpiresMs"), kStartMillis + kDayMillis);
  EXPECT_EQ(ana.GetString("windowExpiresAt"), "2026-01-02T00:00:00.000000000Z");
  EXPECT_EQ(ana.GetBool("windowOpen"), true);

  // The window closes 24 hours after the customer's message, on the clock.
  env_.AdvanceClock(kDayMillis - 2000);
  Reply later =
      env_.Get("/_socialite/conversations?phoneNumberId=" + std::string(kFixtureNumberArn));
  ASSERT_EQ(later.status(), 200) << later.http.body;
  EXPECT_EQ(later.json.Get("conversations")->AsList()[1].GetBool("windowOpen"), false);

  Reply other_number =
      env_.Get("/_socialite/conversations?phoneNumberId=" + std::string(kFixtureNumber2Id));
  EXPECT_TRUE(other_number.json.Get("conversations")->AsList().empty());
  EXPECT_EQ(
      env_.Get("/_socialite/conversations?limit=1").json.Get("conversations")->AsList().size(), 1u);
  EXPECT_EQ(env_.Get("/_socialite/conversations?limit=0").status(), 400);
  EXPECT_EQ(env_.Get("/_socialite/conversations?phoneNumberId=nope").status(), 400);
}

TEST_F(InboxEndpointsTest, TheLatestGivenProfileNameNamesTheThread) {
  InboundText("one", "Ana");
  InboundText("two");  // no name given: the thread keeps the last one known
  Reply list = env_.Get("/_socialite/conversations");
  EXPECT_EQ(list.json.Get("conversations")->AsList()[0].GetString("customerName"), "Ana");
  InboundText("three", "Ana Silva");
  list = env_.Get("/_socialite/conversations");
  EXPECT_EQ(list.json.Get("conversations")->AsList()[0].GetString("customerName"), "Ana Silva");
  Reply messages = env_.Get("/_socialite/messages?customer=" + std::string(kCustomer));
  EXPECT_EQ(Field(messages.json.Get("messages"), "customerName"),
            (std::vector<std::string>{"Ana", "-", "Ana Silva"}));
}

TEST_F(InboxEndpointsTest, MessagesPageNewestFirst) {
  std::vector<std::string> wamids;
  for (int i = 0; i < 5; ++i) {
    wamids.push_back(InboundText("m" + std::to_string(i)));
    InboundText("elsewhere", "", kOtherCustomer);
    env_.AdvanceClock(10);
  }
  std::string base = "/_socialite/messages?phoneNumberId=" + std::string(kFixtureNumberId) +
                     "&customer=" + kCustomer + "&order=desc&limit=2";
  Reply first = env_.Get(base);
  ASSERT_EQ(first.status(), 200) << first.http.body;
  EXPECT_EQ(Field(first.json.Get("messages"), "wamid"),
            (std::vector<std::string>{wamids[4], wamids[3]}));
  EXPECT_EQ(Field(first.json.Get("messages"), "createdAtMs"),
            (std::vector<std::string>{std::to_string(kStartMillis + 40),
                                      std::to_string(kStartMillis + 30)}));
  std::string token = first.json.GetString("nextToken").value_or("");
  ASSERT_FALSE(token.empty());
  Reply second = env_.Get(base + "&nextToken=" + token);
  EXPECT_EQ(Field(second.json.Get("messages"), "wamid"),
            (std::vector<std::string>{wamids[2], wamids[1]}));
  Reply third = env_.Get(base + "&nextToken=" + second.json.GetString("nextToken").value_or(""));
  EXPECT_EQ(Field(third.json.Get("messages"), "wamid"), (std::vector<std::string>{wamids[0]}));
  EXPECT_EQ(third.json.Get("nextToken"), nullptr);
  // Tokens of one order do not page the other.
  EXPECT_EQ(env_.Get("/_socialite/messages?order=asc&nextToken=" + token).status(), 400);
  EXPECT_EQ(env_.Get("/_socialite/messages?order=sideways").status(), 400);
}

TEST_F(InboxEndpointsTest, StatusesCarryTheirTimeAndMetasTitle) {
  // No window is open: Meta fails the text with 131047 after accepting it.
  std::string wamid = Send(kCustomer, "text", R"({"body":"Hello"})");
  env_.AdvanceClock(60 * 1000);
  Reply view = env_.Get("/_socialite/messages/" + wamid);
  ASSERT_EQ(view.status(), 200) << view.http.body;
  EXPECT_EQ(view.json.GetInt("createdAtMs"), kStartMillis);
  const Value* statuses = view.json.Get("statuses");
  ASSERT_EQ(Field(statuses, "status"), (std::vector<std::string>{"accepted", "failed"}));
  EXPECT_EQ(statuses->AsList()[0].GetInt("atMs"), kStartMillis);
  const Value& failed = statuses->AsList()[1];
  EXPECT_GT(failed.GetInt("atMs").value_or(0), kStartMillis);
  EXPECT_EQ(failed.GetInt("errorCode"), 131047);
  EXPECT_EQ(failed.GetString("errorTitle"), "Re-engagement message");
  // The existing fields stay as they were.
  EXPECT_EQ(view.json.Get("outcome")->GetInt("code"), 131047);
  EXPECT_TRUE(view.json.Get("events")->is_list());
  EXPECT_EQ(view.json.Get("rendered"), nullptr);
}

TEST_F(InboxEndpointsTest, TemplatesRenderWithTheSentParameters) {
  std::string id = CreateTemplate(
      R"({"name":"order_shipped","language":"en_US","category":"UTILITY","components":[
        {"type":"HEADER","format":"TEXT","text":"Order {{1}}","example":{"header_text":["#1"]}},
        {"type":"BODY","text":"Hi {{1}}, your order {{2}} has shipped today.",
         "example":{"body_text":[["Ana","#4"]]}},
        {"type":"FOOTER","text":"Demo Store"},
        {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Thanks"}]}]})");
  std::string wamid = Send(kCustomer, "template",
                           R"({"name":"order_shipped","language":{"code":"en_US"},"components":[
        {"type":"header","parameters":[{"type":"text","text":"#48213"}]},
        {"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"#48213"}]}]})");
  Reply view = env_.Get("/_socialite/messages/" + wamid);
  ASSERT_EQ(view.status(), 200) << view.http.body;
  EXPECT_EQ(WriteJson(*view.json.Get("rendered")),
            R"({"header":{"format":"TEXT","text":"Order #48213"},)"
            R"("body":"Hi Ana, your order #48213 has shipped today.","footer":"Demo Store",)"
            R"("buttons":[{"type":"QUICK_REPLY","text":"Thanks"}]})");
  EXPECT_EQ(view.json.Get("template")->GetString("name"), "order_shipped");
  Reply list = env_.Get("/_socialite/conversations");
  EXPECT_EQ(list.json.Get("conversations")->AsList()[0].Get("lastMessage")->GetString("preview"),
            "Hi Ana, your order #48213 has shipped today.");

  Reply templates = env_.Get("/_socialite/templates?wabaId=" + std::string(kFixtureWabaId));
  ASSERT_EQ(templates.status(), 200) << templates.http.body;
  const Value* all = templates.json.Get("templates");
  ASSERT_EQ(Field(all, "metaTemplateId"), (std::vector<std::string>{id}));
  const Value& t = all->AsList()[0];
  EXPECT_EQ(t.GetString("name"), "order_shipped");
  EXPECT_EQ(t.GetString("status"), "APPROVED");
  EXPECT_EQ(t.GetString("category"), "UTILITY");
  EXPECT_EQ(t.GetString("qualityScore"), "UNKNOWN");
  EXPECT_EQ(t.GetString("createdAt"), "2026-01-01T00:00:00.000000000Z");
  EXPECT_EQ(t.Get("components")->AsList().size(), 4u);
  EXPECT_EQ(t.Get("rejectedReason"), nullptr);
  EXPECT_TRUE(
      env_.Get("/_socialite/templates?wabaId=waba-0").json.Get("templates")->AsList().empty());
  EXPECT_EQ(env_.Get("/_socialite/templates?wabaId=bad").status(), 400);
}

TEST_F(InboxEndpointsTest, FlowMessagesNameTheirFlowAndTheSingleViewItsJson) {
  InboundText("hi");
  storage::FlowRecord flow;
  flow.waba_id = kFixtureWabaId;
  flow.flow_id = "1000000000000001";
  flow.name = "booking";
  flow.categories = {"OTHER"};
  flow.status = "PUBLISHED";
  flow.flow_json = R"({"version":"6.0","screens":[]})";
  flow.created_ms = flow.updated_ms = kStartMillis;
  ASSERT_TRUE(storage::FlowStore(env_.db()).Insert(DefaultPartition(), flow).ok());
  std::string wamid = Send(kCustomer, "interactive",
                           R"({"type":"flow","body":{"text":"Book a table"},"action":{
      "name":"flow","parameters":{"flow_message_version":"3","flow_cta":"Book",
      "flow_name":"booking"}}})");
  Reply single = env_.Get("/_socialite/messages/" + wamid);
  ASSERT_EQ(single.status(), 200) << single.http.body;
  EXPECT_EQ(WriteJson(*single.json.Get("flow")),
            R"({"flowId":"1000000000000001","name":"booking","status":"PUBLISHED",)"
            R"("flowJson":{"version":"6.0","screens":[]}})");
  Reply list = env_.Get("/_socialite/messages?order=desc&limit=1");
  EXPECT_EQ(WriteJson(*list.json.Get("messages")->AsList()[0].Get("flow")),
            R"({"flowId":"1000000000000001","name":"booking","status":"PUBLISHED"})");
}

TEST_F(InboxEndpointsTest, TemplatesWithAFlowButtonNameTheirFlow) {
  storage::FlowRecord flow;
  flow.waba_id = kFixtureWabaId;
  flow.flow_id = "1000000000000002";
  flow.name = "survey";
  flow.categories = {"SURVEY"};
  flow.status = "PUBLISHED";
  flow.flow_json = R"({"version":"6.0","screens":[]})";
  flow.created_ms = flow.updated_ms = kStartMillis;
  ASSERT_TRUE(storage::FlowStore(env_.db()).Insert(DefaultPartition(), flow).ok());
  CreateTemplate(R"({"name":"rate_us","language":"en_US","category":"UTILITY","components":[
      {"type":"BODY","text":"Tell us how your visit went today."},
      {"type":"BUTTONS","buttons":[{"type":"FLOW","text":"Rate us","flow_name":"survey"}]}]})");
  std::string wamid = Send(kCustomer, "template",
                           R"({"name":"rate_us","language":{"code":"en_US"},"components":[
      {"type":"button","sub_type":"flow","index":"0"}]})");
  Reply view = env_.Get("/_socialite/messages/" + wamid);
  ASSERT_EQ(view.status(), 200) << view.http.body;
  EXPECT_EQ(WriteJson(*view.json.Get("rendered")->Get("buttons")),
            R"([{"type":"FLOW","text":"Rate us","flowId":"1000000000000002"}])");
  EXPECT_EQ(WriteJson(*view.json.Get("flow")),
            R"({"flowId":"1000000000000002","name":"survey","status":"PUBLISHED",)"
            R"("flowJson":{"version":"6.0","screens":[]}})");
}

TEST_F(InboxEndpointsTest, MediaAreServedByIdUntilTheyExpire) {
  std::string png("\x89PNG\r\n\x1a\n\0\x01\x02", 11);
  Reply inbound = Inbound(R"("type":"image","image":{"mime_type":"image/png","data":")" +
                          Base64Encode(png) + "\"}");
  ASSERT_EQ(inbound.status(), 200) << inbound.http.body;
  std::string media_id = inbound.json.GetString("mediaId").value_or("");
  Reply media = env_.Get("/_socialite/media/" + media_id);
  ASSERT_EQ(media.status(), 200);
  EXPECT_EQ(media.http.body, png);
  EXPECT_EQ(media.Header("Content-Type"), "image/png");
  EXPECT_EQ(media.Header("X-Content-Type-Options"), "nosniff");
  Reply unknown = env_.Get("/_socialite/media/1234");
  EXPECT_EQ(unknown.status(), 404);
  EXPECT_EQ(unknown.json.GetString("error"), "No media 1234 (unknown, deleted or expired)");
  // Received media expire after 7 days.
  env_.AdvanceClock(7 * kDayMillis);
  EXPECT_EQ(env_.Get("/_socialite/media/" + media_id).status(), 404);
}

}  // namespace
}  // namespace socialite
