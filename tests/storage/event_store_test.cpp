// EventStore on ":memory:": the outbox's due order, wake-up time, delivery states, attempts,
// listing filters and paging, a message's statuses, retention; and SettingsStore.
#include "storage/event_store.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/statement.h"

namespace socialite::storage {
namespace {

const Partition kHome{"000000000000", "us-east-1"};
const Partition kOther{"111122223333", "eu-west-1"};
constexpr int64_t kT0 = 1767225600000;  // 2026-01-01T00:00:00Z
constexpr char kDestination[] = "arn:aws:sns:us-east-1:000000000000:events";

EventRecord Event(const std::string& id, int64_t due_ms, const std::string& kind = "status") {
  EventRecord e;
  e.id = id;
  e.partition = kHome;
  e.waba_id = "waba-1";
  e.phone_number_id = "phone-number-id-1";
  e.wamid = "wamid.A";
  e.kind = kind;
  e.field = "messages";
  e.status = "sent";
  e.envelope_json = "{\"messageId\":\"" + id + "\"}";
  e.destination_arn = kDestination;
  e.created_ms = kT0;
  e.due_ms = due_ms;
  return e;
}

std::vector<std::string> Ids(const std::vector<EventRecord>& events) {
  std::vector<std::string> ids;
  for (const auto& e : events) ids.push_back(e.id);
  return ids;
}

class EventStoreTest : public ::testing::Test {
 protected:
  EventStoreTest() {
    auto opened = Database::Open(":memory:");
    if (opened.ok()) db_ = std::move(opened).value();
  }
  void SetUp() override { ASSERT_NE(db_, nullptr); }

  void Append(const EventRecord& e) {
    StoreStatus status = EventStore(*db_).Append(e);
    ASSERT_TRUE(status.ok()) << status.error().message;
  }

  // The event with `id` as List reads it back (nullopt: not there).
  std::optional<EventRecord> Read(const std::string& id) {
    auto all = EventStore(*db_).List({}, 0, 1000);
    EXPECT_TRUE(all.ok());
    if (!all.ok()) return std::nullopt;
    for (const auto& e : all.value()) {
      if (e.id == id) return e;
    }
    return std::nullopt;
  }

  std::vector<std::string> OpenDueIds(
      int64_t now_ms, int limit = 100,
      const std::optional<std::string>& destination = std::string(kDestination),
      const std::optional<EventOrder>& after = std::nullopt) {
    auto due = EventStore(*db_).OpenDueFor(destination, now_ms, after, limit);
    EXPECT_TRUE(due.ok());
    return due.ok() ? Ids(due.value()) : std::vector<std::string>{};
  }

  std::optional<int64_t> NextWake(int64_t now_ms = kT0) {
    auto next = EventStore(*db_).NextWakeAfter(now_ms);
    EXPECT_TRUE(next.ok());
    return next.ok() ? next.value() : std::nullopt;
  }

  std::vector<std::optional<std::string>> Destinations(const std::optional<std::string>& after,
                                                       int limit = 100) {
    auto found = EventStore(*db_).OpenDestinations(after, limit);
    EXPECT_TRUE(found.ok());
    return found.ok() ? found.value() : std::vector<std::optional<std::string>>{};
  }

  int64_t SeqOf(const std::string& id) {
    std::optional<EventRecord> e = Read(id);
    EXPECT_TRUE(e.has_value());
    return e ? e->seq : -1;
  }

  std::vector<std::string> ListIds(const EventFilter& filter, int64_t after_seq = 0,
                                   int limit = 100) {
    auto rows = EventStore(*db_).List(filter, after_seq, limit);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? Ids(rows.value()) : std::vector<std::string>{};
  }

  int64_t Count(const std::string& table) {
    Statement st(*db_, "SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(st.Step());
    return st.Int(0);
  }

  std::unique_ptr<Database> db_;
};

TEST_F(EventStoreTest, AppendedEventReadsBackWithEveryField) {
  EventRecord e = Event("e1", kT0 + 100);
  e.partition = kOther;
  e.status = "failed";
  e.error_code = 131047;
  Append(e);

  std::optional<EventRecord> read = Read("e1");

  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->partition.account, "111122223333");
  EXPECT_EQ(read->partition.region, "eu-west-1");
  EXPECT_EQ(read->waba_id, "waba-1");
  EXPECT_EQ(read->phone_number_id, "phone-number-id-1");
  EXPECT_EQ(read->wamid, "wamid.A");
  EXPECT_EQ(read->kind, "status");
  EXPECT_EQ(read->field, "messages");
  EXPECT_EQ(read->status, "failed");
  EXPECT_EQ(read->error_code, 131047);
  EXPECT_EQ(read->envelope_json, "{\"messageId\":\"e1\"}");
  EXPECT_EQ(read->destination_arn, "arn:aws:sns:us-east-1:000000000000:events");
  EXPECT_EQ(read->created_ms, kT0);
  EXPECT_EQ(read->due_ms, kT0 + 100);
  EXPECT_EQ(read->delivery_state, "pending");
  EXPECT_EQ(read->attempts, 0);
  EXPECT_EQ(read->next_attempt_ms, std::nullopt);
  EXPECT_EQ(read->last_error, std::nullopt);
  EXPECT_EQ(read->finished_ms, std::nullopt);
  EXPECT_EQ(read->seq, 1);
}

TEST_F(EventStoreTest, AbsentOptionalsReadBackAsAbsent) {
  EventRecord e = Event("e1", kT0);
  e.phone_number_id.reset();
  e.wamid.reset();
  e.status.reset();
  e.destination_arn.reset();
  e.kind = "template_status";
  Append(e);

  std::optional<EventRecord> read = Read("e1");

  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->phone_number_id, std::nullopt);
  EXPECT_EQ(read->wamid, std::nullopt);
  EXPECT_EQ(read->status, std::nullopt);
  EXPECT_EQ(read->error_code, std::nullopt);
  EXPECT_EQ(read->destination_arn, std::nullopt);
}

TEST_F(EventStoreTest, AppendRefusesADuplicateId) {
  Append(Event("e1", kT0));
  StoreStatus again = EventStore(*db_).Append(Event("e1", kT0 + 5));
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(Count("events"), 1);
}

TEST_F(EventStoreTest, OpenDueIsInDueOrderThenAppendOrder) {
  Append(Event("late", kT0 + 300));
  Append(Event("first-at-100", kT0 + 100));
  Append(Event("early", kT0));
  Append(Event("second-at-100", kT0 + 100));

  EXPECT_EQ(OpenDueIds(kT0 + 300),
            (std::vector<std::string>{"early", "first-at-100", "second-at-100", "late"}));
}

TEST_F(EventStoreTest, OpenDueLeavesOutEventsNotYetDue) {
  Append(Event("now", kT0));
  Append(Event("exactly-due", kT0 + 100));
  Append(Event("future", kT0 + 101));

  EXPECT_EQ(OpenDueIds(kT0 + 100), (std::vector<std::string>{"now", "exactly-due"}));
}

TEST_F(EventStoreTest, OpenDueHonoursTheLimit) {
  Append(Event("a", kT0));
  Append(Event("b", kT0 + 1));
  Append(Event("c", kT0 + 2));

  EXPECT_EQ(OpenDueIds(kT0 + 10, 2), (std::vector<std::string>{"a", "b"}));
}

TEST_F(EventStoreTest, OpenDueHasRetryingButNotFinishedEvents) {
  for (const char* id : {"pending", "retrying", "delivered", "dead", "undeliverable"}) {
    Append(Event(id, kT0));
  }
  EventStore store(*db_);
  ASSERT_TRUE(store.MarkRetrying("retrying", 1, kT0 + 500, "HTTP 500").ok());
  ASSERT_TRUE(store.MarkDelivered("delivered", 1, kT0).ok());
  ASSERT_TRUE(store.MarkFinished("dead", "dead", 5, kT0, "HTTP 500").ok());
  ASSERT_TRUE(store.MarkFinished("undeliverable", "undeliverable", 0, kT0, "no target").ok());

  // A retrying event is open even before its next attempt: it holds its destination's order.
  EXPECT_EQ(OpenDueIds(kT0), (std::vector<std::string>{"pending", "retrying"}));
}

TEST_F(EventStoreTest, OpenDueMergesPendingAndRetryingInDueOrderThenAppendOrder) {
  Append(Event("r1", kT0));
  Append(Event("p1", kT0));
  Append(Event("p2", kT0 + 5));
  Append(Event("r2", kT0 + 5));
  Append(Event("p3", kT0 + 9));
  EventStore store(*db_);
  ASSERT_TRUE(store.MarkRetrying("r1", 1, kT0 + 500, "HTTP 500").ok());
  ASSERT_TRUE(store.MarkRetrying("r2", 1, kT0 + 500, "HTTP 500").ok());

  EXPECT_EQ(OpenDueIds(kT0 + 10), (std::vector<std::string>{"r1", "p1", "p2", "r2", "p3"}));
  EXPECT_EQ(OpenDueIds(kT0 + 10, 3), (std::vector<std::string>{"r1", "p1", "p2"}));
}

EventRecord EventFor(const std::string& id, int64_t due_ms,
                     const std::optional<std::string>& destination) {
  EventRecord e = Event(id, due_ms);
  e.destination_arn = destination;
  return e;
}

TEST_F(EventStoreTest, OpenDueForHasOnlyThatDestinationsEvents) {
  Append(EventFor("a1", kT0, "arn:a"));
  Append(EventFor("b1", kT0, "arn:b"));
  Append(EventFor("none1", kT0, std::nullopt));
  Append(EventFor("a2", kT0 + 1, "arn:a"));

  EXPECT_EQ(OpenDueIds(kT0 + 10, 100, "arn:a"), (std::vector<std::string>{"a1", "a2"}));
  EXPECT_EQ(OpenDueIds(kT0 + 10, 100, "arn:b"), (std::vector<std::string>{"b1"}));
  EXPECT_EQ(OpenDueIds(kT0 + 10, 100, std::nullopt), (std::vector<std::string>{"none1"}));
}

TEST_F(EventStoreTest, OpenDueForContinuesAfterAnEventInDeliveryOrder) {
  Append(Event("first-at-0", kT0));
  Append(Event("at-5", kT0 + 5));
  Append(Event("second-at-0", kT0));
  Append(Event("third-at-0", kT0));

  EventOrder after{kT0, SeqOf("second-at-0")};

  EXPECT_EQ(OpenDueIds(kT0 + 10, 100, std::string(kDestination), after),
            (std::vector<std::string>{"third-at-0", "at-5"}));
}

TEST_F(EventStoreTest, OpenDestinationsListsEachDestinationOnceInOrder) {
  Append(EventFor("b1", kT0, "arn:b"));
  Append(EventFor("a1", kT0, "arn:a"));
  Append(EventFor("b2", kT0 + 9000, "arn:b"));  // not due yet, but open
  Append(EventFor("c1", kT0, "arn:c"));
  Append(EventFor("none1", kT0, std::nullopt));
  ASSERT_TRUE(EventStore(*db_).MarkDelivered("c1", 1, kT0).ok());

  using Arns = std::vector<std::optional<std::string>>;
  EXPECT_EQ(Destinations(std::nullopt), (Arns{std::nullopt, "arn:a", "arn:b"}));
  EXPECT_EQ(Destinations(std::string("arn:a")), (Arns{"arn:b"}));
  EXPECT_EQ(Destinations(std::nullopt, 2), (Arns{std::nullopt, "arn:a"}));
  EXPECT_EQ(Destinations(std::string("arn:b")), Arns{});
}

TEST_F(EventStoreTest, NewestSeqChangesWithEachAppend) {
  auto empty = EventStore(*db_).NewestSeq();
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty.value(), 0);
  Append(Event("e1", kT0));
  auto one = EventStore(*db_).NewestSeq();
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one.value(), SeqOf("e1"));
  Append(Event("e2", kT0));
  auto two = EventStore(*db_).NewestSeq();
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two.value(), SeqOf("e2"));
}

TEST_F(EventStoreTest, NextWakeLeavesOutWhatIsDueAlready) {
  Append(Event("due", kT0));
  Append(Event("retry-due", kT0));
  Append(Event("later", kT0 + 700));
  ASSERT_TRUE(EventStore(*db_).MarkRetrying("retry-due", 1, kT0, "HTTP 500").ok());
  EXPECT_EQ(NextWake(kT0), kT0 + 700);
  EXPECT_EQ(NextWake(kT0 + 700), std::nullopt);
}

TEST_F(EventStoreTest, NextWakeIsNulloptWithNothingOpen) {
  EXPECT_EQ(NextWake(), std::nullopt);
  Append(Event("e1", kT0));
  ASSERT_TRUE(EventStore(*db_).MarkDelivered("e1", 1, kT0).ok());
  EXPECT_EQ(NextWake(), std::nullopt);
}

TEST_F(EventStoreTest, NextWakeIsTheEarliestPendingDueTime) {
  Append(Event("later", kT0 + 900));
  Append(Event("sooner", kT0 + 200));
  EXPECT_EQ(NextWake(), kT0 + 200);
}

TEST_F(EventStoreTest, NextWakeOfARetryingEventIsItsNextAttempt) {
  Append(Event("retrying", kT0));
  Append(Event("pending", kT0 + 2000));
  ASSERT_TRUE(EventStore(*db_).MarkRetrying("retrying", 1, kT0 + 500, "HTTP 503").ok());
  EXPECT_EQ(NextWake(), kT0 + 500);
}

TEST_F(EventStoreTest, NextWakeTakesAPendingEventDueBeforeTheRetry) {
  Append(Event("retrying", kT0));
  Append(Event("pending", kT0 + 300));
  ASSERT_TRUE(EventStore(*db_).MarkRetrying("retrying", 2, kT0 + 1000, "HTTP 503").ok());
  EXPECT_EQ(NextWake(), kT0 + 300);
}

TEST_F(EventStoreTest, MarkRetryingSetsAttemptsNextAttemptAndError) {
  Append(Event("e1", kT0));
  ASSERT_TRUE(EventStore(*db_).MarkRetrying("e1", 2, kT0 + 1000, "HTTP 502: bad gateway").ok());

  std::optional<EventRecord> e = Read("e1");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->delivery_state, "retrying");
  EXPECT_EQ(e->attempts, 2);
  EXPECT_EQ(e->next_attempt_ms, kT0 + 1000);
  EXPECT_EQ(e->last_error, "HTTP 502: bad gateway");
  EXPECT_EQ(e->finished_ms, std::nullopt);
}

TEST_F(EventStoreTest, MarkDeliveredClearsTheRetryAndStampsTheFinish) {
  Append(Event("e1", kT0));
  EventStore store(*db_);
  ASSERT_TRUE(store.MarkRetrying("e1", 1, kT0 + 500, "HTTP 500").ok());
  ASSERT_TRUE(store.MarkDelivered("e1", 2, kT0 + 600).ok());

  std::optional<EventRecord> e = Read("e1");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->delivery_state, "delivered");
  EXPECT_EQ(e->attempts, 2);
  EXPECT_EQ(e->next_attempt_ms, std::nullopt);
  EXPECT_EQ(e->last_error, std::nullopt);
  EXPECT_EQ(e->finished_ms, kT0 + 600);
}

TEST_F(EventStoreTest, MarkFinishedKeepsTheStateAndError) {
  Append(Event("e1", kT0));
  EventStore store(*db_);
  ASSERT_TRUE(store.MarkRetrying("e1", 4, kT0 + 8000, "HTTP 500").ok());
  ASSERT_TRUE(store.MarkFinished("e1", "dead", 5, kT0 + 9000, "HTTP 500: still down").ok());

  std::optional<EventRecord> e = Read("e1");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->delivery_state, "dead");
  EXPECT_EQ(e->attempts, 5);
  EXPECT_EQ(e->next_attempt_ms, std::nullopt);
  EXPECT_EQ(e->last_error, "HTTP 500: still down");
  EXPECT_EQ(e->finished_ms, kT0 + 9000);
}

TEST_F(EventStoreTest, RecordOutcomesWritesStatesAttemptsAndDestinations) {
  for (const char* id : {"delivered", "retrying", "dead", "undeliverable"}) {
    Append(Event(id, kT0));
  }
  std::vector<DestinationChange> destinations = {{"undeliverable", std::nullopt},
                                                 {"delivered", "arn:aws:sns:us-east-1:0:new"}};
  std::vector<EventOutcome> outcomes(4);
  outcomes[0] = {"delivered",
                 "delivered",
                 1,
                 kT0 + 1,
                 std::nullopt,
                 "",
                 DeliveryAttempt{1, kT0 + 1, "webhook http://x/", true, 200, "HTTP 200"}};
  outcomes[1] = {"retrying",
                 "retrying",
                 1,
                 kT0 + 2,
                 kT0 + 502,
                 "HTTP 503",
                 DeliveryAttempt{1, kT0 + 2, "webhook http://x/", false, 503, "HTTP 503"}};
  outcomes[2] = {"dead",
                 "dead",
                 1,
                 kT0 + 3,
                 std::nullopt,
                 "HTTP 404",
                 DeliveryAttempt{1, kT0 + 3, "webhook http://x/", false, 404, "HTTP 404"}};
  outcomes[3] = {"undeliverable", "undeliverable", 0, kT0 + 4, std::nullopt, "no target", {}};

  StoreStatus status = EventStore(*db_).RecordOutcomes(destinations, outcomes);
  ASSERT_TRUE(status.ok()) << status.error().message;

  std::optional<EventRecord> delivered = Read("delivered");
  ASSERT_TRUE(delivered.has_value());
  EXPECT_EQ(delivered->delivery_state, "delivered");
  EXPECT_EQ(delivered->finished_ms, kT0 + 1);
  EXPECT_EQ(delivered->last_error, std::nullopt);
  EXPECT_EQ(delivered->destination_arn, "arn:aws:sns:us-east-1:0:new");
  std::optional<EventRecord> retrying = Read("retrying");
  ASSERT_TRUE(retrying.has_value());
  EXPECT_EQ(retrying->delivery_state, "retrying");
  EXPECT_EQ(retrying->next_attempt_ms, kT0 + 502);
  EXPECT_EQ(retrying->last_error, "HTTP 503");
  std::optional<EventRecord> dead = Read("dead");
  ASSERT_TRUE(dead.has_value());
  EXPECT_EQ(dead->delivery_state, "dead");
  EXPECT_EQ(dead->finished_ms, kT0 + 3);
  std::optional<EventRecord> undeliverable = Read("undeliverable");
  ASSERT_TRUE(undeliverable.has_value());
  EXPECT_EQ(undeliverable->delivery_state, "undeliverable");
  EXPECT_EQ(undeliverable->attempts, 0);
  EXPECT_EQ(undeliverable->last_error, "no target");
  EXPECT_EQ(undeliverable->destination_arn, std::nullopt);
  EXPECT_EQ(Count("event_attempts"), 3);
  auto attempts = EventStore(*db_).Attempts("retrying");
  ASSERT_TRUE(attempts.ok());
  ASSERT_EQ(attempts.value().size(), 1u);
  EXPECT_EQ(attempts.value()[0].http_status, 503);
}

TEST_F(EventStoreTest, RecordOutcomesWritesNothingWhenAnyPartFails) {
  Append(Event("e1", kT0));
  std::vector<EventOutcome> outcomes(2);
  outcomes[0] = {"e1",
                 "delivered",
                 1,
                 kT0 + 1,
                 std::nullopt,
                 "",
                 DeliveryAttempt{1, kT0 + 1, "webhook http://x/", true, 200, "HTTP 200"}};
  // An attempt of an event that is not there breaks the foreign key.
  outcomes[1] = {"gone",
                 "delivered",
                 1,
                 kT0 + 1,
                 std::nullopt,
                 "",
                 DeliveryAttempt{1, kT0 + 1, "webhook http://x/", true, 200, "HTTP 200"}};

  EXPECT_FALSE(EventStore(*db_).RecordOutcomes({}, outcomes).ok());

  std::optional<EventRecord> e = Read("e1");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->delivery_state, "pending");
  EXPECT_EQ(Count("event_attempts"), 0);
  // The connection is usable again: no transaction was left open.
  EXPECT_TRUE(EventStore(*db_).RecordOutcomes({}, {outcomes[0]}).ok());
}

TEST_F(EventStoreTest, AttemptsComeBackInAttemptOrder) {
  Append(Event("e1", kT0));
  EventStore store(*db_);
  ASSERT_TRUE(
      store.RecordAttempt("e1", {2, kT0 + 500, "webhook http://h/", true, 200, "HTTP 200"}).ok());
  ASSERT_TRUE(
      store.RecordAttempt("e1", {1, kT0, "webhook http://h/", false, 503, "HTTP 503"}).ok());

  auto attempts = store.Attempts("e1");

  ASSERT_TRUE(attempts.ok());
  ASSERT_EQ(attempts.value().size(), 2u);
  const DeliveryAttempt& first = attempts.value()[0];
  EXPECT_EQ(first.attempt, 1);
  EXPECT_EQ(first.at_ms, kT0);
  EXPECT_EQ(first.target, "webhook http://h/");
  EXPECT_FALSE(first.delivered);
  EXPECT_EQ(first.http_status, 503);
  EXPECT_EQ(first.detail, "HTTP 503");
  const DeliveryAttempt& second = attempts.value()[1];
  EXPECT_EQ(second.attempt, 2);
  EXPECT_EQ(second.at_ms, kT0 + 500);
  EXPECT_TRUE(second.delivered);
  EXPECT_EQ(second.http_status, 200);
  EXPECT_EQ(second.detail, "HTTP 200");
}

TEST_F(EventStoreTest, RecordingTheSameAttemptNumberReplacesIt) {
  Append(Event("e1", kT0));
  EventStore store(*db_);
  ASSERT_TRUE(store.RecordAttempt("e1", {1, kT0, "webhook a", false, 500, "HTTP 500"}).ok());
  ASSERT_TRUE(store.RecordAttempt("e1", {1, kT0 + 7, "webhook a", true, 204, "HTTP 204"}).ok());

  auto attempts = store.Attempts("e1");

  ASSERT_TRUE(attempts.ok());
  ASSERT_EQ(attempts.value().size(), 1u);
  EXPECT_EQ(attempts.value()[0].at_ms, kT0 + 7);
  EXPECT_TRUE(attempts.value()[0].delivered);
}

TEST_F(EventStoreTest, AttemptsOfAnEventWithoutAnyAreEmpty) {
  Append(Event("e1", kT0));
  auto attempts = EventStore(*db_).Attempts("e1");
  ASSERT_TRUE(attempts.ok());
  EXPECT_TRUE(attempts.value().empty());
}

TEST_F(EventStoreTest, AttemptForAnUnknownEventIsRefused) {
  // event_attempts.event_id references events(id) with foreign keys on.
  StoreStatus status =
      EventStore(*db_).RecordAttempt("nope", {1, kT0, "webhook a", true, 200, "HTTP 200"});
  EXPECT_FALSE(status.ok());
}

TEST_F(EventStoreTest, ListIsInAppendOrder) {
  Append(Event("b-due-later", kT0 + 2000));
  Append(Event("a-due-sooner", kT0 + 100));
  EXPECT_EQ(ListIds({}), (std::vector<std::string>{"b-due-later", "a-due-sooner"}));
}

TEST_F(EventStoreTest, ListFiltersByWaba) {
  EventRecord other = Event("other", kT0);
  other.waba_id = "waba-2";
  Append(Event("mine", kT0));
  Append(other);
  EventFilter filter;
  filter.waba_id = "waba-2";
  EXPECT_EQ(ListIds(filter), (std::vector<std::string>{"other"}));
}

TEST_F(EventStoreTest, ListFiltersByPhoneNumber) {
  EventRecord other = Event("other", kT0);
  other.phone_number_id = "phone-number-id-2";
  EventRecord account_level = Event("account-level", kT0);
  account_level.phone_number_id.reset();
  Append(Event("mine", kT0));
  Append(other);
  Append(account_level);
  EventFilter filter;
  filter.phone_number_id = "phone-number-id-1";
  EXPECT_EQ(ListIds(filter), (std::vector<std::string>{"mine"}));
}

TEST_F(EventStoreTest, ListFiltersByWamid) {
  EventRecord other = Event("other", kT0);
  other.wamid = "wamid.B";
  Append(Event("mine", kT0));
  Append(other);
  EventFilter filter;
  filter.wamid = "wamid.B";
  EXPECT_EQ(ListIds(filter), (std::vector<std::string>{"other"}));
}

TEST_F(EventStoreTest, ListFiltersByKind) {
  Append(Event("status", kT0, "status"));
  Append(Event("inbound", kT0, "inbound"));
  Append(Event("template", kT0, "template_status"));
  EventFilter filter;
  filter.kind = "inbound";
  EXPECT_EQ(ListIds(filter), (std::vector<std::string>{"inbound"}));
}

TEST_F(EventStoreTest, ListFiltersByDeliveryState) {
  Append(Event("pending", kT0));
  Append(Event("dead", kT0));
  Append(Event("delivered", kT0));
  ASSERT_TRUE(EventStore(*db_).MarkFinished("dead", "dead", 5, kT0, "HTTP 500").ok());
  ASSERT_TRUE(EventStore(*db_).MarkDelivered("delivered", 1, kT0).ok());
  EventFilter filter;
  filter.delivery_state = "dead";
  EXPECT_EQ(ListIds(filter), (std::vector<std::string>{"dead"}));
}

TEST_F(EventStoreTest, ListCombinesFilters) {
  EventRecord inbound_b = Event("inbound-b", kT0, "inbound");
  inbound_b.wamid = "wamid.B";
  Append(Event("status-a", kT0, "status"));
  Append(Event("inbound-a", kT0, "inbound"));
  Append(inbound_b);
  EventFilter filter;
  filter.kind = "inbound";
  filter.wamid = "wamid.A";
  EXPECT_EQ(ListIds(filter), (std::vector<std::string>{"inbound-a"}));
}

TEST_F(EventStoreTest, ListPagesBySeqAndLimit) {
  for (const char* id : {"e1", "e2", "e3", "e4", "e5"}) Append(Event(id, kT0));

  auto first = EventStore(*db_).List({}, 0, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(Ids(first.value()), (std::vector<std::string>{"e1", "e2"}));
  EXPECT_EQ(ListIds({}, first.value().back().seq, 2), (std::vector<std::string>{"e3", "e4"}));
  EXPECT_EQ(ListIds({}, 4, 2), (std::vector<std::string>{"e5"}));
  EXPECT_EQ(ListIds({}, 5, 2), (std::vector<std::string>{}));
}

TEST_F(EventStoreTest, ListNewestFirstPagesDownwardsBySeqWithFilters) {
  for (const char* id : {"e1", "e2", "e3", "e4", "e5"}) Append(Event(id, kT0));
  Append(Event("i6", kT0, "inbound"));
  EventStore store(*db_);
  EventFilter statuses;
  statuses.kind = "status";

  auto first = store.ListNewestFirst(statuses, INT64_MAX, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(Ids(first.value()), (std::vector<std::string>{"e5", "e4"}));
  auto second = store.ListNewestFirst(statuses, first.value().back().seq, 2);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(Ids(second.value()), (std::vector<std::string>{"e3", "e2"}));
  auto last = store.ListNewestFirst(statuses, second.value().back().seq, 2);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(Ids(last.value()), (std::vector<std::string>{"e1"}));
  auto all = store.ListNewestFirst({}, INT64_MAX, 10);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Ids(all.value()), (std::vector<std::string>{"i6", "e5", "e4", "e3", "e2", "e1"}));
}

TEST_F(EventStoreTest, StatusesOfAreTheMessagesHappenedStatusesInDueOrder) {
  EventRecord read = Event("read", kT0 + 2000);
  read.status = "read";
  EventRecord delivered = Event("delivered", kT0 + 500);
  delivered.status = "delivered";
  EventRecord sent = Event("sent", kT0 + 100);
  EventRecord inbound = Event("inbound", kT0, "inbound");
  EventRecord other_message = Event("other-message", kT0);
  other_message.wamid = "wamid.B";
  for (const auto& e : {read, delivered, sent, inbound, other_message}) Append(e);

  auto statuses = EventStore(*db_).StatusesOf("wamid.A", kT0 + 500);

  ASSERT_TRUE(statuses.ok());
  EXPECT_EQ(Ids(statuses.value()), (std::vector<std::string>{"sent", "delivered"}));
}

TEST_F(EventStoreTest, PruneFinishedKeepsTheNewestFinishedEvents) {
  for (const char* id : {"f1", "f2", "open", "f3", "f4"}) Append(Event(id, kT0));
  EventStore store(*db_);
  ASSERT_TRUE(store.MarkDelivered("f1", 1, kT0).ok());
  ASSERT_TRUE(store.MarkFinished("f2", "dead", 5, kT0, "HTTP 500").ok());
  ASSERT_TRUE(store.MarkFinished("f3", "undeliverable", 0, kT0, "no target").ok());
  ASSERT_TRUE(store.MarkDelivered("f4", 1, kT0).ok());

  ASSERT_TRUE(store.PruneFinished(2).ok());

  EXPECT_EQ(ListIds({}), (std::vector<std::string>{"open", "f3", "f4"}));
}

TEST_F(EventStoreTest, PruneFinishedNeverDeletesOpenEvents) {
  Append(Event("pending", kT0));
  Append(Event("retrying", kT0));
  ASSERT_TRUE(EventStore(*db_).MarkRetrying("retrying", 1, kT0 + 500, "HTTP 500").ok());

  ASSERT_TRUE(EventStore(*db_).PruneFinished(0).ok());

  EXPECT_EQ(ListIds({}), (std::vector<std::string>{"pending", "retrying"}));
}

TEST_F(EventStoreTest, PruneFinishedTakesTheAttemptsAlong) {
  Append(Event("old", kT0));
  Append(Event("new", kT0));
  EventStore store(*db_);
  ASSERT_TRUE(store.RecordAttempt("old", {1, kT0, "webhook a", true, 200, "HTTP 200"}).ok());
  ASSERT_TRUE(store.MarkDelivered("old", 1, kT0).ok());
  ASSERT_TRUE(store.RecordAttempt("new", {1, kT0, "webhook a", true, 200, "HTTP 200"}).ok());
  ASSERT_TRUE(store.MarkDelivered("new", 1, kT0).ok());

  ASSERT_TRUE(store.PruneFinished(1).ok());

  EXPECT_EQ(Count("event_attempts"), 1);
  auto kept = store.Attempts("new");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept.value().size(), 1u);
}

TEST_F(EventStoreTest, PruneInStepsStopsAtTheCutoffOldestFirst) {
  for (const char* id : {"f1", "open", "f2", "f3", "f4", "f5"}) Append(Event(id, kT0));
  EventStore store(*db_);
  for (const char* id : {"f1", "f2", "f3", "f4", "f5"}) {
    ASSERT_TRUE(store.MarkDelivered(id, 1, kT0).ok());
  }
  auto cutoff = store.PruneCutoff(2);  // f4 and f5 stay
  ASSERT_TRUE(cutoff.ok());
  ASSERT_TRUE(cutoff.value().has_value());

  auto first = store.PruneUpTo(*cutoff.value(), 2);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value(), 2);
  EXPECT_EQ(ListIds({}), (std::vector<std::string>{"open", "f3", "f4", "f5"}));
  auto second = store.PruneUpTo(*cutoff.value(), 2);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.value(), 1);
  EXPECT_EQ(ListIds({}), (std::vector<std::string>{"open", "f4", "f5"}));

  auto none = store.PruneCutoff(2);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value().has_value());
}

TEST_F(EventStoreTest, SettingMissingIsNullopt) {
  auto value = SettingsStore(*db_).Get("manual_clock_ms");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value.value(), std::nullopt);
}

TEST_F(EventStoreTest, SettingPutThenGet) {
  SettingsStore settings(*db_);
  ASSERT_TRUE(settings.Put("manual_clock_ms", "1767225600000").ok());
  auto value = settings.Get("manual_clock_ms");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value.value(), "1767225600000");
}

TEST_F(EventStoreTest, SettingPutOverwrites) {
  SettingsStore settings(*db_);
  ASSERT_TRUE(settings.Put("status_rules", "[]").ok());
  ASSERT_TRUE(settings.Put("status_rules", "[{\"failed\":131026}]").ok());
  ASSERT_TRUE(settings.Put("other", "x").ok());
  auto value = settings.Get("status_rules");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value.value(), "[{\"failed\":131026}]");
  EXPECT_EQ(Count("settings"), 2);
}

// --- Realism: a delivered event owed a duplicate opens again; replay ---

TEST_F(EventStoreTest, PendingOutcomeOpensTheEventAgainForItsDuplicate) {
  EventRecord e = Event("e1", kT0);
  e.occurs_ms = kT0;
  e.copies_owed = 2;
  e.copy_gap_ms = 700;
  Append(e);
  EventOutcome outcome{"e1",
                       "pending",
                       1,
                       kT0 + 10,
                       kT0 + 710,
                       "",
                       DeliveryAttempt{1, kT0 + 10, "webhook http://x/", true, 200, "HTTP 200"},
                       1,
                       "duplicate"};
  ASSERT_TRUE(EventStore(*db_).RecordOutcomes({}, {outcome}).ok());

  auto open = EventStore(*db_).OpenDueFor(std::string(kDestination), kT0 + 709, std::nullopt, 10);
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(open.value().empty());
  auto due = EventStore(*db_).OpenDueFor(std::string(kDestination), kT0 + 710, std::nullopt, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due.value().size(), 1u);
  const EventRecord& again = due.value()[0];
  EXPECT_EQ(again.delivery_state, "pending");
  EXPECT_EQ(again.copies_owed, 1);
  EXPECT_EQ(again.copy_gap_ms, 700);
  EXPECT_EQ(again.attempt_base, 1);
  EXPECT_EQ(again.delivery_kind, "duplicate");
  EXPECT_EQ(again.occurs_ms, kT0) << "when it happened does not move";
  EXPECT_EQ(again.envelope_json, e.envelope_json);
  auto attempts = EventStore(*db_).Attempts("e1");
  ASSERT_TRUE(attempts.ok());
  ASSERT_EQ(attempts.value().size(), 1u);
  EXPECT_EQ(attempts.value()[0].delivery, "original");
}

TEST_F(EventStoreTest, ReplayReopensOnlyFinishedEvents) {
  Append(Event("done", kT0));
  Append(Event("open", kT0));
  ASSERT_TRUE(EventStore(*db_).MarkFinished("done", "dead", 5, kT0 + 1, "HTTP 500").ok());

  auto replayed = EventStore(*db_).Replay("done", kT0 + 60000);
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(replayed.value(), ReplayResult::kReplayed);
  auto open = EventStore(*db_).Replay("open", kT0 + 60000);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open.value(), ReplayResult::kStillOpen);
  auto unknown = EventStore(*db_).Replay("none", kT0 + 60000);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown.value(), ReplayResult::kUnknown);

  auto due = EventStore(*db_).OpenDueFor(std::string(kDestination), kT0 + 60000, std::nullopt, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due.value().size(), 2u);
  const EventRecord& again = due.value()[1];
  EXPECT_EQ(again.id, "done");
  EXPECT_EQ(again.due_ms, kT0 + 60000);
  EXPECT_EQ(again.occurs_ms, kT0);
  EXPECT_EQ(again.attempts, 5);
  EXPECT_EQ(again.attempt_base, 5);
  EXPECT_EQ(again.delivery_kind, "replay");
  EXPECT_EQ(again.last_error, std::nullopt);
  EXPECT_EQ(again.finished_ms, std::nullopt);
}

}  // namespace
}  // namespace socialite::storage
