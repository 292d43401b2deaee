// The request journal: a bounded ring read newest first, with filters.
#include "server/ops/request_journal.h"

#include <gtest/gtest.h>

#include <functional>
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

// What the entries hold, by a measure of their own: string and blob bytes, keys, and a node
// size per value (the journal's own accounting is not used, so this also measures old code).
size_t HeldBytes(const std::vector<JournalEntry>& entries) {
  std::function<size_t(const Value&)> held = [&](const Value& value) -> size_t {
    size_t bytes = sizeof(Value);
    switch (value.kind()) {
      case Value::Kind::kString:
        return bytes + value.AsString().size();
      case Value::Kind::kBlob:
        return bytes + value.AsBlob().bytes.size();
      case Value::Kind::kList:
        for (const Value& item : value.AsList()) bytes += held(item);
        return bytes;
      case Value::Kind::kObject:
        for (const auto& [key, member] : value.AsObject()) bytes += key.size() + held(member);
        return bytes;
      default:
        return bytes;
    }
  };
  size_t total = 0;
  for (const JournalEntry& entry : entries) {
    total +=
        sizeof(JournalEntry) + entry.path.size() + entry.error_message.size() + held(entry.input);
  }
  return total;
}

// An input as a hostile client could send it before validation rejects it.
Value MakeHugeInput() {
  Value deep = Value("bottom");
  for (int i = 0; i < 100; ++i) deep = Value::Object().Set("d", std::move(deep));
  ValueList list(5000, Value(int64_t{7}));
  ValueList strings(100, Value(std::string(8 * 1024, 's')));
  ValueFields wide;
  for (int i = 0; i < 2000; ++i) wide.emplace_back("k" + std::to_string(i), Value("v"));
  return Value::Object()
      .Set("message", std::string(1024 * 1024, 'x'))
      .Set("blob", Blob{std::string(1024 * 1024, 'b')})
      .Set("list", std::move(list))
      .Set("strings", std::move(strings))
      .Set("wide", std::move(wide))
      .Set("deep", std::move(deep));
}

Value HugeInput() {
  static const Value huge = MakeHugeInput();
  return huge;
}

// Issue 9, defect 6: 50 rejected 9 MB requests used to add about 1 GB.
TEST(RequestJournalTest, HugeInputsAreKeptInBoundedForm) {
  RequestJournal journal;
  for (int i = 0; i < 20; ++i) {
    JournalEntry entry = Entry("SendWhatsAppMessage", 400, kStart + i);
    entry.input = HugeInput();
    entry.path = "/v1/" + std::string(100 * 1024, 'p');
    entry.error_message = std::string(1024 * 1024, 'e');
    journal.Add(std::move(entry));
  }
  JournalQuery all;
  all.limit = 1000;
  std::vector<JournalEntry> entries = journal.Query(all);
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().sequence, 20);
  EXPECT_LT(HeldBytes(entries), 8u * 1024 * 1024);
  const JournalEntry& newest = entries.front();
  const std::string message = newest.input.GetString("message").value_or("");
  EXPECT_LT(message.size(), 5000u);
  EXPECT_EQ(message.substr(0, 3), "xxx");
  EXPECT_LT(newest.path.size(), 5000u);
  EXPECT_LT(newest.error_message.size(), 5000u);
}

TEST(RequestJournalTest, AccountedSizeStaysUnderTheByteBudgetOldestDroppedFirst) {
  constexpr size_t kBudget = 1024 * 1024;
  RequestJournal journal(1000, kBudget);
  EXPECT_EQ(journal.byte_budget(), kBudget);
  for (int i = 0; i < 40; ++i) {
    JournalEntry entry = Entry("SendWhatsAppMessage", 400, kStart + i);
    entry.input = HugeInput();
    journal.Add(std::move(entry));
    EXPECT_LE(journal.bytes(), kBudget);
  }
  JournalQuery all;
  all.limit = 1000;
  std::vector<JournalEntry> entries = journal.Query(all);
  ASSERT_GT(entries.size(), 1u);
  EXPECT_LT(entries.size(), 40u);
  // The newest are kept, without gaps.
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].sequence, static_cast<int64_t>(40 - i));
  }
  EXPECT_LE(HeldBytes(entries), kBudget);
  EXPECT_EQ(journal.Clear(), entries.size());
  EXPECT_EQ(journal.bytes(), 0u);
}

TEST(RequestJournalTest, DefaultBudgetHoldsManyHugeEntries) {
  RequestJournal journal;
  EXPECT_EQ(journal.byte_budget(), RequestJournal::kDefaultByteBudget);
  for (int i = 0; i < 150; ++i) {
    JournalEntry entry = Entry("SendWhatsAppMessage", 400, kStart + i);
    entry.input = HugeInput();
    journal.Add(std::move(entry));
  }
  EXPECT_LE(journal.bytes(), journal.byte_budget());
  EXPECT_GT(journal.size(), 50u);
  EXPECT_LT(journal.size(), 150u);  // the budget, not the count, limited it
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
