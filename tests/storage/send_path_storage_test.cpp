// The storage of the Send path after migration 11: event envelopes in an append-only table of
// their own, read back with their events and pruned with them; an outbound message's
// `accepted` status given by its row instead of stored; and a version-10 database file
// migrated with its events, envelopes and statuses intact.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/event_store.h"
#include "storage/message_store.h"
#include "storage/schema.h"
#include "storage/sns_store.h"
#include "storage/statement.h"

namespace socialite::storage {
namespace {

const Partition kHome{"000000000000", "us-east-1"};
constexpr int64_t kT0 = 1767225600000;  // 2026-01-01T00:00:00Z
constexpr char kDestination[] = "arn:aws:sns:us-east-1:000000000000:events";

EventRecord Event(const std::string& id, const std::string& wamid = "wamid.A") {
  EventRecord e;
  e.id = id;
  e.partition = kHome;
  e.waba_id = "waba-1";
  e.phone_number_id = "phone-number-id-1";
  e.wamid = wamid;
  e.kind = "status";
  e.field = "messages";
  e.status = "sent";
  e.envelope_json = R"({"messageId":")" + id + R"(","pad":")" + std::string(900, 'x') + R"("})";
  e.destination_arn = kDestination;
  e.created_ms = kT0;
  e.due_ms = kT0;
  return e;
}

int64_t Count(Database& db, const std::string& table) {
  Statement count(db, "SELECT COUNT(*) FROM " + table);
  EXPECT_TRUE(count.Step()) << count.status().error().message;
  return count.Int(0);
}

class SendPathStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened).value();
  }
  void Append(const EventRecord& e) {
    StoreStatus status = EventStore(*db_).Append(e);
    ASSERT_TRUE(status.ok()) << status.error().message;
  }
  std::unique_ptr<Database> db_;
};

// Opening a database switched SQLite's allocation statistics off (their global mutex was
// taken on every allocation): SQLite counts no memory in use.
TEST_F(SendPathStorageTest, SqliteKeepsNoAllocationStatistics) {
  Append(Event("ev-1"));
  EXPECT_EQ(sqlite3_memory_used(), 0);
}

TEST_F(SendPathStorageTest, EnvelopeLivesInItsOwnTableKeyedByTheEventsSeq) {
  Append(Event("ev-1"));
  Append(Event("ev-2"));

  Statement rows(*db_,
                 "SELECT e.id, v.envelope_json FROM events e JOIN event_envelopes v ON "
                 "v.event_seq = e.seq ORDER BY e.seq");
  std::vector<std::string> found;
  while (rows.Step()) found.push_back(rows.Text(0) + "=" + rows.Text(1).substr(0, 19));
  EXPECT_EQ(found, (std::vector<std::string>{R"(ev-1={"messageId":"ev-1")",
                                             R"(ev-2={"messageId":"ev-2")"}));
  // The event row itself no longer carries it.
  Statement old_column(*db_, "SELECT envelope_json FROM events");
  EXPECT_FALSE(old_column.status().ok());
}

TEST_F(SendPathStorageTest, EveryReadGivesTheEnvelopeBack) {
  EventRecord appended = Event("ev-1");
  Append(appended);
  EventStore store(*db_);

  auto found = store.Find("ev-1");
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value()->envelope_json, appended.envelope_json);
  auto listed = store.List({}, 0, 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed.value().size(), 1u);
  EXPECT_EQ(listed.value()[0].envelope_json, appended.envelope_json);
  auto due = store.OpenDueFor(std::string(kDestination), kT0, std::nullopt, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due.value().size(), 1u);
  EXPECT_EQ(due.value()[0].envelope_json, appended.envelope_json);
}

TEST_F(SendPathStorageTest, OutcomesLeaveTheEnvelopeAsItWas) {
  Append(Event("ev-1"));
  EventStore store(*db_);
  EventOutcome delivered;
  delivered.event_id = "ev-1";
  delivered.delivery_state = "delivered";
  delivered.attempts = 1;
  delivered.at_ms = kT0 + 10;
  delivered.attempt = DeliveryAttempt{1, kT0 + 10, "webhook", true, 200, "HTTP 200", "original"};
  ASSERT_TRUE(store.RecordOutcomes({}, {delivered}).ok());

  auto found = store.Find("ev-1");
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value()->delivery_state, "delivered");
  EXPECT_EQ(found.value()->envelope_json, Event("ev-1").envelope_json);
}

TEST_F(SendPathStorageTest, PruningTakesTheEnvelopesAlong) {
  for (const char* id : {"old-1", "old-2", "open"}) Append(Event(id));
  EventStore store(*db_);
  ASSERT_TRUE(store.MarkDelivered("old-1", 1, kT0).ok());
  ASSERT_TRUE(store.MarkDelivered("old-2", 1, kT0).ok());

  ASSERT_TRUE(store.PruneFinished(0).ok());

  EXPECT_EQ(Count(*db_, "events"), 1);
  EXPECT_EQ(Count(*db_, "event_envelopes"), 1);
  auto open = store.Find("open");
  ASSERT_TRUE(open.ok() && open.value());
  EXPECT_EQ(open.value()->envelope_json, Event("open").envelope_json);
}

TEST_F(SendPathStorageTest, AFailedAppendLeavesNoEnvelope) {
  Append(Event("ev-1"));
  EXPECT_EQ(EventStore(*db_).Append(Event("ev-1")).code(), StoreCode::kAlreadyExists);
  EXPECT_EQ(Count(*db_, "event_envelopes"), 1);
}

TEST_F(SendPathStorageTest, ResetEmptiesTheEnvelopes) {
  Append(Event("ev-1"));
  ASSERT_TRUE(db_->DeleteAllRows().ok());
  EXPECT_EQ(Count(*db_, "event_envelopes"), 0);
  Append(Event("ev-2"));
  auto found = EventStore(*db_).Find("ev-2");
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value()->envelope_json, Event("ev-2").envelope_json);
}

MessageRecord Message(const std::string& wamid, const std::string& direction) {
  MessageRecord m;
  m.wamid = wamid;
  m.phone_number_id = "phone-1";
  m.waba_id = "waba-1";
  m.direction = direction;
  m.wa_id = "14155550100";
  m.type = "text";
  m.body_json = "{}";
  m.created_ms = kT0 + 7;
  return m;
}

class AcceptedStatusTest : public SendPathStorageTest {
 protected:
  void SetUp() override {
    SendPathStorageTest::SetUp();
    ASSERT_TRUE(db_->Execute(R"sql(
      INSERT INTO wabas (account, region, id, meta_waba_id, name, registration_status,
        link_date_ms, enable_sending, enable_receiving)
        VALUES ('000000000000', 'us-east-1', 'waba-1', '100', 'Business', 'COMPLETE', 0, 1, 1);
      INSERT INTO phone_numbers (account, region, id, waba_id, meta_phone_number_id,
        phone_number, display_phone_number, display_name, quality_rating)
        VALUES ('000000000000', 'us-east-1', 'phone-1', 'waba-1', '500', '+1500', '+1 500',
        'Name', 'GREEN');)sql")
                    .ok());
  }
  std::vector<std::string> Statuses(const std::string& wamid) {
    auto found = MessageStore(*db_).Find(kHome, wamid);
    EXPECT_TRUE(found.ok() && found.value());
    std::vector<std::string> out;
    if (!found.ok() || !found.value()) return out;
    for (const auto& s : found.value()->statuses) {
      out.push_back(s.status + "@" + std::to_string(s.at_ms - kT0));
    }
    return out;
  }
};

TEST_F(AcceptedStatusTest, AnOutboundMessageIsAcceptedWithoutAStoredStatus) {
  ASSERT_TRUE(MessageStore(*db_).Insert(kHome, Message("wamid.out", "outbound")).ok());
  EXPECT_EQ(Count(*db_, "message_statuses"), 0);
  EXPECT_EQ(Statuses("wamid.out"), (std::vector<std::string>{"accepted@7"}));
  // Stored statuses follow it.
  ASSERT_TRUE(MessageStore(*db_).AddStatus("wamid.out", {"failed", kT0 + 9, 131047}).ok());
  EXPECT_EQ(Statuses("wamid.out"), (std::vector<std::string>{"accepted@7", "failed@9"}));
}

TEST_F(AcceptedStatusTest, AnInboundMessageIsNeverAccepted) {
  MessageRecord inbound = Message("wamid.in", "inbound");
  inbound.statuses.push_back({"received", inbound.created_ms, std::nullopt});
  ASSERT_TRUE(MessageStore(*db_).Insert(kHome, inbound).ok());
  EXPECT_EQ(Statuses("wamid.in"), (std::vector<std::string>{"received@7"}));
}

// Every query of the outbox and of messages, run on a few rows of each, then judged by SQLite's
// own count of steps through whole tables: an index lost to a schema change shows up here.
TEST_F(AcceptedStatusTest, NoQueryOfMessagesOrEventsWalksAWholeTable) {
  MessageStore messages(*db_);
  EventStore events(*db_);
  for (int i = 0; i < 12; ++i) {
    MessageRecord m = Message("wamid." + std::to_string(i), i % 3 == 0 ? "inbound" : "outbound");
    m.wa_id = "1415555010" + std::to_string(i % 4);
    m.created_ms = kT0 + i;
    ASSERT_TRUE(messages.Insert(kHome, m).ok());
    for (int k = 0; k < 3; ++k) {
      EventRecord e = Event("ev-" + std::to_string(i) + "-" + std::to_string(k), m.wamid);
      e.due_ms = kT0 + 100 * k + i;
      e.destination_arn = "arn:aws:sns:us-east-1:000000000000:d" + std::to_string(i % 3);
      Append(e);
    }
  }
  ASSERT_TRUE(events.MarkDelivered("ev-0-0", 1, kT0).ok());
  ASSERT_TRUE(events.MarkRetrying("ev-1-0", 1, kT0 + 50, kHeldForConfirmation).ok());
  ASSERT_TRUE(events.RecordAttempt("ev-2-0", {1, kT0, "webhook", true, 200, "HTTP 200"}).ok());
  ASSERT_TRUE(events.MarkFinished("ev-2-0", "dead", 1, kT0, "HTTP 500").ok());
  EventOutcome outcome;
  outcome.event_id = "ev-3-0";
  outcome.delivery_state = "delivered";
  outcome.attempts = 1;
  ASSERT_TRUE(events.RecordOutcomes({{"ev-4-0", std::nullopt}}, {outcome}).ok());
  ASSERT_TRUE(events.Replay("ev-0-0", kT0 + 1).ok());
  ASSERT_TRUE(events.OpenDestinations(std::nullopt, 10).ok());
  ASSERT_TRUE(events.OpenDestinations(std::string("arn:a"), 10).ok());
  ASSERT_TRUE(events
                  .OpenDueFor(std::string("arn:aws:sns:us-east-1:000000000000:d1"), kT0 + 150,
                              std::nullopt, 10)
                  .ok());
  ASSERT_TRUE(events.OpenDueFor(std::nullopt, kT0 + 150, EventOrder{kT0, 1}, 10).ok());
  ASSERT_TRUE(events.NextWakeAfter(kT0 + 20).ok());
  ASSERT_TRUE(events.NewestSeq().ok());
  ASSERT_TRUE(events.Find("ev-5-1").ok());
  ASSERT_TRUE(events.Attempts("ev-2-0").ok());
  ASSERT_TRUE(events.StatusesAfter(kT0 + 20).ok());
  ASSERT_TRUE(events.StatusesOf("wamid.4", kT0 + 150).ok());
  EventFilter by_wamid;
  by_wamid.wamid = "wamid.4";
  ASSERT_TRUE(events.List(by_wamid, 0, 5).ok());
  ASSERT_TRUE(SnsStore(*db_).ReleaseHeldEvents("arn:aws:sns:us-east-1:000000000000:d1", kT0).ok());
  ASSERT_TRUE(messages.Find(kHome, "wamid.3").ok());
  ASSERT_TRUE(messages.FindAnywhere("wamid.4").ok());
  ASSERT_TRUE(messages.MarkRead("wamid.3", kT0 + 30).ok());
  ASSERT_TRUE(messages.CountSince(kHome, "phone-1", kT0 + 5, 80).ok());
  ASSERT_TRUE(messages.SentToSince(kHome, "phone-1", "14155550101", kT0 + 5).ok());
  ASSERT_TRUE(
      messages.List(std::string("phone-1"), std::nullopt, std::string("14155550102"), 0, 5).ok());
  ASSERT_TRUE(messages.ListThreads(std::nullopt, 10).ok());

  int judged = 0;
  for (sqlite3_stmt* stmt = sqlite3_next_stmt(db_->handle(), nullptr); stmt != nullptr;
       stmt = sqlite3_next_stmt(db_->handle(), stmt)) {
    std::string sql = sqlite3_sql(stmt);
    bool ours = sql.find("events") != std::string::npos ||
                sql.find("messages") != std::string::npos ||
                sql.find("message_statuses") != std::string::npos;
    // The inbox's thread list groups every message by design (a covering index walk).
    bool by_design = sql.find("GROUP BY phone_number_id, wa_id") != std::string::npos;
    if (!ours || by_design || sql.find("COUNT(*) FROM ") == 0) continue;
    ++judged;
    EXPECT_EQ(sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0), 0) << sql;
    EXPECT_EQ(sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_AUTOINDEX, 0), 0) << sql;
  }
  EXPECT_GE(judged, 25);
}

// --- Migrating a version-10 file ------------------------------------------------------------

class MigrationFromTenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("socialite-v10-" + std::to_string(::getpid()) + ".db"))
                .string();
    Remove();
    // The file as a server of migration 10 left it: WAL mode, schema 10, a sent message with
    // its stored `accepted` status and a status event with its envelope in the row.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    std::string setup = "PRAGMA journal_mode=WAL; BEGIN;";
    for (int i = 0; i < 10; ++i) setup += Migrations()[i];
    setup += R"sql(
      PRAGMA user_version=10;
      INSERT INTO meta_accounts VALUES ('token', '100', 'Business');
      INSERT INTO wabas (account, region, id, meta_waba_id, name, registration_status,
        link_date_ms, enable_sending, enable_receiving)
        VALUES ('000000000000', 'us-east-1', 'waba-1', '100', 'Business', 'COMPLETE', 0, 1, 1);
      INSERT INTO phone_numbers (account, region, id, waba_id, meta_phone_number_id,
        phone_number, display_phone_number, display_name, quality_rating)
        VALUES ('000000000000', 'us-east-1', 'phone-1', 'waba-1', '500', '+1500', '+1 500',
        'Name', 'GREEN');
      INSERT INTO messages (account, region, wamid, phone_number_id, waba_id, direction, wa_id,
        type, body_json, created_ms)
        VALUES ('000000000000', 'us-east-1', 'wamid.A', 'phone-1', 'waba-1', 'outbound',
        '14155550100', 'text', '{}', 1767225600000);
      INSERT INTO message_statuses (wamid, status, at_ms) VALUES ('wamid.A', 'accepted',
        1767225600000);
      INSERT INTO events (id, account, region, waba_id, phone_number_id, wamid, kind, field,
        status, envelope_json, destination_arn, created_ms, due_ms, delivery_state)
        VALUES ('ev-old', '000000000000', 'us-east-1', 'waba-1', 'phone-1', 'wamid.A', 'status',
        'messages', 'sent', '{"messageId":"ev-old"}', 'arn:aws:sns:us-east-1:0:t',
        1767225600000, 1767225600100, 'pending');
      COMMIT;)sql";
    char* error = nullptr;
    int rc = sqlite3_exec(raw, setup.c_str(), nullptr, nullptr, &error);
    std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(raw);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }
  void TearDown() override { Remove(); }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  std::string path_;
};

TEST_F(MigrationFromTenTest, KeepsEveryEventWithItsEnvelope) {
  auto opened = Database::Open(path_);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Database& db = *opened.value();
  EXPECT_EQ(db.SchemaVersion(), static_cast<int>(Migrations().size()));
  EXPECT_TRUE(db.IntegrityOk());
  EventStore store(db);

  auto old = store.Find("ev-old");
  ASSERT_TRUE(old.ok() && old.value());
  EXPECT_EQ(old.value()->envelope_json, R"({"messageId":"ev-old"})");
  EXPECT_EQ(old.value()->delivery_state, "pending");
  EXPECT_EQ(old.value()->wamid, "wamid.A");
  // New events go on after the old ones, envelopes and all.
  EventRecord fresh = Event("ev-new");
  ASSERT_TRUE(store.Append(fresh).ok());
  auto listed = store.List({}, 0, 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed.value().size(), 2u);
  EXPECT_EQ(listed.value()[0].id, "ev-old");
  EXPECT_EQ(listed.value()[1].envelope_json, fresh.envelope_json);
  // Still found as open through the narrowed index.
  auto due =
      store.OpenDueFor(std::string("arn:aws:sns:us-east-1:0:t"), kT0 + 1000, std::nullopt, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due.value().size(), 1u);
  EXPECT_EQ(due.value()[0].id, "ev-old");
  Statement indexes(db,
                    "SELECT name, sql FROM sqlite_master WHERE name IN ('events_open', "
                    "'messages_by_phone')");
  ASSERT_TRUE(indexes.Step());
  EXPECT_EQ(indexes.Text(0), "events_open");
  EXPECT_NE(indexes.Text(1).find("WHERE delivery_state IN ('pending', 'retrying')"),
            std::string::npos);
  EXPECT_FALSE(indexes.Step()) << "messages_by_phone is still there";
  Statement foreign_keys(db, "PRAGMA foreign_key_check");
  EXPECT_FALSE(foreign_keys.Step()) << "a foreign key is broken";
}

TEST_F(MigrationFromTenTest, TheStoredAcceptedStatusGivesWayToTheRow) {
  auto opened = Database::Open(path_);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Database& db = *opened.value();
  EXPECT_EQ(Count(db, "message_statuses"), 0);
  auto found = MessageStore(db).Find(kHome, "wamid.A");
  ASSERT_TRUE(found.ok() && found.value());
  ASSERT_EQ(found.value()->statuses.size(), 1u);
  EXPECT_EQ(found.value()->statuses[0].status, "accepted");
  EXPECT_EQ(found.value()->statuses[0].at_ms, kT0);
}

TEST_F(MigrationFromTenTest, OpensAgainWithoutMigratingTwice) {
  {
    auto first = Database::Open(path_);
    ASSERT_TRUE(first.ok()) << first.error().message;
  }
  auto again = Database::Open(path_);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(Count(*again.value(), "event_envelopes"), 1);
}

}  // namespace
}  // namespace socialite::storage
