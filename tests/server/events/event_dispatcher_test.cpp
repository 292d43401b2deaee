// EventDispatcher against a real webhook receiver on 127.0.0.1 (a SinkRouter with --webhook
// bindings), a ":memory:" outbox and a ManualClock: delivery once due, due/seq order, per
// destination order across retries, backoff, dead-lettering, undeliverable events, attempt
// records, at-least-once redelivery, retention, and the background thread.
#include "server/events/event_dispatcher.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/config/options.h"
#include "server/core/clock.h"
#include "server/core/json.h"
#include "server/exec/state_access.h"
#include "storage/database.h"
#include "storage/event_store.h"
#include "storage/statement.h"
#include "storage/waba_store.h"
#include "tests/server/testing/http_receiver.h"
#include "tests/server/testing/test_env.h"

namespace socialite::events {
namespace {

using socialite::testing::HttpReceiver;
using socialite::testing::SequentialIdGenerator;

constexpr int64_t kT0 = 1767225600000;  // 2026-01-01T00:00:00Z
constexpr char kDestA[] = "arn:aws:sns:us-east-1:000000000000:dest-a";
constexpr char kDestB[] = "arn:aws:sns:us-east-1:000000000000:dest-b";
constexpr char kUnbound[] = "arn:aws:sns:us-east-1:000000000000:unbound";

using Strings = std::vector<std::string>;

HttpResponse Answer(int status, const std::string& body = "") {
  HttpResponse response;
  response.status = status;
  response.body = body;
  return response;
}

std::string Envelope(const std::string& id) { return R"({"messageId":")" + id + R"("})"; }

class EventDispatcherTest : public ::testing::Test {
 protected:
  EventDispatcherTest()
      : db_(OpenDb()),
        clock_(kT0),
        services_{*db_, clock_, ids_, options_, nullptr, nullptr, nullptr, nullptr, {}},
        router_({{kDestA, receiver_.url("/a")}, {kDestB, receiver_.url("/b")}}, {}, 3000),
        state_(services_, mutex_) {
    Use(DeliveryPolicy{});
  }

  static std::unique_ptr<storage::Database> OpenDb() {
    auto db = storage::Database::Open(":memory:");
    EXPECT_TRUE(db.ok());
    return db.ok() ? std::move(db).value() : nullptr;
  }

  void Use(DeliveryPolicy policy) {
    dispatcher_.reset();
    dispatcher_ = std::make_unique<EventDispatcher>(state_, clock_, router_, policy);
  }

  // Appends an event `id` due at `due_ms` for `destination` (nullopt: the WABA has none). Each
  // destination belongs to its own WABA, which is not stored unless a test stores it.
  void Append(const std::string& id, int64_t due_ms,
              const std::optional<std::string>& destination = std::string(kDestA),
              const std::optional<std::string>& waba_id = std::nullopt) {
    storage::EventRecord e;
    e.id = id;
    e.partition = {"000000000000", "us-east-1"};
    e.waba_id = waba_id.value_or("waba-of-" + destination.value_or("nothing"));
    e.kind = "status";
    e.field = "messages";
    e.envelope_json = Envelope(id);
    e.destination_arn = destination;
    e.created_ms = clock_.NowMillis();
    e.due_ms = due_ms;
    std::lock_guard<std::mutex> lock(mutex_);
    storage::StoreStatus status = storage::EventStore(*db_).Append(e);
    ASSERT_TRUE(status.ok()) << status.error().message;
  }

  storage::EventRecord Read(const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto all = storage::EventStore(*db_).List({}, 0, 1000);
    EXPECT_TRUE(all.ok());
    if (all.ok()) {
      for (const auto& e : all.value()) {
        if (e.id == id) return e;
      }
    }
    ADD_FAILURE() << "no event " << id;
    return {};
  }

  std::vector<storage::DeliveryAttempt> Attempts(const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto attempts = storage::EventStore(*db_).Attempts(id);
    EXPECT_TRUE(attempts.ok());
    return attempts.ok() ? attempts.value() : std::vector<storage::DeliveryAttempt>{};
  }

  Strings EventIds() {
    std::lock_guard<std::mutex> lock(mutex_);
    auto all = storage::EventStore(*db_).List({}, 0, 1000);
    EXPECT_TRUE(all.ok());
    Strings ids;
    if (all.ok()) {
      for (const auto& e : all.value()) ids.push_back(e.id);
    }
    return ids;
  }

  // "path:messageId" of every request the receiver got, in order.
  Strings Received() {
    Strings out;
    for (const auto& request : receiver_.requests()) {
      Result<Value> body = ParseJson(request.body);
      out.push_back(request.target.substr(1) + ":" +
                    (body.ok() ? body->GetString("messageId").value_or("?") : request.body));
    }
    return out;
  }

  // The messageIds the receiver got on `path` ("/a", "/b"), in order.
  Strings ReceivedOn(const std::string& path) {
    Strings out;
    for (const std::string& entry : Received()) {
      if (entry.rfind(path.substr(1) + ":", 0) == 0) out.push_back(entry.substr(path.size()));
    }
    return out;
  }

  // Answers `status` to the envelope of `failing` and 200 to everything else.
  void Fail(const std::string& failing, int status, const std::string& body = "") {
    std::string marker = Envelope(failing);
    receiver_.SetHandler([=](const HttpRequest& request) {
      return request.body == marker ? Answer(status, body) : Answer(200);
    });
  }

  // Waits up to 5 s for the receiver to have `count` requests.
  bool WaitForRequests(size_t count) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (receiver_.requests().size() < count) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  HttpReceiver receiver_;
  std::unique_ptr<storage::Database> db_;
  ManualClock clock_;
  SequentialIdGenerator ids_;
  Options options_;
  Services services_;
  std::mutex mutex_;
  SinkRouter router_;
  exec::InlineStateAccess state_;
  std::unique_ptr<EventDispatcher> dispatcher_;
};

TEST_F(EventDispatcherTest, NothingIsDeliveredBeforeItIsDue) {
  Append("e1", kT0 + 100);
  EXPECT_EQ(dispatcher_->RunDue(), 0);
  clock_.Advance(99);
  EXPECT_EQ(dispatcher_->RunDue(), 0);
  EXPECT_TRUE(receiver_.requests().empty());
  EXPECT_EQ(Read("e1").delivery_state, "pending");
}

TEST_F(EventDispatcherTest, DueEventIsDeliveredOnceTheClockReachesIt) {
  Append("e1", kT0 + 100);
  clock_.Advance(100);

  EXPECT_EQ(dispatcher_->RunDue(), 1);

  EXPECT_EQ(Received(), (Strings{"a:e1"}));
  storage::EventRecord e = Read("e1");
  EXPECT_EQ(e.delivery_state, "delivered");
  EXPECT_EQ(e.attempts, 1);
  EXPECT_EQ(e.finished_ms, kT0 + 100);
  EXPECT_EQ(e.last_error, std::nullopt);
}

TEST_F(EventDispatcherTest, DeliveredEventIsNotDeliveredAgain) {
  Append("e1", kT0);
  EXPECT_EQ(dispatcher_->RunDue(), 1);
  clock_.Advance(10000);
  EXPECT_EQ(dispatcher_->RunDue(), 0);
  EXPECT_EQ(Received(), (Strings{"a:e1"}));
}

TEST_F(EventDispatcherTest, RequestCarriesTheEnvelopeAndTheDestination) {
  Append("e1", kT0);
  ASSERT_EQ(dispatcher_->RunDue(), 1);
  ASSERT_EQ(receiver_.requests().size(), 1u);
  const HttpRequest request = receiver_.requests()[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/a");
  EXPECT_EQ(request.body, Envelope("e1"));
  EXPECT_EQ(request.Header("x-socialite-event-destination"), kDestA);
  EXPECT_EQ(request.Header("Content-Type"), "application/json");
}

TEST_F(EventDispatcherTest, DeliversInDueOrderThenAppendOrder) {
  Append("late", kT0 + 300);
  Append("first-at-100", kT0 + 100);
  Append("other-destination-at-100", kT0 + 100, kDestB);
  Append("second-at-100", kT0 + 100);
  Append("early", kT0);
  clock_.Advance(300);

  EXPECT_EQ(dispatcher_->RunDue(), 5);

  // Order is kept per destination; destinations are delivered side by side.
  EXPECT_EQ(ReceivedOn("/a"), (Strings{"early", "first-at-100", "second-at-100", "late"}));
  EXPECT_EQ(ReceivedOn("/b"), (Strings{"other-destination-at-100"}));
}

TEST_F(EventDispatcherTest, RetryingEventHoldsBackLaterEventsOfItsDestination) {
  Fail("e1", 500);
  Append("e1", kT0);
  Append("e2", kT0);
  Append("e3", kT0, kDestB);

  EXPECT_EQ(dispatcher_->RunDue(), 1);

  // e2 waits behind e1; e3 goes to another destination and is not held.
  EXPECT_EQ(ReceivedOn("/a"), (Strings{"e1"}));
  EXPECT_EQ(ReceivedOn("/b"), (Strings{"e3"}));
  EXPECT_EQ(Read("e1").delivery_state, "retrying");
  storage::EventRecord e2 = Read("e2");
  EXPECT_EQ(e2.delivery_state, "pending");
  EXPECT_EQ(e2.attempts, 0);
  EXPECT_EQ(Read("e3").delivery_state, "delivered");
}

TEST_F(EventDispatcherTest, HeldEventsFollowTheRetriedOneInOrder) {
  Fail("e1", 500);
  Append("e1", kT0);
  Append("e2", kT0);
  Append("e3", kT0 + 200);
  ASSERT_EQ(dispatcher_->RunDue(), 0);
  receiver_.Respond(200);

  clock_.Advance(499);
  EXPECT_EQ(dispatcher_->RunDue(), 0);
  EXPECT_EQ(Received(), (Strings{"a:e1"}));

  clock_.Advance(1);
  EXPECT_EQ(dispatcher_->RunDue(), 3);
  EXPECT_EQ(Received(), (Strings{"a:e1", "a:e1", "a:e2", "a:e3"}));
}

TEST_F(EventDispatcherTest, BackoffDoublesFrom500Ms) {
  EXPECT_EQ(dispatcher_->BackoffMs(1), 500);
  EXPECT_EQ(dispatcher_->BackoffMs(2), 1000);
  EXPECT_EQ(dispatcher_->BackoffMs(3), 2000);
  EXPECT_EQ(dispatcher_->BackoffMs(4), 4000);
  EXPECT_EQ(dispatcher_->BackoffMs(7), 32000);
}

TEST_F(EventDispatcherTest, BackoffIsCappedAtTheMaximum) {
  EXPECT_EQ(dispatcher_->BackoffMs(8), 60000);
  EXPECT_EQ(dispatcher_->BackoffMs(9), 60000);
  EXPECT_EQ(dispatcher_->BackoffMs(1000000), 60000);
}

TEST_F(EventDispatcherTest, BackoffFollowsThePolicy) {
  Use(DeliveryPolicy{5, 100, 250, 10000});
  EXPECT_EQ(dispatcher_->BackoffMs(1), 100);
  EXPECT_EQ(dispatcher_->BackoffMs(2), 200);
  EXPECT_EQ(dispatcher_->BackoffMs(3), 250);
}

TEST_F(EventDispatcherTest, RetriesAreScheduledWithTheBackoff) {
  receiver_.Respond(503);
  Append("e1", kT0);

  dispatcher_->RunDue();
  storage::EventRecord first = Read("e1");
  EXPECT_EQ(first.attempts, 1);
  EXPECT_EQ(first.next_attempt_ms, kT0 + 500);
  EXPECT_EQ(first.last_error, "HTTP 503");

  clock_.Advance(500);
  dispatcher_->RunDue();
  storage::EventRecord second = Read("e1");
  EXPECT_EQ(second.attempts, 2);
  EXPECT_EQ(second.next_attempt_ms, kT0 + 500 + 1000);

  clock_.Advance(1000);
  dispatcher_->RunDue();
  storage::EventRecord third = Read("e1");
  EXPECT_EQ(third.delivery_state, "retrying");
  EXPECT_EQ(third.attempts, 3);
  EXPECT_EQ(third.next_attempt_ms, kT0 + 1500 + 2000);
  EXPECT_EQ(receiver_.requests().size(), 3u);
}

TEST_F(EventDispatcherTest, EventIsDeadAfterTheLastAttempt) {
  Use(DeliveryPolicy{3, 500, 60000, 10000});
  receiver_.Respond(500, "down");
  Append("e1", kT0);

  dispatcher_->RunDue();
  clock_.Advance(500);
  dispatcher_->RunDue();
  clock_.Advance(1000);
  EXPECT_EQ(dispatcher_->RunDue(), 1);

  storage::EventRecord e = Read("e1");
  EXPECT_EQ(e.delivery_state, "dead");
  EXPECT_EQ(e.attempts, 3);
  EXPECT_EQ(e.last_error, "HTTP 500: down");
  EXPECT_EQ(e.next_attempt_ms, std::nullopt);
  EXPECT_EQ(e.finished_ms, kT0 + 1500);
}

TEST_F(EventDispatcherTest, DeadEventIsNotTriedAgain) {
  Use(DeliveryPolicy{2, 500, 60000, 10000});
  receiver_.Respond(500);
  Append("e1", kT0);
  dispatcher_->RunDue();
  clock_.Advance(500);
  dispatcher_->RunDue();
  ASSERT_EQ(Read("e1").delivery_state, "dead");

  clock_.Advance(600000);
  EXPECT_EQ(dispatcher_->RunDue(), 0);
  EXPECT_EQ(receiver_.requests().size(), 2u);
}

TEST_F(EventDispatcherTest, DeadEventReleasesItsDestination) {
  Use(DeliveryPolicy{1, 500, 60000, 10000});
  Fail("e1", 500);
  Append("e1", kT0);
  Append("e2", kT0);

  EXPECT_EQ(dispatcher_->RunDue(), 2);

  EXPECT_EQ(Read("e1").delivery_state, "dead");
  EXPECT_EQ(Read("e2").delivery_state, "delivered");
  EXPECT_EQ(Received(), (Strings{"a:e1", "a:e2"}));
}

TEST_F(EventDispatcherTest, ClientErrorIsDeadAtOnce) {
  receiver_.Respond(400, "bad envelope");
  Append("e1", kT0);

  EXPECT_EQ(dispatcher_->RunDue(), 1);

  storage::EventRecord e = Read("e1");
  EXPECT_EQ(e.delivery_state, "dead");
  EXPECT_EQ(e.attempts, 1);
  EXPECT_EQ(e.last_error, "HTTP 400: bad envelope");
  EXPECT_EQ(e.finished_ms, kT0);
  EXPECT_EQ(receiver_.requests().size(), 1u);
}

TEST_F(EventDispatcherTest, EventOfAWabaWithoutDestinationIsUndeliverable) {
  storage::WabaRecord waba;
  waba.id = "waba-without-destination";
  waba.meta_waba_id = "104729384756999";
  waba.name = "No Destination";
  waba.registration_status = "COMPLETE";
  ASSERT_TRUE(storage::WabaStore(*db_).Insert({"000000000000", "us-east-1"}, waba).ok());
  Append("e1", kT0, std::nullopt, waba.id);

  EXPECT_EQ(dispatcher_->RunDue(), 1);

  storage::EventRecord e = Read("e1");
  EXPECT_EQ(e.delivery_state, "undeliverable");
  EXPECT_EQ(e.last_error, "the WhatsApp Business Account has no event destination");
  EXPECT_EQ(e.attempts, 0);
  EXPECT_EQ(e.finished_ms, kT0);
  EXPECT_TRUE(Attempts("e1").empty());
  EXPECT_TRUE(receiver_.requests().empty());
}

TEST_F(EventDispatcherTest, EventGoesToTheWabasDestinationAtDeliveryTime) {
  storage::WabaRecord waba;
  waba.id = "waba-moved";
  waba.meta_waba_id = "104729384756998";
  waba.name = "Moved";
  waba.registration_status = "COMPLETE";
  waba.event_destinations = {{kDestB, std::nullopt}};
  ASSERT_TRUE(storage::WabaStore(*db_).Insert({"000000000000", "us-east-1"}, waba).ok());
  // Recorded while the WABA still pointed at dest-a.
  Append("e1", kT0, std::string(kDestA), waba.id);

  EXPECT_EQ(dispatcher_->RunDue(), 1);

  EXPECT_EQ(Received(), (Strings{"b:e1"}));
  EXPECT_EQ(Read("e1").destination_arn, kDestB);
}

// A WABA that is gone keeps the destination each of its events had: e1 to dest-a and e2 to
// dest-b.
TEST_F(EventDispatcherTest, EventsOfAGoneWabaKeepTheirOwnDestinations) {
  Append("e1", kT0, std::string(kDestA), "waba-gone");
  Append("e2", kT0, std::string(kDestB), "waba-gone");

  EXPECT_EQ(dispatcher_->RunDue(), 2);

  EXPECT_EQ(ReceivedOn("/a"), (Strings{"e1"}));
  EXPECT_EQ(ReceivedOn("/b"), (Strings{"e2"}));
}

TEST_F(EventDispatcherTest, EventForAnUnboundArnIsUndeliverableWithTheRoutersReason) {
  Append("e1", kT0, std::string(kUnbound));

  EXPECT_EQ(dispatcher_->RunDue(), 1);

  storage::EventRecord e = Read("e1");
  EXPECT_EQ(e.delivery_state, "undeliverable");
  EXPECT_EQ(e.last_error, std::string("no --webhook binding matches ") + kUnbound +
                              " and no --sns-endpoint is set");
  EXPECT_EQ(e.attempts, 0);
  EXPECT_TRUE(Attempts("e1").empty());
}

TEST_F(EventDispatcherTest, UndeliverableEventDoesNotHoldBackItsSuccessors) {
  Append("e1", kT0, std::string(kUnbound));
  Append("e2", kT0, std::string(kUnbound));
  EXPECT_EQ(dispatcher_->RunDue(), 2);
  EXPECT_EQ(Read("e2").delivery_state, "undeliverable");
}

TEST_F(EventDispatcherTest, EveryAttemptIsRecorded) {
  Fail("e1", 500, "oops");
  Append("e1", kT0);
  dispatcher_->RunDue();
  receiver_.Respond(204);
  clock_.Advance(500);
  dispatcher_->RunDue();

  std::vector<storage::DeliveryAttempt> attempts = Attempts("e1");

  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].attempt, 1);
  EXPECT_EQ(attempts[0].at_ms, kT0);
  EXPECT_EQ(attempts[0].target, "webhook " + receiver_.url("/a"));
  EXPECT_FALSE(attempts[0].delivered);
  EXPECT_EQ(attempts[0].http_status, 500);
  EXPECT_EQ(attempts[0].detail, "HTTP 500: oops");
  EXPECT_EQ(attempts[1].attempt, 2);
  EXPECT_EQ(attempts[1].at_ms, kT0 + 500);
  EXPECT_EQ(attempts[1].target, "webhook " + receiver_.url("/a"));
  EXPECT_TRUE(attempts[1].delivered);
  EXPECT_EQ(attempts[1].http_status, 204);
  EXPECT_EQ(attempts[1].detail, "HTTP 204");
  EXPECT_EQ(Read("e1").attempts, 2);
}

TEST_F(EventDispatcherTest, UnreachableReceiverIsRetried) {
  SinkRouter nowhere(
      {{kDestA, "http://127.0.0.1:" + std::to_string(HttpReceiver::ClosedPort()) + "/"}}, {}, 2000);
  EventDispatcher dispatcher(state_, clock_, nowhere, DeliveryPolicy{});
  Append("e1", kT0);

  EXPECT_EQ(dispatcher.RunDue(), 0);

  storage::EventRecord e = Read("e1");
  EXPECT_EQ(e.delivery_state, "retrying");
  EXPECT_EQ(e.next_attempt_ms, kT0 + 500);
  std::vector<storage::DeliveryAttempt> attempts = Attempts("e1");
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_EQ(attempts[0].http_status, 0);
  EXPECT_FALSE(attempts[0].delivered);
}

TEST_F(EventDispatcherTest, EventMarkedPendingAgainIsDeliveredAgain) {
  Append("e1", kT0);
  ASSERT_EQ(dispatcher_->RunDue(), 1);
  // A crash between the receiver's 200 and marking the event leaves it pending.
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ASSERT_TRUE(db_->Execute("UPDATE events SET delivery_state = 'pending', finished_ms = NULL "
                             "WHERE id = 'e1'")
                    .ok());
  }

  EXPECT_EQ(dispatcher_->RunDue(), 1);

  EXPECT_EQ(Received(), (Strings{"a:e1", "a:e1"}));
  storage::EventRecord e = Read("e1");
  EXPECT_EQ(e.delivery_state, "delivered");
  EXPECT_EQ(e.attempts, 2);
  EXPECT_EQ(Attempts("e1").size(), 2u);
}

TEST_F(EventDispatcherTest, RetentionPrunesTheOldestFinishedEvents) {
  Use(DeliveryPolicy{5, 500, 60000, 2});
  for (const char* id : {"e1", "e2", "e3", "e4"}) Append(id, kT0);
  Append("scheduled", kT0 + 1000);

  EXPECT_EQ(dispatcher_->RunDue(), 4);

  EXPECT_EQ(EventIds(), (Strings{"e3", "e4", "scheduled"}));
}

TEST_F(EventDispatcherTest, BackgroundThreadDeliversAfterWake) {
  dispatcher_->Start();
  Append("e1", kT0);
  dispatcher_->Wake();

  EXPECT_TRUE(WaitForRequests(1));
  dispatcher_->Stop();

  EXPECT_EQ(Received(), (Strings{"a:e1"}));
  EXPECT_EQ(Read("e1").delivery_state, "delivered");
}

TEST_F(EventDispatcherTest, BackgroundThreadWaitsForTheClock) {
  dispatcher_->Start();
  Append("later", kT0 + 60000);
  Append("now", kT0);
  dispatcher_->Wake();
  ASSERT_TRUE(WaitForRequests(1));
  // The pass that delivered "now" saw "later" and left it: it is not due on this clock.
  EXPECT_EQ(Received(), (Strings{"a:now"}));

  clock_.Advance(60000);
  dispatcher_->Wake();

  EXPECT_TRUE(WaitForRequests(2));
  dispatcher_->Stop();
  EXPECT_EQ(Received(), (Strings{"a:now", "a:later"}));
}

TEST_F(EventDispatcherTest, StopWakesTheSleepingThread) {
  dispatcher_->Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let it fall asleep
  auto start = std::chrono::steady_clock::now();
  dispatcher_->Stop();
  auto took = std::chrono::steady_clock::now() - start;
  // The idle sleep is a second; Stop must not wait it out.
  EXPECT_LT(took, std::chrono::milliseconds(500));
}

}  // namespace
}  // namespace socialite::events
