// The 2026-09 operations through the dispatcher: call settings on the phone number, call
// permission and its limits, the call state machine with ConflictException, and the `calls`
// webhooks each move appends; the business public key.
#include <gtest/gtest.h>

#include <string>

#include "server/core/json.h"
#include "server/whatsapp/business_key.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::kFixtureNumberArn;
using testing::kFixtureNumberId;
using testing::kStartMillis;
using testing::Reply;
using testing::TestEnv;

constexpr char kCustomer[] = "14255559876";
constexpr char kSdp[] = "v=0\\r\\no=- 1 1 IN IP4 127.0.0.1\\r\\ns=-\\r\\n";
constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

std::string CallEventBody(const std::string& event_json) {
  return std::string(R"({"originationPhoneNumberId":")") + kFixtureNumberId +
         R"(","metaApiVersion":"v23.0","callEvent":")" + Base64Encode(event_json) + R"("})";
}
std::string Connect() {
  return std::string(R"({"messaging_product":"whatsapp","to":")") + kCustomer +
         R"(","action":"connect","biz_opaque_callback_data":"t-1","session":{"sdp_type":"offer","sdp":")" +
         kSdp + R"("}})";
}
std::string Act(const std::string& action, const std::string& call_id, bool with_answer = false) {
  std::string event = R"({"messaging_product":"whatsapp","action":")" + action +
                      R"(","call_id":")" + call_id + "\"";
  if (with_answer)
    event += std::string(R"(,"session":{"sdp_type":"answer","sdp":")") + kSdp + "\"}";
  return event + "}";
}
std::string PermissionBody() {
  return std::string(R"({"originationPhoneNumberId":")") + kFixtureNumberId +
         R"(","destinationPhoneNumber":"+)" + kCustomer + R"("})";
}

class CallingTest : public ::testing::Test {
 protected:
  Reply Event(const std::string& event_json) {
    return env_.Post("/v1/whatsapp/call/event", CallEventBody(event_json));
  }
  void EnableCalling(bool enabled = true) {
    Reply reply = env_.Put(
        std::string("/v1/whatsapp/waba/phone?id=") + kFixtureNumberId,
        std::string(R"({"callSettings":{"callEnabled":)") + (enabled ? "true" : "false") + "}}");
    ASSERT_EQ(reply.status(), 200) << reply.http.body;
  }
  void Permit(const std::string& extra = "") {
    Reply reply =
        env_.Post("/_socialite/calls/permission",
                  std::string(R"({"phoneNumberId":")") + kFixtureNumberId + R"(","from":")" +
                      kCustomer + R"(","response":"accept")" + extra + "}");
    ASSERT_EQ(reply.status(), 200) << reply.http.body;
  }
  TestEnv env_;
};

TEST_F(CallingTest, CallSettingsAreStoredAndShownOnThePhoneNumber) {
  std::string phone = std::string("/v1/whatsapp/waba/phone/details?id=") + kFixtureNumberId;
  EXPECT_EQ(env_.Get(phone).json.Get("callSettings"), nullptr);
  // In the spec's member order, which is the order the serializer writes.
  std::string settings =
      R"({"callEnabled":true,"callHours":{"enabled":true,"timezone":"Europe/Berlin",)"
      R"("weeklyOperatingHours":[{"dayOfWeek":"FRIDAY","openTime":{"hours":8,"minutes":15},)"
      R"("closeTime":{"hours":16,"minutes":0}}]},"callIconVisibility":"DISABLE_ALL"})";
  Reply put = env_.Put(std::string("/v1/whatsapp/waba/phone?id=") + kFixtureNumberArn,
                       R"({"callSettings":)" + settings + "}");
  EXPECT_EQ(put.http.body, std::string(R"({"phoneNumberId":")") + kFixtureNumberId + R"("})");
  Reply got = env_.Get(phone);
  ASSERT_NE(got.json.Get("callSettings"), nullptr) << got.http.body;
  EXPECT_EQ(WriteJson(*got.json.Get("callSettings")), settings);
}

TEST_F(CallingTest, PermissionStartsAbsentAndATemporaryOneExpiresAfterSevenDays) {
  Reply none = env_.Post("/v1/whatsapp/call/permission/get", PermissionBody());
  EXPECT_EQ(none.http.body,
            R"({"permission":{"status":"no_permission"},"actions":[)"
            R"({"actionName":"send_call_permission_request","canPerformAction":true,"limits":[)"
            R"({"timePeriod":"PT24H","maxAllowed":1,"currentUsage":0},)"
            R"({"timePeriod":"P7D","maxAllowed":2,"currentUsage":0}]},)"
            R"({"actionName":"start_call","canPerformAction":false,"limits":[)"
            R"({"timePeriod":"PT24H","maxAllowed":5,"currentUsage":0}]}]})");
  EnableCalling();
  Permit();
  Reply granted = env_.Post("/v1/whatsapp/call/permission/get", PermissionBody());
  EXPECT_EQ(WriteJson(*granted.json.Get("permission")),
            R"({"status":"temporary","expirationTime":)" +
                std::to_string((kStartMillis + 7 * kDayMs) / 1000) + "}");
  EXPECT_EQ(granted.json.Get("actions")->AsList()[1].GetBool("canPerformAction"), true);
  env_.AdvanceClock(7 * kDayMs);
  Reply expired = env_.Post("/v1/whatsapp/call/permission/get", PermissionBody());
  EXPECT_EQ(WriteJson(*expired.json.Get("permission")), R"({"status":"no_permission"})");
}

TEST_F(CallingTest, PermissionRequestsSentCountAgainstTheirLimits) {
  std::string request =
      std::string(R"({"messaging_product":"whatsapp","to":"+)") + kCustomer +
      R"(","type":"interactive","interactive":{"type":"call_permission_request",)"
      R"("body":{"text":"May we call you?"},"action":{"name":"call_permission_request"}}})";
  // The customer writes first, so the free-form request is inside the service window.
  ASSERT_EQ(env_.Post("/_socialite/inbound", std::string(R"({"phoneNumberId":")") +
                                                 kFixtureNumberId + R"(","from":")" + kCustomer +
                                                 R"(","type":"text","text":{"body":"hi"}})")
                .status(),
            200);
  Reply sent =
      env_.Post("/v1/whatsapp/send",
                std::string(R"({"originationPhoneNumberId":")") + kFixtureNumberId +
                    R"(","metaApiVersion":"v23.0","message":")" + Base64Encode(request) + R"("})");
  ASSERT_EQ(sent.status(), 200) << sent.http.body;
  Reply got = env_.Post("/v1/whatsapp/call/permission/get", PermissionBody());
  const Value& action = got.json.Get("actions")->AsList()[0];
  EXPECT_EQ(action.GetBool("canPerformAction"), false);
  EXPECT_EQ(WriteJson(*action.Get("limits")),
            R"([{"timePeriod":"PT24H","maxAllowed":1,"currentUsage":1,"limitExpirationTime":)" +
                std::to_string((kStartMillis + kDayMs) / 1000) +
                R"(},{"timePeriod":"P7D","maxAllowed":2,"currentUsage":1}])");
}

TEST_F(CallingTest, BusinessCallLifecycleAndItsWebhooks) {
  EnableCalling();
  Permit();
  Reply connected = Event(Connect());
  ASSERT_EQ(connected.status(), 200) << connected.http.body;
  std::string call_id = connected.json.GetString("callId").value_or("");
  ASSERT_EQ(call_id.rfind("wacid.", 0), 0u) << call_id;

  Reply again = Event(Connect());
  EXPECT_EQ(again.status(), 409);
  EXPECT_EQ(again.ErrorType(), "ConflictException");
  EXPECT_EQ(again.Message(), "Call " + call_id + " with " + kCustomer +
                                 " is still RINGING; terminate it before connecting another");

  Reply accept = Event(Act("accept", call_id, true));
  EXPECT_EQ(accept.ErrorType(), "InvalidParametersException");

  Reply answered = env_.Post("/_socialite/calls/" + call_id + "/answer", "");
  EXPECT_EQ(answered.json.GetString("state"), "ACCEPTED");
  env_.AdvanceClock(30000);
  Reply ended = Event(Act("terminate", call_id));
  EXPECT_EQ(ended.http.body, R"({"callId":")" + call_id + R"("})");
  Reply twice = Event(Act("terminate", call_id));
  EXPECT_EQ(twice.status(), 409);
  EXPECT_EQ(
      twice.Message(),
      "Call " + call_id + " is COMPLETED; terminate is allowed only before the call has ended");

  auto statuses = env_.Events("call_status");
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(WriteJson(*statuses[0].value.Get("statuses")),
            R"([{"id":")" + call_id + R"(","timestamp":")" + std::to_string(kStartMillis / 1000) +
                R"(","type":"call","status":"RINGING","recipient_id":")" + kCustomer +
                R"(","biz_opaque_callback_data":"t-1"}])");
  EXPECT_EQ(statuses[1].value.Get("statuses")->AsList()[0].GetString("status"), "ACCEPTED");
  auto calls = env_.Events("call");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].field, "calls");
  const Value& terminate = calls[1].value.Get("calls")->AsList()[0];
  EXPECT_EQ(terminate.GetString("event"), "terminate");
  EXPECT_EQ(terminate.GetString("status"), "COMPLETED");
  EXPECT_EQ(terminate.GetInt("duration"), 30);
  EXPECT_EQ(terminate.GetString("from"), "14255550123");
  EXPECT_EQ(terminate.GetString("to"), kCustomer);
}

TEST_F(CallingTest, UserCallMovesOnlyInOrder) {
  EnableCalling();
  Reply incoming =
      env_.Post("/_socialite/calls", std::string(R"({"phoneNumberId":")") + kFixtureNumberId +
                                         R"(","from":")" + kCustomer + R"("})");
  ASSERT_EQ(incoming.status(), 200) << incoming.http.body;
  std::string call_id = incoming.json.GetString("callId").value_or("");
  EXPECT_EQ(Event(Act("pre_accept", call_id, true)).status(), 200);
  EXPECT_EQ(Event(Act("pre_accept", call_id, true)).ErrorType(), "ConflictException");
  EXPECT_EQ(Event(Act("accept", call_id, true)).status(), 200);
  EXPECT_EQ(Event(Act("reject", call_id)).ErrorType(), "ConflictException");
  EXPECT_EQ(Event(Act("terminate", call_id)).status(), 200);
  EXPECT_EQ(env_.Post("/_socialite/calls/" + call_id + "/hangup", "").status(), 409);
  EXPECT_EQ(Event(Act("terminate", "wacid.unknown")).ErrorType(), "ResourceNotFoundException");
}

TEST_F(CallingTest, ConnectNeedsCallingPermissionAndAFreeLimit) {
  EXPECT_EQ(Event(Connect()).Message(),
            std::string("Calling is not enabled for ") + kFixtureNumberId +
                "; turn it on with UpdateLinkedWhatsAppBusinessAccountPhoneNumber "
                "(callSettings.callEnabled)");
  EnableCalling();
  EXPECT_EQ(Event(Connect()).Message(),
            "No call permission from 14255559876 (Meta error 138006); send a "
            "call_permission_request first");
  Permit(R"(,"permanent":true)");
  for (int i = 0; i < 5; ++i) {
    Reply connected = Event(Connect());
    ASSERT_EQ(connected.status(), 200) << i << connected.http.body;
    ASSERT_EQ(Event(Act("terminate", *connected.json.GetString("callId"))).status(), 200);
  }
  Reply sixth = Event(Connect());
  EXPECT_EQ(sixth.ErrorType(), "InvalidParametersException");
  EXPECT_EQ(sixth.Message(),
            "Business-initiated call limit reached: 5 calls to 14255559876 in 24 hours (Meta "
            "error 138012)");
  env_.AdvanceClock(kDayMs);
  EXPECT_EQ(Event(Connect()).status(), 200);
}

TEST_F(CallingTest, BusinessPublicKeyRoundTrip) {
  std::string pem = whatsapp::NewRsaPublicKeyPem();
  ASSERT_FALSE(pem.empty());
  std::string key_url =
      std::string("/v1/whatsapp/business-public-key?originationPhoneNumberId=") + kFixtureNumberId;
  EXPECT_EQ(env_.Get(key_url).http.body, "{}");
  Value body = Value::Object();
  body.Set("originationPhoneNumberId", kFixtureNumberId);
  body.Set("businessPublicKey", pem);
  Reply put = env_.Put("/v1/whatsapp/business-public-key", WriteJson(body));
  EXPECT_EQ(put.status(), 200) << put.http.body;
  Reply got = env_.Get(key_url);
  EXPECT_EQ(got.json.GetString("businessPublicKey"), pem);
  EXPECT_EQ(got.json.GetString("businessPublicKeySignatureStatus"), "VALID");
  body.Set("kmsKeyArn", "arn:aws:kms:us-east-1:111122223333:alias/k");
  Reply both = env_.Put("/v1/whatsapp/business-public-key", WriteJson(body));
  EXPECT_EQ(both.ErrorType(), "InvalidParametersException");
}

}  // namespace
}  // namespace socialite
