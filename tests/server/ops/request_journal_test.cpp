// The request journal: a bounded ring read newest first, with filters.
#include "server/ops/request_journal.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/core/json.h"

namespace socialite::ops {
namespace {

// 2026-01-01T00:00:00Z
constexpr int64_t kStart = 1767225600000;

JournalEntry Entry(const std::string& operation, int status, int64_t time_ms) {
  JournalEntry entry;
  entry.time_ms = time_ms;
  entry.request_id = "req-" + std::to_string(time_ms - kStart);
  entry.method = "GET";
  entry.path = "/v1/whatsapp/waba/details";
  entry.operation = operation;
  entry.account = "000000000000";
  entry.region = "us-east-1";
  entry.input = Value::Object().Set("id", "waba-1");
  entry.status = status;
  return entry;
}

std::vector<int64_t> Sequences(const std::vector<JournalEntry>& entries) {
  std::vector<int64_t> out;
  for (const auto& entry : entries) out.push_back(entry.sequence);
  return out;
}

TEST(RequestJournalTest, ReadsNewestFirstWithIncreasingSequences) {
  RequestJournal journal;
  journal.Add(Entry("A", 200, kStart));
  journal.Add(Entry("B", 200, kStart + 1));
  journal.Add(Entry("C", 200, kStart + 2));
  std::vector<JournalEntry> entries = journal.Query({});
  EXPECT_EQ(Sequences(entries), (std::vector<int64_t>{3, 2, 1}));
  EXPECT_EQ(entries[0].operation, "C");
  EXPECT_EQ(journal.size(), 3u);
}

TEST(RequestJournalTest, DropsTheOldestWhenFull) {
  RequestJournal journal(3);
  for (int i = 0; i < 5; ++i) journal.Add(Entry("A", 200, kStart + i));
  EXPECT_EQ(Sequences(journal.Query({})), (std::vector<int64_t>{5, 4, 3}));
  EXPECT_EQ(journal.size(), 3u);
}

TEST(RequestJournalTest, DefaultCapacityIsAThousand) {
  RequestJournal journal;
  EXPECT_EQ(journal.capacity(), 1000u);
  for (int i = 0; i < 1005; ++i) journal.Add(Entry("A", 200, kStart + i));
  JournalQuery all;
  all.limit = 5000;  // more than the capacity: clamped
  std::vector<JournalEntry> entries = journal.Query(all);
  ASSERT_EQ(entries.size(), 1000u);
  EXPECT_EQ(entries.front().sequence, 1005);
  EXPECT_EQ(entries.back().sequence, 6);
}

TEST(RequestJournalTest, DefaultLimitIsAHundred) {
  RequestJournal journal;
  for (int i = 0; i < 150; ++i) journal.Add(Entry("A", 200, kStart + i));
  EXPECT_EQ(journal.Query({}).size(), 100u);
}

TEST(RequestJournalTest, FiltersByOperationStatusAndSince) {
  RequestJournal journal;
  journal.Add(Entry("GetLinkedWhatsAppBusinessAccount", 200, kStart));         // 1
  journal.Add(Entry("GetLinkedWhatsAppBusinessAccount", 429, kStart + 1000));  // 2
  journal.Add(Entry("ListTagsForResource", 200, kStart + 2000));               // 3
  journal.Add(Entry("GetLinkedWhatsAppBusinessAccount", 200, kStart + 3000));  // 4

  JournalQuery by_operation;
  by_operation.operation = "GetLinkedWhatsAppBusinessAccount";
  EXPECT_EQ(Sequences(journal.Query(by_operation)), (std::vector<int64_t>{4, 2, 1}));

  JournalQuery by_status;
  by_status.status = 200;
  EXPECT_EQ(Sequences(journal.Query(by_status)), (std::vector<int64_t>{4, 3, 1}));

  JournalQuery since;  // inclusive
  since.since_ms = kStart + 1000;
  EXPECT_EQ(Sequences(journal.Query(since)), (std::vector<int64_t>{4, 3, 2}));

  JournalQuery combined;
  combined.operation = "GetLinkedWhatsAppBusinessAccount";
  combined.status = 200;
  combined.since_ms = kStart + 1;
  EXPECT_EQ(Sequences(journal.Query(combined)), (std::vector<int64_t>{4}));

  JournalQuery limited;
  limited.operation = "GetLinkedWhatsAppBusinessAccount";
  limited.limit = 2;
  EXPECT_EQ(Sequences(journal.Query(limited)), (std::vector<int64_t>{4, 2}));

  JournalQuery none;
  none.operation = "getlinkedwhatsappbusinessaccount";  // exact, case and all
  EXPECT_TRUE(journal.Query(none).empty());
}

TEST(RequestJournalTest, ClearCountsAndSequencesContinue) {
  RequestJournal journal;
  journal.Add(Entry("A", 200, kStart));
  journal.Add(Entry("A", 200, kStart));
  EXPECT_EQ(journal.Clear(), 2u);
  EXPECT_TRUE(journal.Query({}).empty());
  EXPECT_EQ(journal.Clear(), 0u);
  journal.Add(Entry("A", 200, kStart));
  EXPECT_EQ(Sequences(journal.Query({})), (std::vector<int64_t>{3}));
}

TEST(RequestJournalTest, ToValueOfASuccess) {
  RequestJournal journal;
  journal.Add(Entry("GetLinkedWhatsAppBusinessAccount", 200, kStart + 708));
  EXPECT_EQ(WriteJson(RequestJournal::ToValue(journal.Query({}).at(0))),
            R"({"sequence":1,"time":"2026-01-01T00:00:00.708Z","requestId":"req-708",)"
            R"("method":"GET","path":"/v1/whatsapp/waba/details",)"
            R"("operation":"GetLinkedWhatsAppBusinessAccount","account":"000000000000",)"
            R"("region":"us-east-1","input":{"id":"waba-1"},"status":200})");
}

TEST(RequestJournalTest, ToValueOfAnErrorWithoutInput) {
  JournalEntry entry = Entry("GetLinkedWhatsAppBusinessAccount", 400, kStart);
  entry.sequence = 7;
  entry.input = Value();  // binding failed
  entry.error_type = "SerializationException";
  entry.error_message = "Malformed JSON";
  EXPECT_EQ(WriteJson(RequestJournal::ToValue(entry)),
            R"({"sequence":7,"time":"2026-01-01T00:00:00.000Z","requestId":"req-0",)"
            R"("method":"GET","path":"/v1/whatsapp/waba/details",)"
            R"("operation":"GetLinkedWhatsAppBusinessAccount","account":"000000000000",)"
            R"("region":"us-east-1","input":null,"status":400,)"
            R"("error":{"type":"SerializationException","message":"Malformed JSON"}})");
}

TEST(RequestJournalTest, ParsesSinceTimes) {
  EXPECT_EQ(ParseJournalTime("1767225600000"), kStart);
  EXPECT_EQ(ParseJournalTime("0"), 0);
  EXPECT_EQ(ParseJournalTime("2026-01-01T00:00:00Z"), kStart);
  EXPECT_EQ(ParseJournalTime("2026-01-01t00:00:00z"), kStart);
  EXPECT_EQ(ParseJournalTime("2026-01-01 00:00:00Z"), kStart);
  EXPECT_EQ(ParseJournalTime("2026-01-01T00:00:00.7Z"), kStart + 700);
  EXPECT_EQ(ParseJournalTime("2026-01-01T00:00:00.708Z"), kStart + 708);
  EXPECT_EQ(ParseJournalTime("2026-01-01T00:00:00.708999999Z"), kStart + 708);
  EXPECT_EQ(ParseJournalTime("2026-01-01T02:00:00+02:00"), kStart);
  EXPECT_EQ(ParseJournalTime("2025-12-31T19:30:00-04:30"), kStart);
  EXPECT_EQ(ParseJournalTime("2024-02-29T00:00:00Z"), 1709164800000);
}

TEST(RequestJournalTest, RefusesWhatIsNotATime) {
  for (const char* text :
       {"", "yesterday", "2026-01-01", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00.Z",
        "2026-01-01T00:00:00+0200", "2026-01-01T00:00:00Zjunk", "-5", "12a", "99999999999999999999",
        "1.5"}) {
    EXPECT_EQ(ParseJournalTime(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace socialite::ops
