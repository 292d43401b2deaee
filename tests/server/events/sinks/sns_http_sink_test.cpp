// SnsHttpDelivery against a real receiver, on the test env's database and manual clock: the
// first event makes a subscription and sends a SubscriptionConfirmation while the event is
// held; the confirmation is sent again only after a while; the SubscribeURL (served by the
// admin API) confirms; notifications then carry the SNS headers and a MessageId that is the
// same for every delivery of an event; unsubscribing ends delivery.
#include "server/events/sinks/sns_http_sink.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "server/core/json.h"
#include "server/net/http_client.h"
#include "storage/sns_store.h"
#include "tests/server/testing/http_receiver.h"
#include "tests/server/testing/test_env.h"

namespace socialite::events {
namespace {

using testing::HttpReceiver;
using testing::TestEnv;

constexpr char kTopic[] = "arn:aws:sns:us-east-1:000000000000:wa-events";
constexpr char kBase[] = "http://socialite.test:4576";
constexpr int kTimeoutMs = 3000;

class SnsHttpSinkTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto made = SnsSigner::Generate();
    ASSERT_TRUE(made.ok());
    auto loaded = SnsSigner::Load(*made);
    ASSERT_TRUE(loaded.ok());
    signer_ = new std::shared_ptr<const SnsSigner>(*loaded);
  }
  static void TearDownTestSuite() { delete signer_; }

  std::unique_ptr<SnsHttpDelivery> Make(SnsHttpSettings settings = {}) {
    auto sns = std::make_unique<SnsHttpDelivery>(env_.state(), env_.clock(), *signer_, settings);
    sns->SetPublicBaseUrl(std::string(kBase) + "/");
    return sns;
  }
  std::optional<DeliveryResult> Deliver(SnsHttpDelivery& sns, const std::string& id,
                                        std::string* why = nullptr) {
    EventToDeliver event;
    event.id = id;
    event.created_ms = 1767225600123;
    event.destination_arn = kTopic;
    event.envelope_json = "{\"messageId\":\"" + id + "\"}";
    return sns.Deliver(event, receiver_.url("/sns"), client_, kTimeoutMs, why, {});
  }
  Value Body(size_t index) {
    Result<Value> parsed = ParseJson(receiver_.requests().at(index).body);
    EXPECT_TRUE(parsed.ok());
    return parsed.ok() ? std::move(parsed).value() : Value::Object();
  }

  static std::shared_ptr<const SnsSigner>* signer_;
  TestEnv env_;
  HttpReceiver receiver_;
  net::HttpClient client_;
};
std::shared_ptr<const SnsSigner>* SnsHttpSinkTest::signer_ = nullptr;

TEST_F(SnsHttpSinkTest, HoldsEventsUntilConfirmedThenSendsSignedNotifications) {
  auto sns = Make();
  auto held = Deliver(*sns, "e1");
  ASSERT_TRUE(held.has_value());
  EXPECT_FALSE(held->delivered);
  EXPECT_EQ(held->hold_ms, 5000);
  EXPECT_EQ(held->detail.rfind(storage::kHeldForConfirmation, 0), 0u) << held->detail;
  ASSERT_EQ(receiver_.requests().size(), 1u);
  const HttpRequest request = receiver_.requests()[0];
  EXPECT_EQ(request.Header("x-amz-sns-message-type"), "SubscriptionConfirmation");
  EXPECT_EQ(request.Header("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(request.Header("User-Agent"), "Amazon Simple Notification Service Agent");
  EXPECT_EQ(request.Header("x-amz-sns-subscription-arn"), "");
  Value confirmation = Body(0);
  std::string subscribe_url = confirmation.GetString("SubscribeURL").value_or("");
  EXPECT_EQ(
      subscribe_url.rfind(std::string(kBase) + "/_socialite/sns/?Action=ConfirmSubscription", 0),
      0u)
      << subscribe_url;
  EXPECT_EQ(confirmation.GetString("SigningCertURL"),
            std::string(kBase) + "/_socialite/sns/" + (*signer_)->certificate_file());

  // Looked at again before a minute has passed: held, nothing sent.
  env_.AdvanceClock(30000);
  EXPECT_TRUE(Deliver(*sns, "e1")->hold_ms.has_value());
  EXPECT_EQ(receiver_.requests().size(), 1u);
  // After a minute the confirmation goes again.
  env_.AdvanceClock(30000);
  EXPECT_TRUE(Deliver(*sns, "e1")->hold_ms.has_value());
  ASSERT_EQ(receiver_.requests().size(), 2u);
  EXPECT_EQ(Body(1).GetString("Token"), confirmation.GetString("Token"));

  // The receiver GETs the SubscribeURL.
  testing::Reply confirmed = env_.Get(subscribe_url.substr(std::string(kBase).size()));
  ASSERT_EQ(confirmed.status(), 200) << confirmed.http.body;
  EXPECT_NE(confirmed.http.body.find("<SubscriptionArn>" + std::string(kTopic) + ":"),
            std::string::npos);

  auto first = Deliver(*sns, "e1");
  auto again = Deliver(*sns, "e1");
  ASSERT_TRUE(first && again);
  EXPECT_TRUE(first->delivered) << first->detail;
  ASSERT_EQ(receiver_.requests().size(), 4u);
  const HttpRequest notification = receiver_.requests()[2];
  EXPECT_EQ(notification.Header("x-amz-sns-message-type"), "Notification");
  EXPECT_EQ(notification.Header("x-amz-sns-topic-arn"), kTopic);
  EXPECT_EQ(notification.Header("x-amz-sns-subscription-arn").rfind(std::string(kTopic) + ":", 0),
            0u);
  Value body = Body(2);
  EXPECT_EQ(body.GetString("Message"), "{\"messageId\":\"e1\"}");
  EXPECT_EQ(body.GetString("Timestamp"), "2026-01-01T00:00:00.123Z");
  EXPECT_EQ(body.GetString("MessageId"), Body(3).GetString("MessageId"));
  EXPECT_EQ(notification.Header("x-amz-sns-message-id"), body.GetString("MessageId").value_or(""));
  Deliver(*sns, "e2");
  EXPECT_NE(Body(4).GetString("MessageId"), body.GetString("MessageId"));

  // Unsubscribing through the UnsubscribeURL ends delivery.
  std::string unsubscribe = body.GetString("UnsubscribeURL").value_or("");
  ASSERT_EQ(env_.Get(unsubscribe.substr(std::string(kBase).size())).status(), 200);
  std::string why;
  EXPECT_FALSE(Deliver(*sns, "e3", &why).has_value());
  EXPECT_NE(why.find("was unsubscribed"), std::string::npos) << why;
  EXPECT_EQ(receiver_.requests().size(), 5u);
}

TEST_F(SnsHttpSinkTest, AutoConfirmSkipsTheHandshake) {
  SnsHttpSettings settings;
  settings.auto_confirm = true;
  settings.signature_version = 2;
  auto sns = Make(settings);
  auto result = Deliver(*sns, "e1");
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->delivered) << result->detail;
  ASSERT_EQ(receiver_.requests().size(), 1u);
  EXPECT_EQ(Body(0).GetString("Type"), "Notification");
  EXPECT_EQ(Body(0).GetString("SignatureVersion"), "2");
}

TEST_F(SnsHttpSinkTest, AReceiverThatConfirmsBeforeAnsweringGetsItsEventAtOnce) {
  auto sns = Make();
  receiver_.SetHandler([&](const HttpRequest& request) {
    Result<Value> body = ParseJson(request.body);
    if (body.ok() && body->GetString("Type") == "SubscriptionConfirmation") {
      std::string token = body->GetString("Token").value_or("");
      // As the GET would: confirm on the writer.
      (void)env_.state().Write([&](Services& services) -> Status {
        (void)storage::SnsStore(services.db).Confirm(kTopic, token, 0);
        return {};
      });
    }
    return HttpResponse{};
  });
  auto result = Deliver(*sns, "e1");
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->delivered) << result->detail;
  ASSERT_EQ(receiver_.requests().size(), 2u);
  EXPECT_EQ(Body(1).GetString("Type"), "Notification");
}

TEST_F(SnsHttpSinkTest, WaitsUntilItsAddressIsKnown) {
  SnsHttpDelivery sns(env_.state(), env_.clock(), *signer_, {});
  EventToDeliver event;
  event.id = "e1";
  event.destination_arn = kTopic;
  auto result = sns.Deliver(event, receiver_.url("/sns"), client_, kTimeoutMs, nullptr, {});
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->hold_ms.has_value());
  EXPECT_TRUE(receiver_.requests().empty());
}

TEST_F(SnsHttpSinkTest, WrongTokenAndUnknownActionAnswerSnsErrors) {
  testing::Reply wrong =
      env_.Get("/_socialite/sns/?Action=ConfirmSubscription&TopicArn=arn%3Ax&Token=nope");
  EXPECT_EQ(wrong.status(), 400);
  EXPECT_NE(wrong.http.body.find("<Code>InvalidParameter</Code>"), std::string::npos);
  testing::Reply unknown = env_.Get("/_socialite/sns/?Action=Publish");
  EXPECT_EQ(unknown.status(), 400);
  EXPECT_NE(unknown.http.body.find("<Code>InvalidAction</Code>"), std::string::npos);
  EXPECT_EQ(env_.Get("/_socialite/sns/SimpleNotificationService-0.pem").status(), 404);
}

}  // namespace
}  // namespace socialite::events
