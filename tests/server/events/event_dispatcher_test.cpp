// EventDispatcher against a real webhook receiver on 127.0.0.1 (a SinkRouter with --webhook
// bindings), a ":memory:" outbox and a ManualClock: delivery once due, due/seq order, per
// destination order across retries, backoff, dead-lettering, undeliverable events, attempt
// records, at-least-once redelivery, retention, and the background thread. Then, with fake
// sinks: fairness between destinations, order under concurrency, the bound on deliveries in
// flight, reset and shutdown cancelling claimed and in-flight work.
#include "server/events/event_dispatcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
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
              const std::optional<std::string>& waba_id = std::nullopt, int64_t copies = 0,
              int64_t copy_gap_ms = 0) {
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
    e.occurs_ms = due_ms;
    e.copies_owed = copies;
    e.copy_gap_ms = copy_gap_ms;
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
  // One event per run, so that each run records exactly one outcome (how outcomes group into
  // steps depends on timing; the prune counts them).
  for (const char* id : {"e1", "e2", "e3", "e4"}) {
    Append(id, kT0);
    EXPECT_EQ(dispatcher_->RunDue(), 1);
  }
  Append("scheduled", kT0 + 1000);
  EXPECT_EQ(dispatcher_->RunDue(), 0);

  EXPECT_EQ(EventIds(), (Strings{"e3", "e4", "scheduled"}));
}

TEST_F(EventDispatcherTest, RetentionIsKeptOncePerHalfOfItFinished) {
  Use(DeliveryPolicy{5, 500, 60000, 4});
  std::vector<std::string> ids = {"e1", "e2", "e3", "e4", "e5"};
  for (const std::string& id : ids) {
    Append(id, kT0);
    EXPECT_EQ(dispatcher_->RunDue(), 1);
  }
  // Pruned after the 2nd and the 4th: the 5th waits for the next prune, one beyond retention.
  EXPECT_EQ(EventIds(), (Strings{"e1", "e2", "e3", "e4", "e5"}));
  Append("e6", kT0);
  EXPECT_EQ(dispatcher_->RunDue(), 1);
  EXPECT_EQ(EventIds(), (Strings{"e3", "e4", "e5", "e6"}));
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

// --- Fairness, concurrency, reset and shutdown, with fake sinks ----------------------------

using SteadyClock = std::chrono::steady_clock;

DeliveryResult Ok() {
  DeliveryResult result;
  result.delivered = true;
  result.http_status = 200;
  result.target = "fake";
  result.detail = "HTTP 200";
  return result;
}

DeliveryResult Unavailable() {
  DeliveryResult result;
  result.http_status = 503;
  result.target = "fake";
  result.detail = "HTTP 503";
  return result;
}

// A receiver that never answers: returns only once the delivery is aborted.
DeliveryResult BlockUntilAborted(std::stop_token stop) {
  std::mutex mu;
  std::condition_variable_any aborted;
  std::unique_lock<std::mutex> lock(mu);
  aborted.wait(lock, stop, [] { return false; });
  DeliveryResult result;
  result.target = "fake";
  result.detail = "aborted";
  return result;
}

// A receiver that answers 200 after `wait`, unless the delivery is aborted first.
DeliveryResult OkAfter(std::chrono::milliseconds wait, std::stop_token stop) {
  std::mutex mu;
  std::condition_variable_any aborted;
  std::unique_lock<std::mutex> lock(mu);
  if (aborted.wait_for(lock, stop, wait, [] { return false; }) || stop.stop_requested()) {
    return BlockUntilAborted(stop);
  }
  return Ok();
}

// A router whose destinations behave as a test says. It records every call and counts the
// deliveries in flight, overall and per destination.
class FakeRouter : public DeliveryRouter {
 public:
  // Gets the event's messageId and the delivery's stop token.
  using Behaviour = std::function<DeliveryResult(const std::string& id, std::stop_token stop)>;

  struct Call {
    std::string destination;
    std::string id;
    SteadyClock::time_point at;
  };

  void Set(const std::string& destination, Behaviour behaviour) {
    std::lock_guard<std::mutex> lock(mu_);
    behaviours_[destination] = std::move(behaviour);
  }

  std::optional<DeliveryResult> Deliver(const std::string& destination,
                                        const std::string& envelope_json, std::string* why,
                                        std::stop_token stop) override {
    Result<Value> envelope = ParseJson(envelope_json);
    std::string id = envelope.ok() ? envelope->GetString("messageId").value_or("?") : "?";
    Behaviour behaviour;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto found = behaviours_.find(destination);
      if (found != behaviours_.end()) behaviour = found->second;
      calls_.push_back({destination, id, SteadyClock::now()});
      max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
      if (++in_flight_to_[destination] > 1) same_destination_overlap_ = true;
    }
    DeliveryResult result = behaviour ? behaviour(id, std::move(stop)) : Ok();
    {
      std::lock_guard<std::mutex> lock(mu_);
      --in_flight_;
      --in_flight_to_[destination];
    }
    return result;
  }

  std::vector<Call> calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  // The messageIds delivered to `destination`, in call order.
  Strings IdsTo(const std::string& destination) const {
    Strings ids;
    for (const Call& call : calls()) {
      if (call.destination == destination) ids.push_back(call.id);
    }
    return ids;
  }
  std::optional<SteadyClock::time_point> CalledAt(const std::string& id) const {
    for (const Call& call : calls()) {
      if (call.id == id) return call.at;
    }
    return std::nullopt;
  }
  int max_in_flight() const {
    std::lock_guard<std::mutex> lock(mu_);
    return max_in_flight_;
  }
  int in_flight() const {
    std::lock_guard<std::mutex> lock(mu_);
    return in_flight_;
  }
  bool same_destination_overlap() const {
    std::lock_guard<std::mutex> lock(mu_);
    return same_destination_overlap_;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, Behaviour> behaviours_;
  std::vector<Call> calls_;
  int in_flight_ = 0;
  int max_in_flight_ = 0;
  std::map<std::string, int> in_flight_to_;
  bool same_destination_overlap_ = false;
};

// Counts the database jobs the dispatcher runs.
class CountingStateAccess : public exec::StateAccess {
 public:
  explicit CountingStateAccess(exec::StateAccess& inner) : inner_(inner) {}
  Status Write(exec::StateJob job) override {
    ++writes_;
    return inner_.Write(std::move(job));
  }
  Status Read(exec::StateJob job) override { return inner_.Read(std::move(job)); }
  int writes() const { return writes_; }

 private:
  exec::StateAccess& inner_;
  std::atomic<int> writes_{0};
};

class DispatcherConcurrencyTest : public EventDispatcherTest {
 protected:
  ~DispatcherConcurrencyTest() override { dispatcher_.reset(); }  // before the fake goes

  void UseFake(DispatcherLimits limits = {}, DeliveryPolicy policy = {}) {
    dispatcher_.reset();
    dispatcher_ = std::make_unique<EventDispatcher>(counting_, clock_, fake_, policy, limits);
  }

  // Appends `count` events "PREFIX-0", "PREFIX-1", … for `destination`, all due now.
  Strings AppendMany(const std::string& prefix, int count, const std::string& destination) {
    Strings ids;
    for (int i = 0; i < count; ++i) {
      ids.push_back(prefix + "-" + std::to_string(i));
      Append(ids.back(), kT0, destination);
    }
    return ids;
  }

  // Polls `done` for up to `limit`; true once it holds.
  static bool WaitUntil(const std::function<bool()>& done,
                        std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    auto deadline = SteadyClock::now() + limit;
    while (!done()) {
      if (SteadyClock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }

  FakeRouter fake_;
  CountingStateAccess counting_{state_};
};

TEST_F(DispatcherConcurrencyTest, DeadDestinationWithTenThousandDueEventsDoesNotDelayAHealthyOne) {
  UseFake();
  fake_.Set(kDestA, [](const std::string&, std::stop_token) { return Unavailable(); });
  AppendMany("dead", 10000, kDestA);
  Append("healthy", kT0, std::string(kDestB));

  auto started = SteadyClock::now();
  dispatcher_->Start();
  ASSERT_TRUE(WaitUntil([&] { return fake_.CalledAt("healthy").has_value(); }));

  EXPECT_LT(*fake_.CalledAt("healthy") - started, std::chrono::milliseconds(1000));
  // The dead destination's head waits for its retry; nothing behind it was tried.
  ASSERT_TRUE(WaitUntil([&] { return fake_.CalledAt("dead-0").has_value(); }));
  EXPECT_EQ(fake_.IdsTo(kDestA), (Strings{"dead-0"}));
}

TEST_F(DispatcherConcurrencyTest, HangingDestinationDelaysOnlyItself) {
  UseFake(DispatcherLimits{.stop_grace = std::chrono::milliseconds(50)});
  fake_.Set(kDestA,
            [](const std::string&, std::stop_token stop) { return BlockUntilAborted(stop); });
  AppendMany("hung", 50, kDestA);
  Strings healthy = AppendMany("healthy", 5, kDestB);

  dispatcher_->Start();
  auto started = SteadyClock::now();
  ASSERT_TRUE(WaitUntil([&] { return fake_.IdsTo(kDestB).size() == 5; }));

  EXPECT_LT(SteadyClock::now() - started, std::chrono::milliseconds(1000));
  EXPECT_EQ(fake_.IdsTo(kDestB), healthy);
  EXPECT_EQ(fake_.IdsTo(kDestA), (Strings{"hung-0"}));  // one delivery in flight, no more
}

TEST_F(DispatcherConcurrencyTest, OrderIsKeptPerDestinationWhileDestinationsRunSideBySide) {
  UseFake();
  const Strings destinations = {"arn:d0", "arn:d1", "arn:d2", "arn:d3", "arn:d4", "arn:d5"};
  std::map<std::string, std::vector<std::pair<int64_t, std::string>>> expected;
  for (int i = 0; i < 40; ++i) {
    for (const std::string& destination : destinations) {
      fake_.Set(destination, [](const std::string&, std::stop_token stop) {
        return OkAfter(std::chrono::milliseconds(2), stop);
      });
      std::string id = destination.substr(4) + "-" + std::to_string(i);
      int64_t due = kT0 + (i * 7) % 5;  // due order differs from append order
      Append(id, due, destination);
      expected[destination].push_back({due, id});
    }
  }
  clock_.Advance(10);

  EXPECT_EQ(dispatcher_->RunDue(), 240);

  for (const std::string& destination : destinations) {
    std::stable_sort(expected[destination].begin(), expected[destination].end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    Strings in_order;
    for (const auto& [due, id] : expected[destination]) in_order.push_back(id);
    EXPECT_EQ(fake_.IdsTo(destination), in_order) << destination;
  }
  EXPECT_FALSE(fake_.same_destination_overlap());
  EXPECT_GE(fake_.max_in_flight(), 2);  // destinations were delivered side by side
}

TEST_F(DispatcherConcurrencyTest, DeliveriesInFlightNeverExceedTheWorkers) {
  UseFake(DispatcherLimits{.workers = 3});
  for (int d = 0; d < 12; ++d) {
    std::string destination = "arn:d" + std::to_string(d);
    fake_.Set(destination, [](const std::string&, std::stop_token stop) {
      return OkAfter(std::chrono::milliseconds(10), stop);
    });
    AppendMany("e" + std::to_string(d), 3, destination);
  }

  EXPECT_EQ(dispatcher_->RunDue(), 36);

  EXPECT_LE(fake_.max_in_flight(), 3);
  EXPECT_GE(fake_.max_in_flight(), 2);
  EXPECT_FALSE(fake_.same_destination_overlap());
}

TEST_F(DispatcherConcurrencyTest, BeginResetAbortsTheDeliveryInFlightAndDropsClaimedEvents) {
  UseFake();
  fake_.Set(kDestA, [](const std::string& id, std::stop_token stop) {
    return id.rfind("old", 0) == 0 ? BlockUntilAborted(stop) : Ok();
  });
  fake_.Set(kDestB, [](const std::string& id, std::stop_token stop) {
    return id.rfind("old", 0) == 0 ? OkAfter(std::chrono::milliseconds(30), stop) : Ok();
  });
  AppendMany("old-a", 20, kDestA);
  AppendMany("old-b", 20, kDestB);
  dispatcher_->Start();
  ASSERT_TRUE(WaitUntil(
      [&] { return fake_.IdsTo(kDestA).size() == 1 && fake_.IdsTo(kDestB).size() >= 2; }));

  auto started = SteadyClock::now();
  uint64_t generation = dispatcher_->BeginReset();
  auto took = SteadyClock::now() - started;
  size_t calls_at_reset = fake_.calls().size();

  EXPECT_LT(took, std::chrono::milliseconds(500));
  EXPECT_EQ(fake_.in_flight(), 0);  // aborted, not merely forgotten
  EXPECT_EQ(dispatcher_->generation(), generation);
  // The aborted delivery's outcome is never recorded.
  storage::EventRecord head = Read("old-a-0");
  EXPECT_EQ(head.delivery_state, "pending");
  EXPECT_EQ(head.attempts, 0);
  // The wipe, and what comes after it.
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ASSERT_TRUE(db_->Execute("DELETE FROM events").ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  Append("new-a", kT0, std::string(kDestA));
  Append("new-b", kT0, std::string(kDestB));
  started = SteadyClock::now();
  dispatcher_->EndReset();
  ASSERT_TRUE(WaitUntil([&] { return fake_.CalledAt("new-a") && fake_.CalledAt("new-b"); }));

  EXPECT_LT(SteadyClock::now() - started, std::chrono::milliseconds(1000));
  std::vector<FakeRouter::Call> calls = fake_.calls();
  Strings after_reset;
  for (size_t i = calls_at_reset; i < calls.size(); ++i) after_reset.push_back(calls[i].id);
  std::sort(after_reset.begin(), after_reset.end());
  EXPECT_EQ(after_reset, (Strings{"new-a", "new-b"}));
}

TEST_F(DispatcherConcurrencyTest, BeginResetAbortsARealWebhookRequest) {
  // Shared: the receiver's thread may still be in the handler after the test body returns.
  auto release = std::make_shared<std::atomic<bool>>(false);
  receiver_.SetHandler([release](const HttpRequest&) {
    auto deadline = SteadyClock::now() + std::chrono::seconds(3);
    while (!*release && SteadyClock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return Answer(200);
  });
  Append("e1", kT0);
  dispatcher_->Start();
  ASSERT_TRUE(WaitForRequests(1));

  auto started = SteadyClock::now();
  dispatcher_->BeginReset();
  auto took = SteadyClock::now() - started;
  *release = true;

  EXPECT_LT(took, std::chrono::milliseconds(500));
  EXPECT_EQ(Read("e1").attempts, 0);
  dispatcher_->EndReset();
}

TEST_F(DispatcherConcurrencyTest, StopReturnsWithinTheGraceWhileADeliveryHangs) {
  UseFake();  // the default grace: 1 s
  fake_.Set(kDestA,
            [](const std::string&, std::stop_token stop) { return BlockUntilAborted(stop); });
  AppendMany("e", 100, kDestA);
  dispatcher_->Start();
  ASSERT_TRUE(WaitUntil([&] { return fake_.IdsTo(kDestA).size() == 1; }));

  auto started = SteadyClock::now();
  dispatcher_->Stop();
  auto took = SteadyClock::now() - started;

  EXPECT_LT(took, std::chrono::milliseconds(2000));
  EXPECT_EQ(fake_.in_flight(), 0);
  EXPECT_EQ(fake_.calls().size(), 1u);
  // Nothing was lost or marked: every event goes out after the next start.
  storage::EventRecord head = Read("e-0");
  EXPECT_EQ(head.delivery_state, "pending");
  EXPECT_EQ(head.attempts, 0);
  EXPECT_EQ(Read("e-99").delivery_state, "pending");
}

TEST_F(DispatcherConcurrencyTest, StopLetsADeliveryInFlightFinishWithinTheGrace) {
  UseFake();
  fake_.Set(kDestA, [](const std::string&, std::stop_token stop) {
    return OkAfter(std::chrono::milliseconds(300), stop);
  });
  AppendMany("e", 5, kDestA);
  dispatcher_->Start();
  ASSERT_TRUE(WaitUntil([&] { return fake_.IdsTo(kDestA).size() == 1; }));

  auto started = SteadyClock::now();
  dispatcher_->Stop();
  auto took = SteadyClock::now() - started;

  EXPECT_LT(took, std::chrono::milliseconds(1000));
  EXPECT_EQ(fake_.IdsTo(kDestA), (Strings{"e-0"}));  // nothing new started after the stop
  EXPECT_EQ(Read("e-0").delivery_state, "delivered");
  EXPECT_EQ(Read("e-1").delivery_state, "pending");
}

TEST_F(DispatcherConcurrencyTest, IdleSchedulerDoesNotWakeItselfWithItsOwnCommits) {
  UseFake();
  services_.notify_events = [this] { dispatcher_->Wake(); };  // as the app wires it
  Append("e1", kT0);
  dispatcher_->Start();
  dispatcher_->Wake();
  ASSERT_TRUE(WaitUntil([&] { return Read("e1").delivery_state == "delivered"; }));
  int writes_before = counting_.writes();

  std::this_thread::sleep_for(std::chrono::milliseconds(600));

  // At most the once-a-second claim; a loop on its own wake-ups would make hundreds.
  EXPECT_LE(counting_.writes() - writes_before, 2);
  dispatcher_->Stop();
  services_.notify_events = nullptr;
}

TEST_F(DispatcherConcurrencyTest, HealthyDestinationIsServedWhileTheOtherRetries) {
  UseFake(DispatcherLimits{}, DeliveryPolicy{5, 100, 60000, 10000});
  fake_.Set(kDestA, [](const std::string&, std::stop_token) { return Unavailable(); });
  AppendMany("dead", 300, kDestA);
  dispatcher_->Start();
  ASSERT_TRUE(WaitUntil([&] { return fake_.IdsTo(kDestA).size() == 1; }));

  // Events for the healthy destination keep arriving while the other's head retries.
  for (int i = 0; i < 5; ++i) {
    std::string id = "healthy-" + std::to_string(i);
    Append(id, kT0, std::string(kDestB));
    auto appended = SteadyClock::now();
    dispatcher_->Wake();
    ASSERT_TRUE(WaitUntil([&] { return fake_.CalledAt(id).has_value(); }));
    EXPECT_LT(*fake_.CalledAt(id) - appended, std::chrono::milliseconds(500)) << id;
  }
}

// --- Delivery realism: duplicates and replay ---

TEST_F(EventDispatcherTest, DuplicateIsTheSameEventDeliveredAgainRightAfter) {
  Append("e1", kT0, std::string(kDestA), std::nullopt, /*copies=*/1);

  EXPECT_EQ(dispatcher_->RunDue(), 2);

  EXPECT_EQ(Received(), (Strings{"a:e1", "a:e1"}));
  EXPECT_EQ(receiver_.requests()[0].body, receiver_.requests()[1].body);
  storage::EventRecord e = Read("e1");
  EXPECT_EQ(e.delivery_state, "delivered");
  EXPECT_EQ(e.copies_owed, 0);
  EXPECT_EQ(e.delivery_kind, "duplicate");
  auto attempts = Attempts("e1");
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].delivery, "original");
  EXPECT_EQ(attempts[1].delivery, "duplicate");
  EXPECT_TRUE(attempts[0].delivered && attempts[1].delivered);
}

TEST_F(EventDispatcherTest, DuplicateAfterAGapWaitsForTheClockAndLetsLaterEventsPass) {
  Append("e1", kT0, std::string(kDestA), std::nullopt, /*copies=*/2, /*copy_gap_ms=*/1000);
  Append("e2", kT0 + 500);

  EXPECT_EQ(dispatcher_->RunDue(), 1);
  EXPECT_EQ(Read("e1").delivery_state, "pending");
  EXPECT_EQ(Read("e1").due_ms, kT0 + 1000);
  clock_.Advance(500);
  dispatcher_->RunDue();
  clock_.Advance(500);
  dispatcher_->RunDue();
  clock_.Advance(999);
  dispatcher_->RunDue();
  EXPECT_EQ(ReceivedOn("/a"), (Strings{"e1", "e2", "e1"}));
  clock_.Advance(1);
  dispatcher_->RunDue();

  EXPECT_EQ(ReceivedOn("/a"), (Strings{"e1", "e2", "e1", "e1"}));
  EXPECT_EQ(Attempts("e1").size(), 3u);
  EXPECT_EQ(Read("e1").delivery_state, "delivered");
}

TEST_F(EventDispatcherTest, FailedDuplicateIsRetriedWithAFreshBudget) {
  Use(DeliveryPolicy{2, 500, 60000, 10000});
  Append("e1", kT0, std::string(kDestA), std::nullopt, /*copies=*/1);
  auto calls = std::make_shared<std::atomic<int>>(0);
  receiver_.SetHandler([calls](const HttpRequest&) { return Answer(++*calls == 2 ? 500 : 200); });

  dispatcher_->RunDue();
  EXPECT_EQ(Read("e1").delivery_state, "retrying");
  clock_.Advance(500);
  dispatcher_->RunDue();

  storage::EventRecord e = Read("e1");
  EXPECT_EQ(e.delivery_state, "delivered");
  EXPECT_EQ(e.attempts, 3);
  auto attempts = Attempts("e1");
  ASSERT_EQ(attempts.size(), 3u);
  EXPECT_EQ(attempts[1].delivery, "duplicate");
  EXPECT_FALSE(attempts[1].delivered);
  EXPECT_EQ(attempts[2].delivery, "duplicate");
}

TEST_F(EventDispatcherTest, ReplayDeliversADeadEventAgainWithAFreshBudget) {
  Use(DeliveryPolicy{1, 500, 60000, 10000});
  receiver_.Respond(500, "down");
  Append("e1", kT0);
  dispatcher_->RunDue();
  ASSERT_EQ(Read("e1").delivery_state, "dead");

  receiver_.Respond(200, "");
  clock_.Advance(5000);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto replayed = storage::EventStore(*db_).Replay("e1", clock_.NowMillis());
    ASSERT_TRUE(replayed.ok());
    EXPECT_EQ(replayed.value(), storage::ReplayResult::kReplayed);
  }
  EXPECT_EQ(dispatcher_->RunDue(), 1);

  EXPECT_EQ(Received(), (Strings{"a:e1", "a:e1"}));
  storage::EventRecord e = Read("e1");
  EXPECT_EQ(e.delivery_state, "delivered");
  EXPECT_EQ(e.attempts, 2);
  EXPECT_EQ(e.delivery_kind, "replay");
  auto attempts = Attempts("e1");
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[1].delivery, "replay");
  EXPECT_EQ(attempts[1].at_ms, kT0 + 5000);
}

TEST_F(EventDispatcherTest, ReplayGoesToTheWabasDestinationAsItStandsNow) {
  const storage::Partition partition{"000000000000", "us-east-1"};
  storage::WabaRecord waba;
  waba.id = "waba-replayed";
  waba.meta_waba_id = "104729384756999";
  waba.name = "Replayed";
  waba.registration_status = "COMPLETE";
  waba.event_destinations = {{kDestA, std::nullopt}};
  ASSERT_TRUE(storage::WabaStore(*db_).Insert(partition, waba).ok());
  Append("e1", kT0, std::string(kDestA), waba.id);
  ASSERT_EQ(dispatcher_->RunDue(), 1);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ASSERT_TRUE(storage::WabaStore(*db_)
                    .ReplaceEventDestinations(partition, waba.id, {{kDestB, std::nullopt}})
                    .ok());
    ASSERT_TRUE(storage::EventStore(*db_).Replay("e1", clock_.NowMillis()).ok());
  }
  ASSERT_EQ(dispatcher_->RunDue(), 1);
  EXPECT_EQ(Received(), (Strings{"a:e1", "b:e1"}));
}

TEST_F(EventDispatcherTest, ReplayOfAnOpenOrUnknownEventChangesNothing) {
  Append("e1", kT0 + 100);
  std::lock_guard<std::mutex> lock(mutex_);
  storage::EventStore store(*db_);
  auto open = store.Replay("e1", kT0);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open.value(), storage::ReplayResult::kStillOpen);
  auto unknown = store.Replay("nope", kT0);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown.value(), storage::ReplayResult::kUnknown);
}

}  // namespace
}  // namespace socialite::events
