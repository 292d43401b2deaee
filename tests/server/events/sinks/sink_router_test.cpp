// SinkRouter: which target a destination ARN goes to (first matching --webhook binding, else
// SNS for SNS topic ARNs when an endpoint is set, else none with a reason), bindings added at
// run time, and the startup description. Real receivers on 127.0.0.1 stand in for the targets.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/events/sinks/sink.h"
#include "tests/server/testing/http_receiver.h"

namespace socialite::events {
namespace {

using testing::HttpReceiver;

constexpr char kTopic[] = "arn:aws:sns:us-east-1:000000000000:whatsapp-events";
constexpr char kQueue[] = "arn:aws:sqs:us-east-1:000000000000:whatsapp-events";
constexpr char kEnvelope[] = "{\"aws_account_id\":\"000000000000\"}";
constexpr int kTimeoutMs = 3000;

// Answers like SNS Publish without checking anything (sns_sink_test checks the request).
void ActAsSns(HttpReceiver& receiver) {
  receiver.Respond(200,
                   "<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult>"
                   "</PublishResponse>",
                   "text/xml");
}

TEST(SinkRouterTest, FirstMatchingWebhookWins) {
  HttpReceiver first, second;
  SinkRouter router({{"arn:aws:sqs:*", second.url("/never")},
                     {"arn:aws:sns:*:whatsapp-*", first.url("/first")},
                     {"*", second.url("/second")}},
                    {}, kTimeoutMs);
  std::string why;

  std::optional<DeliveryResult> result = router.Deliver(kTopic, kEnvelope, &why);

  ASSERT_TRUE(result.has_value()) << why;
  EXPECT_TRUE(result->delivered) << result->detail;
  EXPECT_EQ(result->target, "webhook " + first.url("/first"));
  ASSERT_EQ(first.requests().size(), 1u);
  EXPECT_EQ(first.requests()[0].body, kEnvelope);
  EXPECT_EQ(first.requests()[0].Header("x-socialite-event-destination"), kTopic);
  EXPECT_TRUE(second.requests().empty());
}

TEST(SinkRouterTest, WebhookBindingTakesPrecedenceOverSns) {
  HttpReceiver hook, sns;
  ActAsSns(sns);
  SinkRouter router({{kTopic, hook.url()}}, {sns.url(""), "test", "test"}, kTimeoutMs);
  std::string why;
  std::optional<DeliveryResult> result = router.Deliver(kTopic, kEnvelope, &why);
  ASSERT_TRUE(result.has_value()) << why;
  EXPECT_EQ(result->target, "webhook " + hook.url());
  EXPECT_EQ(hook.requests().size(), 1u);
  EXPECT_TRUE(sns.requests().empty());
}

TEST(SinkRouterTest, UnboundSnsTopicGoesToTheSnsEndpoint) {
  HttpReceiver hook, sns;
  ActAsSns(sns);
  SinkRouter router({{"arn:aws:sns:*:other-topic", hook.url()}}, {sns.url(""), "test", "test"},
                    kTimeoutMs);
  std::string why;

  std::optional<DeliveryResult> result = router.Deliver(kTopic, kEnvelope, &why);

  ASSERT_TRUE(result.has_value()) << why;
  EXPECT_TRUE(result->delivered) << result->detail;
  EXPECT_EQ(result->target, std::string("sns ") + kTopic);
  EXPECT_EQ(result->detail, "MessageId m-1");
  ASSERT_EQ(sns.requests().size(), 1u);
  EXPECT_NE(sns.requests()[0].body.find("Action=Publish"), std::string::npos);
  EXPECT_TRUE(hook.requests().empty());
}

TEST(SinkRouterTest, NonSnsArnDoesNotFallBackToSns) {
  HttpReceiver sns;
  ActAsSns(sns);
  SinkRouter router({}, {sns.url(""), "test", "test"}, kTimeoutMs);
  std::string why;
  EXPECT_EQ(router.Deliver(kQueue, kEnvelope, &why), std::nullopt);
  EXPECT_EQ(why, std::string("no --webhook binding matches ") + kQueue +
                     " and it is not an SNS topic ARN (arn:PARTITION:sns:REGION:ACCOUNT:NAME)");
  EXPECT_TRUE(sns.requests().empty());
}

TEST(SinkRouterTest, NothingBoundAnswersNulloptWithTheReason) {
  SinkRouter router({{"arn:aws:sns:*:orders", "http://127.0.0.1:9/"}}, {}, kTimeoutMs);
  std::string why;
  EXPECT_EQ(router.Deliver(kTopic, kEnvelope, &why), std::nullopt);
  EXPECT_EQ(
      why, std::string("no --webhook binding matches ") + kTopic + " and no --sns-endpoint is set");
  why.clear();
  EXPECT_EQ(router.Deliver(kQueue, kEnvelope, &why), std::nullopt);
  EXPECT_EQ(
      why, std::string("no --webhook binding matches ") + kQueue + " and no --sns-endpoint is set");
  // `why` is optional.
  EXPECT_EQ(router.Deliver(kTopic, kEnvelope, nullptr), std::nullopt);
}

TEST(SinkRouterTest, FailedDeliveriesAreReportedNotSwallowed) {
  HttpReceiver hook;
  hook.Respond(503);
  SinkRouter router({{"*", hook.url()}}, {}, kTimeoutMs);
  std::optional<DeliveryResult> result = router.Deliver(kTopic, kEnvelope, nullptr);
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->delivered);
  EXPECT_TRUE(result->retryable);
  EXPECT_EQ(result->http_status, 503);
}

TEST(SinkRouterTest, AddWebhookBindsAtRunTimeAfterExistingBindings) {
  HttpReceiver early, late;
  SinkRouter router({{"arn:aws:sns:*:whatsapp-events", early.url()}}, {}, kTimeoutMs);
  std::string why;
  EXPECT_EQ(router.Deliver(kQueue, kEnvelope, &why), std::nullopt);

  router.AddWebhook({"*", late.url("/late")});

  std::optional<DeliveryResult> queued = router.Deliver(kQueue, kEnvelope, &why);
  ASSERT_TRUE(queued.has_value()) << why;
  EXPECT_EQ(queued->target, "webhook " + late.url("/late"));
  std::optional<DeliveryResult> topic = router.Deliver(kTopic, kEnvelope, &why);
  ASSERT_TRUE(topic.has_value()) << why;
  EXPECT_EQ(topic->target, "webhook " + early.url());
  EXPECT_EQ(early.requests().size(), 1u);
  EXPECT_EQ(late.requests().size(), 1u);
}

TEST(SinkRouterTest, AddWebhookWhileDelivering) {
  HttpReceiver hook;
  SinkRouter router({{"*", hook.url()}}, {}, kTimeoutMs);
  std::thread adder([&] {
    for (int i = 0; i < 200; ++i)
      router.AddWebhook({"arn:aws:sqs:*:" + std::to_string(i), "http://x/"});
  });
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(router.Deliver(kTopic, kEnvelope, nullptr)->delivered);
  adder.join();
  EXPECT_EQ(hook.requests().size(), 5u);
}

TEST(SinkRouterTest, DescribeListsBindingsInOrderThenSns) {
  SinkRouter router({{"arn:aws:sns:*:a", "http://localhost:8080/a"}},
                    {"http://localhost:4566", "AKID", "SECRET"}, kTimeoutMs);
  router.AddWebhook({"*", "https://example.com/hook"});
  std::string text = router.Describe();
  EXPECT_EQ(text,
            "webhook arn:aws:sns:*:a -> http://localhost:8080/a; "
            "webhook * -> https://example.com/hook; SNS topics -> http://localhost:4566");
  EXPECT_EQ(text.find("SECRET"), std::string::npos);
}

TEST(SinkRouterTest, DescribeWithNothingConfigured) {
  SinkRouter router({}, {}, kTimeoutMs);
  EXPECT_EQ(router.Describe(),
            "no event destinations bound (set --webhook ARN_GLOB=URL or --sns-endpoint)");
}

}  // namespace
}  // namespace socialite::events
