// The messaging stores on ":memory:": templates (with edits and due reviews), media, messages
// (with statuses and service windows) and the event outbox — CRUD, partitioning by
// (account, region), and what disassociating a WABA removes.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/event_store.h"
#include "storage/media_store.h"
#include "storage/message_store.h"
#include "storage/phone_number_store.h"
#include "storage/statement.h"
#include "storage/template_store.h"
#include "storage/waba_store.h"

namespace socialite::storage {
namespace {

const Partition kHome{"000000000000", "us-east-1"};
const Partition kOtherRegion{"000000000000", "eu-west-1"};
const Partition kOtherAccount{"111122223333", "us-east-1"};

constexpr int64_t kT0 = 1767225600000;  // 2026-01-01T00:00:00Z

WabaRecord Waba(const std::string& id, const std::string& meta_id) {
  WabaRecord w;
  w.id = id;
  w.meta_waba_id = meta_id;
  w.name = "Business " + meta_id;
  w.registration_status = "COMPLETE";
  w.link_date_ms = kT0;
  return w;
}

PhoneNumberRecord Number(const std::string& id, const std::string& waba_id,
                         const std::string& meta_id) {
  return PhoneNumberRecord{
      id, waba_id, MetaPhoneNumber{meta_id, "+1" + meta_id, "+1 " + meta_id, "Name", "GREEN"},
      std::nullopt};
}

TemplateRecord Template(const std::string& waba_id, const std::string& meta_id,
                        const std::string& name, const std::string& language = "en_US") {
  TemplateRecord t;
  t.waba_id = waba_id;
  t.meta_template_id = meta_id;
  t.name = name;
  t.language = language;
  t.category = "UTILITY";
  t.status = "PENDING";
  t.definition_json = R"({"name":")" + name + R"("})";
  t.created_ms = t.updated_ms = kT0;
  return t;
}

MediaRecord Media(const std::string& media_id, const std::string& number_id,
                  const std::string& bytes = "PNGDATA") {
  MediaRecord m;
  m.media_id = media_id;
  m.phone_number_id = number_id;
  m.origin = "upload";
  m.mime_type = "image/png";
  m.sha256 = "abc123";
  m.file_size = static_cast<int64_t>(bytes.size());
  m.bytes = bytes;
  m.created_ms = kT0;
  m.expires_ms = kT0 + 30LL * 24 * 60 * 60 * 1000;
  return m;
}

MessageRecord Message(const std::string& wamid, const std::string& number_id,
                      const std::string& waba_id, const std::string& direction = "outbound") {
  MessageRecord m;
  m.wamid = wamid;
  m.phone_number_id = number_id;
  m.waba_id = waba_id;
  m.direction = direction;
  m.wa_id = "14155550100";
  m.type = "text";
  m.body_json = R"({"text":{"body":"hi"}})";
  m.created_ms = kT0;  // outbound: `accepted` then, implied by the row
  return m;
}

EventRecord Event(const std::string& id, const std::string& waba_id) {
  EventRecord e;
  e.id = id;
  e.partition = kHome;
  e.waba_id = waba_id;
  e.kind = "template_status";
  e.field = "message_template_status_update";
  e.envelope_json = R"({"messageId":")" + id + R"("})";
  e.created_ms = kT0;
  e.due_ms = kT0 + 5;
  return e;
}

std::vector<std::string> Ids(const std::vector<TemplateRecord>& templates) {
  std::vector<std::string> ids;
  for (const auto& t : templates) ids.push_back(t.meta_template_id);
  return ids;
}

class MessagingStoresTest : public ::testing::Test {
 protected:
  MessagingStoresTest() {
    auto opened = Database::Open(":memory:");
    if (opened.ok()) db_ = std::move(opened).value();
  }
  void SetUp() override {
    ASSERT_NE(db_, nullptr);
    // One WABA with one number in the home partition, and a same-named pair elsewhere.
    ASSERT_TRUE(WabaStore(*db_).Insert(kHome, Waba("waba-1", "100")).ok());
    ASSERT_TRUE(PhoneNumberStore(*db_).Insert(kHome, Number("phone-1", "waba-1", "500")).ok());
    ASSERT_TRUE(WabaStore(*db_).Insert(kOtherRegion, Waba("waba-1", "100")).ok());
    ASSERT_TRUE(
        PhoneNumberStore(*db_).Insert(kOtherRegion, Number("phone-1", "waba-1", "500")).ok());
  }

  int64_t CountRows(const std::string& table) {
    Statement st(*db_, "SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(st.Step());
    return st.Int(0);
  }

  Database& db() { return *db_; }
  TemplateStore templates() { return TemplateStore(*db_); }
  MediaStore media() { return MediaStore(*db_); }
  MessageStore messages() { return MessageStore(*db_); }
  EventStore events() { return EventStore(*db_); }

  std::unique_ptr<Database> db_;
};

// --- TemplateStore -----------------------------------------------------------------------------

TEST_F(MessagingStoresTest, TemplateInsertAndFindByIdReadsEveryField) {
  TemplateRecord t = Template("waba-1", "1001", "order_update");
  t.status = "REJECTED";
  t.rejected_reason = "PROMOTIONAL";
  t.quality_score = "GREEN";
  t.cta_url_link_tracking_opted_out = true;
  t.library_template_name = "order_confirmation_1";
  t.updated_ms = kT0 + 7;
  t.review_due_ms = kT0 + 60000;
  ASSERT_TRUE(templates().Insert(kHome, t).ok());
  auto found = templates().FindById(kHome, "waba-1", "1001");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found.value().has_value());
  const TemplateRecord& got = *found.value();
  EXPECT_EQ(got.waba_id, "waba-1");
  EXPECT_EQ(got.meta_template_id, "1001");
  EXPECT_EQ(got.name, "order_update");
  EXPECT_EQ(got.language, "en_US");
  EXPECT_EQ(got.category, "UTILITY");
  EXPECT_EQ(got.status, "REJECTED");
  EXPECT_EQ(got.rejected_reason, "PROMOTIONAL");
  EXPECT_EQ(got.quality_score, "GREEN");
  EXPECT_EQ(got.definition_json, R"({"name":"order_update"})");
  EXPECT_TRUE(got.cta_url_link_tracking_opted_out);
  EXPECT_EQ(got.library_template_name, "order_confirmation_1");
  EXPECT_EQ(got.created_ms, kT0);
  EXPECT_EQ(got.updated_ms, kT0 + 7);
  EXPECT_EQ(got.review_due_ms, kT0 + 60000);
  EXPECT_GT(got.seq, 0);
}

TEST_F(MessagingStoresTest, TemplateOptionalFieldsReadBackEmpty) {
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "plain")).ok());
  const TemplateRecord got = *templates().FindById(kHome, "waba-1", "1001").value();
  EXPECT_FALSE(got.rejected_reason.has_value());
  EXPECT_FALSE(got.library_template_name.has_value());
  EXPECT_FALSE(got.review_due_ms.has_value());
  EXPECT_FALSE(got.cta_url_link_tracking_opted_out);
  EXPECT_EQ(got.quality_score, "UNKNOWN");
}

TEST_F(MessagingStoresTest, TemplateFindMissingIsEmptyNotAnError) {
  auto found = templates().FindById(kHome, "waba-1", "999");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found.value().has_value());
}

TEST_F(MessagingStoresTest, TemplateFindByIdNeedsTheRightWaba) {
  ASSERT_TRUE(WabaStore(db()).Insert(kHome, Waba("waba-2", "200")).ok());
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "order_update")).ok());
  EXPECT_FALSE(templates().FindById(kHome, "waba-2", "1001").value().has_value());
}

TEST_F(MessagingStoresTest, TemplateFindByNameNeedsTheLanguage) {
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "order_update", "en_US")).ok());
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1002", "order_update", "es")).ok());
  EXPECT_EQ(templates().FindByName(kHome, "waba-1", "order_update", "es").value()->meta_template_id,
            "1002");
  EXPECT_FALSE(templates().FindByName(kHome, "waba-1", "order_update", "fr").value().has_value());
}

TEST_F(MessagingStoresTest, TemplateDuplicateNameAndLanguageIsAlreadyExists) {
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "order_update")).ok());
  EXPECT_EQ(templates().Insert(kHome, Template("waba-1", "1002", "order_update")).code(),
            StoreCode::kAlreadyExists);
}

TEST_F(MessagingStoresTest, TemplateDuplicateMetaIdIsAlreadyExists) {
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "a")).ok());
  EXPECT_EQ(templates().Insert(kHome, Template("waba-1", "1001", "b")).code(),
            StoreCode::kAlreadyExists);
}

TEST_F(MessagingStoresTest, TemplateSameNameInAnotherWabaIsAllowed) {
  ASSERT_TRUE(WabaStore(db()).Insert(kHome, Waba("waba-2", "200")).ok());
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "order_update")).ok());
  EXPECT_TRUE(templates().Insert(kHome, Template("waba-2", "1002", "order_update")).ok());
}

TEST_F(MessagingStoresTest, TemplateNeedsItsWabaInTheSamePartition) {
  EXPECT_FALSE(templates().Insert(kOtherAccount, Template("waba-1", "1001", "a")).ok());
}

TEST_F(MessagingStoresTest, TemplateIsInvisibleFromAnotherPartition) {
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "order_update")).ok());
  EXPECT_FALSE(templates().FindById(kOtherRegion, "waba-1", "1001").value().has_value());
  EXPECT_FALSE(
      templates().FindByName(kOtherRegion, "waba-1", "order_update", "en_US").value().has_value());
  EXPECT_EQ(templates().Count(kOtherRegion, "waba-1").value(), 0);
  EXPECT_EQ(templates().Count(kHome, "waba-1").value(), 1);
}

TEST_F(MessagingStoresTest, TemplateSameNameInTwoPartitionsIsIndependent) {
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "order_update")).ok());
  ASSERT_TRUE(templates().Insert(kOtherRegion, Template("waba-1", "2001", "order_update")).ok());
  EXPECT_EQ(templates()
                .FindByName(kOtherRegion, "waba-1", "order_update", "en_US")
                .value()
                ->meta_template_id,
            "2001");
}

TEST_F(MessagingStoresTest, TemplateUpdateRewritesMutableColumns) {
  TemplateRecord t = Template("waba-1", "1001", "order_update");
  t.review_due_ms = kT0 + 1000;
  ASSERT_TRUE(templates().Insert(kHome, t).ok());
  t.category = "MARKETING";
  t.status = "REJECTED";
  t.rejected_reason = "PROMOTIONAL";
  t.quality_score = "YELLOW";
  t.definition_json = "{}";
  t.cta_url_link_tracking_opted_out = true;
  t.updated_ms = kT0 + 99;
  t.review_due_ms.reset();
  ASSERT_TRUE(templates().Update(kHome, t).ok());
  const TemplateRecord got = *templates().FindById(kHome, "waba-1", "1001").value();
  EXPECT_EQ(got.category, "MARKETING");
  EXPECT_EQ(got.status, "REJECTED");
  EXPECT_EQ(got.rejected_reason, "PROMOTIONAL");
  EXPECT_EQ(got.quality_score, "YELLOW");
  EXPECT_EQ(got.definition_json, "{}");
  EXPECT_TRUE(got.cta_url_link_tracking_opted_out);
  EXPECT_EQ(got.updated_ms, kT0 + 99);
  EXPECT_FALSE(got.review_due_ms.has_value());
  EXPECT_EQ(got.created_ms, kT0);
}

TEST_F(MessagingStoresTest, TemplateUpdateKeepsNameAndLanguage) {
  TemplateRecord t = Template("waba-1", "1001", "order_update");
  ASSERT_TRUE(templates().Insert(kHome, t).ok());
  t.name = "renamed";
  t.language = "fr";
  ASSERT_TRUE(templates().Update(kHome, t).ok());
  const TemplateRecord got = *templates().FindById(kHome, "waba-1", "1001").value();
  EXPECT_EQ(got.name, "order_update");
  EXPECT_EQ(got.language, "en_US");
}

TEST_F(MessagingStoresTest, TemplateUpdateFromAnotherPartitionChangesNothing) {
  TemplateRecord t = Template("waba-1", "1001", "order_update");
  ASSERT_TRUE(templates().Insert(kHome, t).ok());
  t.status = "APPROVED";
  ASSERT_TRUE(templates().Update(kOtherRegion, t).ok());
  EXPECT_EQ(templates().FindById(kHome, "waba-1", "1001").value()->status, "PENDING");
}

TEST_F(MessagingStoresTest, TemplateFindAnywhereReturnsItsPartition) {
  ASSERT_TRUE(templates().Insert(kOtherRegion, Template("waba-1", "2001", "order_update")).ok());
  auto found = templates().FindAnywhere("2001");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found.value().has_value());
  EXPECT_EQ(found.value()->first.account, "000000000000");
  EXPECT_EQ(found.value()->first.region, "eu-west-1");
  EXPECT_EQ(found.value()->second.name, "order_update");
  EXPECT_FALSE(templates().FindAnywhere("404").value().has_value());
}

TEST_F(MessagingStoresTest, TemplateListByNameHasEveryLanguageInInsertionOrder) {
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "order_update", "fr")).ok());
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1002", "other", "en_US")).ok());
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1003", "order_update", "de")).ok());
  ASSERT_TRUE(
      templates().Insert(kOtherRegion, Template("waba-1", "2001", "order_update", "es")).ok());
  EXPECT_EQ(Ids(templates().ListByName(kHome, "waba-1", "order_update").value()),
            (std::vector<std::string>{"1001", "1003"}));
}

TEST_F(MessagingStoresTest, TemplateListAfterPagesBySeq) {
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(
        templates()
            .Insert(kHome, Template("waba-1", std::to_string(1000 + i), "t" + std::to_string(i)))
            .ok());
  }
  auto first = templates().ListAfter(kHome, "waba-1", 0, 2).value();
  EXPECT_EQ(Ids(first), (std::vector<std::string>{"1001", "1002"}));
  auto second = templates().ListAfter(kHome, "waba-1", first.back().seq, 2).value();
  EXPECT_EQ(Ids(second), (std::vector<std::string>{"1003", "1004"}));
  auto last = templates().ListAfter(kHome, "waba-1", second.back().seq, 2).value();
  EXPECT_EQ(Ids(last), (std::vector<std::string>{"1005"}));
}

TEST_F(MessagingStoresTest, TemplateCountIsPerWaba) {
  ASSERT_TRUE(WabaStore(db()).Insert(kHome, Waba("waba-2", "200")).ok());
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "a")).ok());
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1002", "b")).ok());
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-2", "1003", "a")).ok());
  EXPECT_EQ(templates().Count(kHome, "waba-1").value(), 2);
  EXPECT_EQ(templates().Count(kHome, "waba-2").value(), 1);
}

TEST_F(MessagingStoresTest, TemplateDeleteRemovesItAndItsEdits) {
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "a")).ok());
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1002", "b")).ok());
  ASSERT_TRUE(templates().RecordEdit("1001", kT0).ok());
  ASSERT_TRUE(templates().RecordEdit("1002", kT0).ok());
  ASSERT_TRUE(templates().Delete("1001").ok());
  EXPECT_FALSE(templates().FindById(kHome, "waba-1", "1001").value().has_value());
  EXPECT_EQ(templates().CountEditsSince("1001", 0).value(), 0);
  EXPECT_EQ(templates().CountEditsSince("1002", 0).value(), 1);
}

TEST_F(MessagingStoresTest, TemplateDeleteOfMissingIdIsOk) {
  EXPECT_TRUE(templates().Delete("404").ok());
}

TEST_F(MessagingStoresTest, TemplateDueForReviewIsOrderedByDueTimeAcrossPartitions) {
  TemplateRecord late = Template("waba-1", "1001", "late");
  late.review_due_ms = kT0 + 300;
  TemplateRecord early = Template("waba-1", "2001", "early");
  early.review_due_ms = kT0 + 100;
  TemplateRecord future = Template("waba-1", "1002", "future");
  future.review_due_ms = kT0 + 10000;
  TemplateRecord manual = Template("waba-1", "1003", "manual");
  ASSERT_TRUE(templates().Insert(kHome, late).ok());
  ASSERT_TRUE(templates().Insert(kOtherRegion, early).ok());
  ASSERT_TRUE(templates().Insert(kHome, future).ok());
  ASSERT_TRUE(templates().Insert(kHome, manual).ok());
  auto due = templates().DueForReview(kT0 + 300).value();
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].second.meta_template_id, "2001");
  EXPECT_EQ(due[0].first.region, "eu-west-1");
  EXPECT_EQ(due[1].second.meta_template_id, "1001");
  EXPECT_EQ(due[1].first.region, "us-east-1");
}

TEST_F(MessagingStoresTest, TemplateDueForReviewIsEmptyBeforeTheDueTime) {
  TemplateRecord t = Template("waba-1", "1001", "a");
  t.review_due_ms = kT0 + 100;
  ASSERT_TRUE(templates().Insert(kHome, t).ok());
  EXPECT_TRUE(templates().DueForReview(kT0 + 99).value().empty());
  EXPECT_EQ(templates().DueForReview(kT0 + 100).value().size(), 1u);
}

TEST_F(MessagingStoresTest, TemplateEditsAreCountedStrictlyAfterTheGivenTime) {
  ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "a")).ok());
  ASSERT_TRUE(templates().RecordEdit("1001", kT0 + 10).ok());
  ASSERT_TRUE(templates().RecordEdit("1001", kT0 + 20).ok());
  EXPECT_EQ(templates().CountEditsSince("1001", kT0).value(), 2);
  EXPECT_EQ(templates().CountEditsSince("1001", kT0 + 10).value(), 1);
  EXPECT_EQ(templates().CountEditsSince("1001", kT0 + 20).value(), 0);
}

TEST_F(MessagingStoresTest, TemplateEditOfUnknownTemplateFails) {
  EXPECT_FALSE(templates().RecordEdit("404", kT0).ok());
}

// --- MediaStore --------------------------------------------------------------------------------

TEST_F(MessagingStoresTest, MediaInsertAndFindReadsEveryField) {
  ASSERT_TRUE(media().Insert(kHome, Media("3001", "phone-1")).ok());
  auto found = media().Find(kHome, "3001");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found.value().has_value());
  const MediaRecord& got = *found.value();
  EXPECT_EQ(got.media_id, "3001");
  EXPECT_EQ(got.phone_number_id, "phone-1");
  EXPECT_EQ(got.origin, "upload");
  EXPECT_EQ(got.mime_type, "image/png");
  EXPECT_EQ(got.sha256, "abc123");
  EXPECT_EQ(got.file_size, 7);
  EXPECT_EQ(got.bytes, "PNGDATA");
  EXPECT_EQ(got.created_ms, kT0);
  EXPECT_EQ(got.expires_ms, kT0 + 2592000000);
}

TEST_F(MessagingStoresTest, MediaBytesRoundTripBinary) {
  std::string bytes("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe\0", 20);
  ASSERT_EQ(bytes.size(), 20u);
  ASSERT_TRUE(media().Insert(kHome, Media("3001", "phone-1", bytes)).ok());
  EXPECT_EQ(media().Find(kHome, "3001").value()->bytes, bytes);
}

TEST_F(MessagingStoresTest, MediaFindMissingIsEmpty) {
  auto found = media().Find(kHome, "404");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found.value().has_value());
}

TEST_F(MessagingStoresTest, MediaIsInvisibleFromAnotherPartition) {
  ASSERT_TRUE(media().Insert(kHome, Media("3001", "phone-1")).ok());
  EXPECT_FALSE(media().Find(kOtherRegion, "3001").value().has_value());
}

TEST_F(MessagingStoresTest, MediaSameIdInTwoPartitionsIsIndependent) {
  ASSERT_TRUE(media().Insert(kHome, Media("3001", "phone-1", "home")).ok());
  ASSERT_TRUE(media().Insert(kOtherRegion, Media("3001", "phone-1", "away")).ok());
  EXPECT_EQ(media().Find(kOtherRegion, "3001").value()->bytes, "away");
  ASSERT_TRUE(media().Delete(kOtherRegion, "3001").ok());
  EXPECT_FALSE(media().Find(kOtherRegion, "3001").value().has_value());
  EXPECT_EQ(media().Find(kHome, "3001").value()->bytes, "home");
}

TEST_F(MessagingStoresTest, MediaDuplicateIdIsAlreadyExists) {
  ASSERT_TRUE(media().Insert(kHome, Media("3001", "phone-1")).ok());
  EXPECT_EQ(media().Insert(kHome, Media("3001", "phone-1")).code(), StoreCode::kAlreadyExists);
}

TEST_F(MessagingStoresTest, MediaNeedsItsPhoneNumber) {
  EXPECT_FALSE(media().Insert(kHome, Media("3001", "phone-404")).ok());
}

TEST_F(MessagingStoresTest, MediaDeleteRemovesIt) {
  ASSERT_TRUE(media().Insert(kHome, Media("3001", "phone-1")).ok());
  ASSERT_TRUE(media().Delete(kHome, "3001").ok());
  EXPECT_FALSE(media().Find(kHome, "3001").value().has_value());
}

// --- MessageStore ------------------------------------------------------------------------------

TEST_F(MessagingStoresTest, MessageInsertAndFindReadsEveryField) {
  MessageRecord m = Message("wamid.A", "phone-1", "waba-1");
  m.type = "template";
  m.template_name = "order_update";
  m.template_language = "en_US";
  m.biz_opaque_callback_data = "cb";
  m.reply_to = "wamid.Z";
  m.outcome_code = 131047;
  m.outcome_details = "window closed";
  m.statuses.push_back({"failed", kT0 + 5, 131047});
  ASSERT_TRUE(messages().Insert(kHome, m).ok());
  auto found = messages().Find(kHome, "wamid.A");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found.value().has_value());
  const MessageRecord& got = *found.value();
  EXPECT_EQ(got.wamid, "wamid.A");
  EXPECT_EQ(got.phone_number_id, "phone-1");
  EXPECT_EQ(got.waba_id, "waba-1");
  EXPECT_EQ(got.direction, "outbound");
  EXPECT_EQ(got.wa_id, "14155550100");
  EXPECT_EQ(got.type, "template");
  EXPECT_EQ(got.template_name, "order_update");
  EXPECT_EQ(got.template_language, "en_US");
  EXPECT_EQ(got.body_json, R"({"text":{"body":"hi"}})");
  EXPECT_EQ(got.biz_opaque_callback_data, "cb");
  EXPECT_EQ(got.reply_to, "wamid.Z");
  EXPECT_EQ(got.outcome_code, 131047);
  EXPECT_EQ(got.outcome_details, "window closed");
  EXPECT_EQ(got.created_ms, kT0);
  EXPECT_FALSE(got.read_ms.has_value());
  EXPECT_GT(got.seq, 0);
  ASSERT_EQ(got.statuses.size(), 2u);
  EXPECT_EQ(got.statuses[0].status, "accepted");  // not stored: the row implies it
  EXPECT_EQ(got.statuses[0].at_ms, kT0);
  EXPECT_FALSE(got.statuses[0].error_code.has_value());
  EXPECT_EQ(got.statuses[1].status, "failed");
  EXPECT_EQ(got.statuses[1].at_ms, kT0 + 5);
  EXPECT_EQ(got.statuses[1].error_code, 131047);
}

TEST_F(MessagingStoresTest, MessageWithoutOutcomeReadsBackEmpty) {
  ASSERT_TRUE(messages().Insert(kHome, Message("wamid.A", "phone-1", "waba-1")).ok());
  const MessageRecord got = *messages().Find(kHome, "wamid.A").value();
  EXPECT_FALSE(got.outcome_code.has_value());
  EXPECT_FALSE(got.outcome_details.has_value());
  EXPECT_FALSE(got.template_name.has_value());
  EXPECT_FALSE(got.reply_to.has_value());
}

TEST_F(MessagingStoresTest, MessageAddStatusAppendsInOrder) {
  ASSERT_TRUE(messages().Insert(kHome, Message("wamid.A", "phone-1", "waba-1")).ok());
  ASSERT_TRUE(messages().AddStatus("wamid.A", {"sent", kT0 + 1, std::nullopt}).ok());
  ASSERT_TRUE(messages().AddStatus("wamid.A", {"delivered", kT0 + 2, std::nullopt}).ok());
  const MessageRecord got = *messages().Find(kHome, "wamid.A").value();
  ASSERT_EQ(got.statuses.size(), 3u);
  EXPECT_EQ(got.statuses[1].status, "sent");
  EXPECT_EQ(got.statuses[2].status, "delivered");
  EXPECT_EQ(got.statuses[2].at_ms, kT0 + 2);
}

TEST_F(MessagingStoresTest, MessageStatusOfUnknownMessageFails) {
  EXPECT_FALSE(messages().AddStatus("wamid.404", {"sent", kT0, std::nullopt}).ok());
}

TEST_F(MessagingStoresTest, MessageMarkReadKeepsTheFirstReadTime) {
  ASSERT_TRUE(messages().Insert(kHome, Message("wamid.A", "phone-1", "waba-1", "inbound")).ok());
  ASSERT_TRUE(messages().MarkRead("wamid.A", kT0 + 10).ok());
  ASSERT_TRUE(messages().MarkRead("wamid.A", kT0 + 20).ok());
  EXPECT_EQ(messages().Find(kHome, "wamid.A").value()->read_ms, kT0 + 10);
}

TEST_F(MessagingStoresTest, MessageIsInvisibleFromAnotherPartition) {
  ASSERT_TRUE(messages().Insert(kHome, Message("wamid.A", "phone-1", "waba-1")).ok());
  EXPECT_FALSE(messages().Find(kOtherRegion, "wamid.A").value().has_value());
  EXPECT_TRUE(messages().Find(kHome, "wamid.A").value().has_value());
}

TEST_F(MessagingStoresTest, MessageDuplicateWamidIsAlreadyExists) {
  ASSERT_TRUE(messages().Insert(kHome, Message("wamid.A", "phone-1", "waba-1")).ok());
  EXPECT_EQ(messages().Insert(kOtherRegion, Message("wamid.A", "phone-1", "waba-1")).code(),
            StoreCode::kAlreadyExists);
}

TEST_F(MessagingStoresTest, MessageNeedsItsPhoneNumber) {
  EXPECT_FALSE(messages().Insert(kHome, Message("wamid.A", "phone-404", "waba-1")).ok());
}

TEST_F(MessagingStoresTest, ServiceWindowIsEmptyUntilTouched) {
  auto last = messages().LastInbound(kHome, "phone-1", "14155550100");
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(last.value().has_value());
}

TEST_F(MessagingStoresTest, ServiceWindowKeepsTheLatestInbound) {
  ASSERT_TRUE(messages().TouchWindow(kHome, "phone-1", "14155550100", kT0 + 100).ok());
  EXPECT_EQ(messages().LastInbound(kHome, "phone-1", "14155550100").value(), kT0 + 100);
  ASSERT_TRUE(messages().TouchWindow(kHome, "phone-1", "14155550100", kT0 + 200).ok());
  EXPECT_EQ(messages().LastInbound(kHome, "phone-1", "14155550100").value(), kT0 + 200);
  // An older message arriving late does not move the window back.
  ASSERT_TRUE(messages().TouchWindow(kHome, "phone-1", "14155550100", kT0 + 150).ok());
  EXPECT_EQ(messages().LastInbound(kHome, "phone-1", "14155550100").value(), kT0 + 200);
}

TEST_F(MessagingStoresTest, ServiceWindowIsPerCustomerNumberAndPartition) {
  ASSERT_TRUE(messages().TouchWindow(kHome, "phone-1", "14155550100", kT0).ok());
  EXPECT_FALSE(messages().LastInbound(kHome, "phone-1", "14155550199").value().has_value());
  EXPECT_FALSE(messages().LastInbound(kHome, "phone-2", "14155550100").value().has_value());
  EXPECT_FALSE(messages().LastInbound(kOtherRegion, "phone-1", "14155550100").value().has_value());
}

// --- EventStore --------------------------------------------------------------------------------

TEST_F(MessagingStoresTest, EventAppendStoresEveryColumn) {
  EventRecord e = Event("ev-1", "waba-1");
  e.phone_number_id = "phone-1";
  e.wamid = "wamid.A";
  e.status = "failed";
  e.error_code = 131047;
  e.destination_arn = "arn:aws:sns:us-east-1:000000000000:events";
  ASSERT_TRUE(events().Append(e).ok());
  Statement row(db(),
                "SELECT id, account, region, waba_id, phone_number_id, wamid, kind, field, "
                "status, error_code, envelope_json, destination_arn, created_ms, due_ms, "
                "delivery_state, attempts, next_attempt_ms, last_error, finished_ms, seq "
                "FROM events JOIN event_envelopes ON event_seq = seq");
  ASSERT_TRUE(row.Step());
  EXPECT_EQ(row.Text(0), "ev-1");
  EXPECT_EQ(row.Text(1), "000000000000");
  EXPECT_EQ(row.Text(2), "us-east-1");
  EXPECT_EQ(row.Text(3), "waba-1");
  EXPECT_EQ(row.OptionalText(4), "phone-1");
  EXPECT_EQ(row.OptionalText(5), "wamid.A");
  EXPECT_EQ(row.Text(6), "template_status");
  EXPECT_EQ(row.Text(7), "message_template_status_update");
  EXPECT_EQ(row.OptionalText(8), "failed");
  EXPECT_EQ(row.Int(9), 131047);
  EXPECT_EQ(row.Text(10), R"({"messageId":"ev-1"})");
  EXPECT_EQ(row.OptionalText(11), "arn:aws:sns:us-east-1:000000000000:events");
  EXPECT_EQ(row.Int(12), kT0);
  EXPECT_EQ(row.Int(13), kT0 + 5);
  EXPECT_EQ(row.Text(14), "pending");
  EXPECT_EQ(row.Int(15), 0);
  EXPECT_TRUE(row.IsNull(16));
  EXPECT_TRUE(row.IsNull(17));
  EXPECT_TRUE(row.IsNull(18));
  EXPECT_GT(row.Int(19), 0);
  EXPECT_FALSE(row.Step());
}

TEST_F(MessagingStoresTest, EventWithoutOptionalFieldsStoresNulls) {
  ASSERT_TRUE(events().Append(Event("ev-1", "waba-1")).ok());
  Statement row(db(),
                "SELECT phone_number_id, wamid, status, error_code, destination_arn "
                "FROM events");
  ASSERT_TRUE(row.Step());
  for (int column = 0; column < 5; ++column) EXPECT_TRUE(row.IsNull(column)) << column;
}

TEST_F(MessagingStoresTest, EventDuplicateIdIsAlreadyExists) {
  ASSERT_TRUE(events().Append(Event("ev-1", "waba-1")).ok());
  EXPECT_EQ(events().Append(Event("ev-1", "waba-1")).code(), StoreCode::kAlreadyExists);
}

TEST_F(MessagingStoresTest, EventsAreKeptInAppendOrder) {
  ASSERT_TRUE(events().Append(Event("ev-b", "waba-1")).ok());
  ASSERT_TRUE(events().Append(Event("ev-a", "waba-1")).ok());
  Statement rows(db(), "SELECT id FROM events ORDER BY seq");
  std::vector<std::string> ids;
  while (rows.Step()) ids.push_back(rows.Text(0));
  EXPECT_EQ(ids, (std::vector<std::string>{"ev-b", "ev-a"}));
}

// --- Disassociating a WABA ---------------------------------------------------------------------

class WabaDeleteCascadeTest : public MessagingStoresTest {
 protected:
  void SetUp() override {
    MessagingStoresTest::SetUp();
    ASSERT_TRUE(templates().Insert(kHome, Template("waba-1", "1001", "order_update")).ok());
    ASSERT_TRUE(templates().RecordEdit("1001", kT0).ok());
    ASSERT_TRUE(media().Insert(kHome, Media("3001", "phone-1")).ok());
    ASSERT_TRUE(messages().Insert(kHome, Message("wamid.A", "phone-1", "waba-1")).ok());
    ASSERT_TRUE(messages().AddStatus("wamid.A", {"sent", kT0, std::nullopt}).ok());
    ASSERT_TRUE(messages().TouchWindow(kHome, "phone-1", "14155550100", kT0).ok());
    ASSERT_TRUE(events().Append(Event("ev-1", "waba-1")).ok());
    // The same ids in another region must survive.
    ASSERT_TRUE(templates().Insert(kOtherRegion, Template("waba-1", "2001", "order_update")).ok());
    ASSERT_TRUE(media().Insert(kOtherRegion, Media("3001", "phone-1")).ok());
    ASSERT_TRUE(messages().Insert(kOtherRegion, Message("wamid.B", "phone-1", "waba-1")).ok());
    ASSERT_TRUE(messages().AddStatus("wamid.B", {"sent", kT0, std::nullopt}).ok());

    ASSERT_TRUE(WabaStore(db()).Delete(kHome, "waba-1").ok());
  }
};

TEST_F(WabaDeleteCascadeTest, TemplatesAndTheirEditsAreGone) {
  EXPECT_FALSE(templates().FindById(kHome, "waba-1", "1001").value().has_value());
  EXPECT_EQ(templates().CountEditsSince("1001", 0).value(), 0);
  EXPECT_TRUE(templates().FindById(kOtherRegion, "waba-1", "2001").value().has_value());
}

TEST_F(WabaDeleteCascadeTest, MediaAreGone) {
  EXPECT_FALSE(media().Find(kHome, "3001").value().has_value());
  EXPECT_TRUE(media().Find(kOtherRegion, "3001").value().has_value());
}

TEST_F(WabaDeleteCascadeTest, MessagesAndTheirStatusesAreGone) {
  EXPECT_FALSE(messages().Find(kHome, "wamid.A").value().has_value());
  EXPECT_TRUE(messages().Find(kOtherRegion, "wamid.B").value().has_value());
  EXPECT_EQ(CountRows("messages"), 1);
  EXPECT_EQ(CountRows("message_statuses"), 1);
}

// Events already written are still delivered after the WABA is gone.
TEST_F(WabaDeleteCascadeTest, EventsStay) { EXPECT_EQ(CountRows("events"), 1); }

}  // namespace
}  // namespace socialite::storage
