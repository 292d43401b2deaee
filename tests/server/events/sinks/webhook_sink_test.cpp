// The webhook sink against a real HTTP receiver on 127.0.0.1: the exact bytes and headers that
// arrive, and how each kind of answer (or no answer) maps onto a DeliveryResult.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/events/sinks/sink.h"
#include "tests/server/testing/http_receiver.h"

namespace socialite::events {
namespace {

using testing::HttpReceiver;

constexpr char kArn[] = "arn:aws:sns:us-east-1:000000000000:whatsapp-events";
constexpr int kTimeoutMs = 3000;

// An envelope with the characters a careless sender would mangle: non-ASCII, escapes, '&', '+'.
const std::string kEnvelope =
    "{\"context\":{\"MetaWabaIds\":[{\"wabaId\":\"104729384756102\"}]},"
    "\"whatsAppWebhookEntry\":\"{\\\"changes\\\":[{\\\"value\\\":{\\\"text\\\":\\\"olá & "
    "a+b = ✓\\\"}}]}\",\"aws_account_id\":\"000000000000\"}";

TEST(WebhookSinkTest, PostsTheExactEnvelopeWithItsHeaders) {
  HttpReceiver receiver;
  auto sink = MakeWebhookSink(receiver.url("/hooks/whatsapp?token=a%20b"), kTimeoutMs);

  DeliveryResult result = sink->Deliver(kArn, kEnvelope);

  EXPECT_TRUE(result.delivered) << result.detail;
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.target, "webhook " + receiver.url("/hooks/whatsapp?token=a%20b"));
  std::vector<HttpRequest> seen = receiver.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/hooks/whatsapp?token=a%20b");
  EXPECT_EQ(seen[0].body, kEnvelope);
  EXPECT_EQ(seen[0].Header("Content-Type"), "application/json");
  EXPECT_EQ(seen[0].Header("User-Agent"), "Socialite");
  EXPECT_EQ(seen[0].Header("x-socialite-event-destination"), kArn);
  EXPECT_EQ(seen[0].Header("Content-Length"), std::to_string(kEnvelope.size()));
  EXPECT_EQ(seen[0].Header("Host"), "127.0.0.1:" + std::to_string(receiver.port()));
}

TEST(WebhookSinkTest, AnyTwoHundredIsDelivered) {
  HttpReceiver receiver;
  auto sink = MakeWebhookSink(receiver.url(), kTimeoutMs);
  for (int status : {200, 201, 202, 204}) {
    receiver.Respond(status);
    DeliveryResult result = sink->Deliver(kArn, kEnvelope);
    EXPECT_TRUE(result.delivered) << status;
    EXPECT_EQ(result.http_status, status);
  }
}

TEST(WebhookSinkTest, ServerErrorsTimeoutsAndRateLimitsAreRetryable) {
  HttpReceiver receiver;
  auto sink = MakeWebhookSink(receiver.url(), kTimeoutMs);
  for (int status : {500, 502, 503, 408, 429}) {
    receiver.Respond(status, "try later");
    DeliveryResult result = sink->Deliver(kArn, kEnvelope);
    EXPECT_FALSE(result.delivered) << status;
    EXPECT_TRUE(result.retryable) << status;
    EXPECT_EQ(result.http_status, status);
    EXPECT_EQ(result.detail, "HTTP " + std::to_string(status) + ": try later");
  }
}

TEST(WebhookSinkTest, OtherClientErrorsAreNotRetryable) {
  HttpReceiver receiver;
  auto sink = MakeWebhookSink(receiver.url(), kTimeoutMs);
  for (int status : {400, 401, 403, 404, 410, 413}) {
    receiver.Respond(status);
    DeliveryResult result = sink->Deliver(kArn, kEnvelope);
    EXPECT_FALSE(result.delivered) << status;
    EXPECT_FALSE(result.retryable) << status;
    EXPECT_EQ(result.http_status, status);
  }
}

TEST(WebhookSinkTest, LongErrorBodiesAreShortenedInTheDetail) {
  HttpReceiver receiver;
  receiver.Respond(400, std::string(10000, 'x'));
  DeliveryResult result = MakeWebhookSink(receiver.url(), kTimeoutMs)->Deliver(kArn, kEnvelope);
  EXPECT_FALSE(result.delivered);
  EXPECT_LT(result.detail.size(), 300u);
}

TEST(WebhookSinkTest, ConnectionRefusedIsRetryable) {
  std::string url = "http://127.0.0.1:" + std::to_string(HttpReceiver::ClosedPort()) + "/hook";
  DeliveryResult result = MakeWebhookSink(url, kTimeoutMs)->Deliver(kArn, kEnvelope);
  EXPECT_FALSE(result.delivered);
  EXPECT_TRUE(result.retryable);
  EXPECT_EQ(result.http_status, 0);
  EXPECT_FALSE(result.detail.empty());
  EXPECT_EQ(result.target, "webhook " + url);
}

TEST(WebhookSinkTest, UrlLessSinkPostsToADestinationThatIsAUrl) {
  HttpReceiver receiver;
  auto sink = MakeWebhookSink(kTimeoutMs);

  DeliveryResult result = sink->Deliver(receiver.url("/direct"), kEnvelope);

  EXPECT_TRUE(result.delivered) << result.detail;
  ASSERT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(receiver.requests()[0].target, "/direct");
  EXPECT_EQ(receiver.requests()[0].Header("x-socialite-event-destination"),
            receiver.url("/direct"));
}

TEST(WebhookSinkTest, UrlLessSinkRejectsAnArnWithoutSendingAnything) {
  DeliveryResult result = MakeWebhookSink(kTimeoutMs)->Deliver(kArn, kEnvelope);
  EXPECT_FALSE(result.delivered);
  EXPECT_FALSE(result.retryable);
  EXPECT_NE(result.detail.find(kArn), std::string::npos);
}

}  // namespace
}  // namespace socialite::events
