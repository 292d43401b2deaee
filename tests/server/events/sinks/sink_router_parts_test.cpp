// SinkRouter with EventBridge beside the webhook: each event goes to both; a retry sends only
// the part that failed; an unbound destination still reaches the bus; and the waiting of an
// SNS subscription (hold) is kept through the combination.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "server/events/sinks/eventbridge_sink.h"
#include "server/events/sinks/sink.h"
#include "tests/server/testing/http_receiver.h"

namespace socialite::events {
namespace {

using testing::HttpReceiver;

constexpr char kTopic[] = "arn:aws:sns:us-east-1:000000000000:whatsapp-events";
constexpr int kTimeoutMs = 3000;

// A bus that fails its first `failures` calls (retryable), then accepts.
class FakeBus : public EventBridgeSink {
 public:
  explicit FakeBus(std::shared_ptr<std::atomic<int>> calls, int failures)
      : calls_(std::move(calls)), failures_(failures) {}
  DeliveryResult Deliver(const EventToDeliver&, std::stop_token) override {
    int call = ++*calls_;
    DeliveryResult result;
    result.target = "eventbridge fake";
    result.delivered = call > failures_;
    result.retryable = !result.delivered;
    result.detail = result.delivered ? "HTTP 200" : "HTTP 500";
    return result;
  }
  std::string Describe() const override { return "eventbridge fake"; }

 private:
  std::shared_ptr<std::atomic<int>> calls_;
  int failures_;
};

EventToDeliver Event(const std::string& id, const std::string& destination = kTopic) {
  EventToDeliver event;
  event.id = id;
  event.destination_arn = destination;
  event.envelope_json = "{\"messageId\":\"" + id + "\"}";
  return event;
}

TEST(SinkRouterPartsTest, BothTargetsGetTheEvent) {
  HttpReceiver hook;
  auto calls = std::make_shared<std::atomic<int>>(0);
  SinkRouter router({{kTopic, hook.url("/hook")}}, {}, kTimeoutMs);
  router.SetEventBridge(std::make_unique<FakeBus>(calls, 0));
  std::string why;
  auto result = router.DeliverEvent(Event("e1"), &why, {});
  ASSERT_TRUE(result.has_value()) << why;
  EXPECT_TRUE(result->delivered) << result->detail;
  EXPECT_EQ(result->target, "webhook " + hook.url("/hook") + " + eventbridge fake");
  EXPECT_EQ(hook.requests().size(), 1u);
  EXPECT_EQ(*calls, 1);
}

TEST(SinkRouterPartsTest, ARetrySendsOnlyThePartThatFailed) {
  HttpReceiver hook;
  auto calls = std::make_shared<std::atomic<int>>(0);
  SinkRouter router({{kTopic, hook.url("/hook")}}, {}, kTimeoutMs);
  router.SetEventBridge(std::make_unique<FakeBus>(calls, 1));
  std::string why;
  auto first = router.DeliverEvent(Event("e1"), &why, {});
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->delivered);
  EXPECT_TRUE(first->retryable);
  auto second = router.DeliverEvent(Event("e1"), &why, {});
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(second->delivered) << second->detail;
  EXPECT_EQ(hook.requests().size(), 1u) << "the webhook got the event once";
  EXPECT_EQ(*calls, 2);
  // A new event goes to both again.
  ASSERT_TRUE(router.DeliverEvent(Event("e2"), &why, {})->delivered);
  EXPECT_EQ(hook.requests().size(), 2u);
}

TEST(SinkRouterPartsTest, AFailingWebhookIsRetriedWithoutTheBus) {
  HttpReceiver hook;
  int answered = 0;
  hook.SetHandler([&](const HttpRequest&) {
    HttpResponse response;
    response.status = ++answered == 1 ? 503 : 200;
    return response;
  });
  auto calls = std::make_shared<std::atomic<int>>(0);
  SinkRouter router({{kTopic, hook.url("/hook")}}, {}, kTimeoutMs);
  router.SetEventBridge(std::make_unique<FakeBus>(calls, 0));
  std::string why;
  EXPECT_FALSE(router.DeliverEvent(Event("e1"), &why, {})->delivered);
  EXPECT_TRUE(router.DeliverEvent(Event("e1"), &why, {})->delivered);
  EXPECT_EQ(*calls, 1) << "the bus got the event once";
  EXPECT_EQ(hook.requests().size(), 2u);
}

TEST(SinkRouterPartsTest, AnUnboundDestinationStillReachesTheBus) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  SinkRouter router({}, {}, kTimeoutMs);
  std::string why;
  EXPECT_FALSE(router.DeliverEvent(Event("e1"), &why, {}).has_value());
  EXPECT_NE(why.find("no --webhook binding matches"), std::string::npos);
  router.SetEventBridge(std::make_unique<FakeBus>(calls, 0));
  auto result = router.DeliverEvent(Event("e1"), &why, {});
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->delivered);
  EXPECT_NE(result->detail.find("no --webhook binding matches"), std::string::npos);
}

TEST(SinkRouterPartsTest, AnSnsBindingWithoutSnsDeliveryFailsForGood) {
  SinkRouter router({{kTopic, "http://127.0.0.1:9/sns", /*sns=*/true}}, {}, kTimeoutMs);
  std::string why;
  auto result = router.DeliverEvent(Event("e1"), &why, {});
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->delivered);
  EXPECT_FALSE(result->retryable);
}

}  // namespace
}  // namespace socialite::events
