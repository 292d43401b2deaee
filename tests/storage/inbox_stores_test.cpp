// What the inbox reads from the stores on ":memory:": threads per (number, customer) with
// their newest message, size, profile name and service window; messages newest first; media
// by id alone; templates and partitions everywhere; and the plans that keep it indexed.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/media_store.h"
#include "storage/message_store.h"
#include "storage/phone_number_store.h"
#include "storage/statement.h"
#include "storage/template_store.h"
#include "storage/waba_store.h"

namespace socialite::storage {
namespace {

const Partition kHome{"000000000000", "us-east-1"};
const Partition kOther{"111122223333", "eu-west-1"};
constexpr int64_t kT0 = 1767225600000;  // 2026-01-01T00:00:00Z

class InboxStoresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened).value();
    Link(kHome, "waba-b", "101", {"phone-b1", "phone-b2"});
    Link(kHome, "waba-a", "102", {"phone-a1"});
    Link(kOther, "waba-c", "103", {"phone-c1"});
  }

  void Link(const Partition& p, const std::string& waba_id, const std::string& meta_id,
            const std::vector<std::string>& numbers) {
    WabaRecord waba;
    waba.id = waba_id;
    waba.meta_waba_id = meta_id;
    waba.name = "Business " + meta_id;
    waba.registration_status = "COMPLETE";
    waba.link_date_ms = kT0;
    ASSERT_TRUE(WabaStore(*db_).Insert(p, waba).ok());
    for (const auto& id : numbers) {
      PhoneNumberRecord number{
          id, waba_id,
          MetaPhoneNumber{"m" + id, "+1425555" + meta_id, "+1 425-555", "Name", "GREEN"},
          std::nullopt};
      ASSERT_TRUE(PhoneNumberStore(*db_).Insert(p, number).ok());
    }
  }

  // Stores a message at kT0 + `at_ms`; returns its wamid.
  std::string Add(const Partition& p, const std::string& number, const std::string& waba,
                  const std::string& customer, const std::string& direction, int64_t at_ms,
                  std::optional<std::string> name = std::nullopt) {
    MessageRecord m;
    m.wamid = "wamid." + std::to_string(++count_);
    m.phone_number_id = number;
    m.waba_id = waba;
    m.direction = direction;
    m.wa_id = customer;
    m.type = "text";
    m.body_json = R"({"text":{"body":"message )" + std::to_string(count_) + "\"}}";
    m.created_ms = kT0 + at_ms;
    m.customer_name = std::move(name);
    if (direction == "inbound") m.statuses.push_back({"received", m.created_ms, {}});
    EXPECT_TRUE(MessageStore(*db_).Insert(p, m).ok());
    if (direction == "inbound") {
      EXPECT_TRUE(MessageStore(*db_).TouchWindow(p, number, customer, m.created_ms).ok());
    }
    return m.wamid;
  }

  std::string Plan(const std::string& sql) {
    Statement plan(*db_, "EXPLAIN QUERY PLAN " + sql);
    std::string lines;
    while (plan.Step()) lines += plan.Text(3) + "\n";
    EXPECT_TRUE(plan.status().ok()) << plan.status().error().message;
    return lines;
  }

  std::unique_ptr<Database> db_;
  int count_ = 0;
};

TEST_F(InboxStoresTest, ThreadsGroupByNumberAndCustomerNewestFirst) {
  Add(kHome, "phone-b1", "waba-b", "111", "inbound", 0, "Ana");
  Add(kHome, "phone-b1", "waba-b", "111", "outbound", 10);
  Add(kHome, "phone-b1", "waba-b", "222", "outbound", 20);
  Add(kHome, "phone-b2", "waba-b", "111", "inbound", 30);  // same customer, other number
  std::string last = Add(kHome, "phone-b1", "waba-b", "111", "inbound", 40, "Ana Silva");
  Add(kOther, "phone-c1", "waba-c", "333", "outbound", 5);

  auto threads = MessageStore(*db_).ListThreads(std::nullopt, 100);
  ASSERT_TRUE(threads.ok()) << threads.error().message;
  std::vector<std::string> order;
  for (const auto& t : threads.value())
    order.push_back(t.last.phone_number_id + "/" + t.last.wa_id);
  EXPECT_EQ(order, (std::vector<std::string>{"phone-b1/111", "phone-b2/111", "phone-b1/222",
                                             "phone-c1/333"}));
  const ThreadSummary& first = threads.value()[0];
  EXPECT_EQ(first.partition.account, kHome.account);
  EXPECT_EQ(first.message_count, 3);
  EXPECT_EQ(first.last.wamid, last);
  EXPECT_EQ(first.last.body_json, R"({"text":{"body":"message 5"}})");
  EXPECT_EQ(first.customer_name, "Ana Silva");
  EXPECT_EQ(first.last_inbound_ms, kT0 + 40);
  // Inbound without a name: no name. Outbound only: no name and no window.
  EXPECT_EQ(threads.value()[1].customer_name, std::nullopt);
  EXPECT_EQ(threads.value()[1].last_inbound_ms, kT0 + 30);
  EXPECT_EQ(threads.value()[2].customer_name, std::nullopt);
  EXPECT_EQ(threads.value()[2].last_inbound_ms, std::nullopt);
  EXPECT_EQ(threads.value()[3].partition.account, kOther.account);
  EXPECT_EQ(threads.value()[3].partition.region, kOther.region);
}

TEST_F(InboxStoresTest, ThreadsOfOneNumberAndALimit) {
  Add(kHome, "phone-b1", "waba-b", "111", "inbound", 0, "Ana");
  Add(kHome, "phone-b2", "waba-b", "222", "inbound", 10);
  Add(kHome, "phone-b1", "waba-b", "333", "inbound", 20);
  auto one = MessageStore(*db_).ListThreads(std::string("phone-b1"), 100);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one.value().size(), 2u);
  EXPECT_EQ(one.value()[0].last.wa_id, "333");
  EXPECT_EQ(one.value()[1].customer_name, "Ana");
  auto limited = MessageStore(*db_).ListThreads(std::nullopt, 1);
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited.value().size(), 1u);
  EXPECT_EQ(limited.value()[0].last.wa_id, "333");
  auto none = MessageStore(*db_).ListThreads(std::string("phone-unknown"), 100);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none.value().empty());
}

TEST_F(InboxStoresTest, CustomerNameRoundTrips) {
  std::string named = Add(kHome, "phone-b1", "waba-b", "111", "inbound", 0, "Zoë");
  std::string unnamed = Add(kHome, "phone-b1", "waba-b", "111", "outbound", 1);
  auto found = MessageStore(*db_).Find(kHome, named);
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value()->customer_name, "Zoë");
  EXPECT_EQ(found.value()->statuses.size(), 1u);
  found = MessageStore(*db_).Find(kHome, unnamed);
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value()->customer_name, std::nullopt);
}

TEST_F(InboxStoresTest, NewestFirstPagesBackwards) {
  std::vector<std::string> thread;
  for (int i = 0; i < 5; ++i) {
    thread.push_back(Add(kHome, "phone-b1", "waba-b", "111", i % 2 ? "outbound" : "inbound", i));
    Add(kHome, "phone-b1", "waba-b", "999", "outbound", i);  // another thread, interleaved
  }
  MessageStore store(*db_);
  auto page = store.ListNewestFirst(std::string("phone-b1"), std::nullopt, std::string("111"),
                                    INT64_MAX, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page.value().size(), 2u);
  EXPECT_EQ(page.value()[0].second.wamid, thread[4]);
  EXPECT_EQ(page.value()[1].second.wamid, thread[3]);
  auto next = store.ListNewestFirst(std::string("phone-b1"), std::nullopt, std::string("111"),
                                    page.value()[1].second.seq, 10);
  ASSERT_TRUE(next.ok());
  std::vector<std::string> rest;
  for (const auto& [p, m] : next.value()) rest.push_back(m.wamid);
  EXPECT_EQ(rest, (std::vector<std::string>{thread[2], thread[1], thread[0]}));
  auto inbound =
      store.ListNewestFirst(std::nullopt, std::string("inbound"), std::nullopt, INT64_MAX, 10);
  ASSERT_TRUE(inbound.ok());
  EXPECT_EQ(inbound.value().size(), 3u);
  // The ascending list is unchanged: oldest first after a position.
  auto ascending = store.List(std::string("phone-b1"), std::nullopt, std::string("111"), 0, 2);
  ASSERT_TRUE(ascending.ok());
  ASSERT_EQ(ascending.value().size(), 2u);
  EXPECT_EQ(ascending.value()[0].second.wamid, thread[0]);
}

TEST_F(InboxStoresTest, ThreadQueriesWalkTheThreadIndex) {
  std::string threads = Plan(
      "SELECT phone_number_id, wa_id, COUNT(*), MAX(seq) FROM messages GROUP BY "
      "phone_number_id, wa_id");
  EXPECT_NE(threads.find("messages_by_thread"), std::string::npos) << threads;
  EXPECT_EQ(threads.find("TEMP B-TREE"), std::string::npos) << threads;
  std::string page = Plan(
      "SELECT account, region, wamid FROM messages WHERE seq < ?1 AND phone_number_id = ?3 AND "
      "wa_id = ?5 ORDER BY seq DESC LIMIT ?2");
  EXPECT_NE(page.find("messages_by_thread"), std::string::npos) << page;
  EXPECT_EQ(page.find("TEMP B-TREE"), std::string::npos) << page;
  std::string media = Plan("SELECT bytes FROM media WHERE media_id = ?");
  EXPECT_NE(media.find("media_by_id"), std::string::npos) << media;
}

TEST_F(InboxStoresTest, MediaAreFoundByIdAlone) {
  MediaRecord m;
  m.media_id = "1234567890123456";
  m.phone_number_id = "phone-c1";
  m.origin = "upload";
  m.mime_type = "image/png";
  m.sha256 = "ab";
  m.bytes = std::string("\x89PNG\0\x01", 6);
  m.file_size = 6;
  m.created_ms = kT0;
  m.expires_ms = kT0 + 1000;
  ASSERT_TRUE(MediaStore(*db_).Insert(kOther, m).ok());
  auto found = MediaStore(*db_).FindAnywhere(m.media_id);
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value()->bytes, m.bytes);
  EXPECT_EQ(found.value()->phone_number_id, "phone-c1");
  EXPECT_EQ(found.value()->expires_ms, kT0 + 1000);
  auto missing = MediaStore(*db_).FindAnywhere("999");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing.value());
}

TEST_F(InboxStoresTest, TemplatesAndPartitionsEverywhere) {
  auto add = [&](const Partition& p, const std::string& waba, const std::string& id,
                 const std::string& name) {
    TemplateRecord t;
    t.waba_id = waba;
    t.meta_template_id = id;
    t.name = name;
    t.language = "en_US";
    t.category = "UTILITY";
    t.status = "APPROVED";
    t.definition_json = "{}";
    ASSERT_TRUE(TemplateStore(*db_).Insert(p, t).ok());
  };
  add(kOther, "waba-c", "9", "other");
  add(kHome, "waba-b", "1", "second_waba");
  add(kHome, "waba-a", "2", "first_waba");
  add(kHome, "waba-a", "3", "first_waba_later");
  auto all = TemplateStore(*db_).ListEverywhere(std::nullopt);
  ASSERT_TRUE(all.ok());
  std::vector<std::string> ids;
  for (const auto& [p, t] : all.value()) ids.push_back(p.account + "/" + t.meta_template_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"000000000000/2", "000000000000/3", "000000000000/1",
                                           "111122223333/9"}));
  auto one = TemplateStore(*db_).ListEverywhere(std::string("waba-c"));
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one.value().size(), 1u);
  EXPECT_EQ(one.value()[0].first.region, kOther.region);

  auto partitions = WabaStore(*db_).Partitions();
  ASSERT_TRUE(partitions.ok());
  ASSERT_EQ(partitions.value().size(), 2u);
  EXPECT_EQ(partitions.value()[0].account, kHome.account);
  EXPECT_EQ(partitions.value()[1].region, kOther.region);
}

}  // namespace
}  // namespace socialite::storage
