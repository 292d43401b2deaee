// The stores on ":memory:": CRUD, partitioning by (account, region), cascades.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/meta_directory_store.h"
#include "storage/phone_number_store.h"
#include "storage/signup_store.h"
#include "storage/statement.h"
#include "storage/tag_store.h"
#include "storage/waba_store.h"

namespace socialite::storage {
namespace {

const Partition kHome{"000000000000", "us-east-1"};
const Partition kOtherRegion{"000000000000", "eu-west-1"};
const Partition kOtherAccount{"111122223333", "us-east-1"};

MetaPhoneNumber MetaNumber(const std::string& meta_id, const std::string& phone) {
  return MetaPhoneNumber{meta_id, phone, "display " + phone, "Name " + meta_id, "GREEN"};
}

WabaRecord Waba(const std::string& id, const std::string& meta_id) {
  WabaRecord w;
  w.id = id;
  w.meta_waba_id = meta_id;
  w.name = "Business " + meta_id;
  w.registration_status = "COMPLETE";
  w.link_date_ms = 1767225600000;
  return w;
}

PhoneNumberRecord Number(const std::string& id, const std::string& waba_id,
                         const std::string& meta_id) {
  return PhoneNumberRecord{id, waba_id, MetaNumber(meta_id, "+1" + meta_id), std::nullopt};
}

std::vector<std::string> Keys(const std::vector<TagRecord>& tags) {
  std::vector<std::string> keys;
  for (const auto& t : tags) keys.push_back(t.key + "=" + t.value);
  return keys;
}

int64_t CountRows(Database& db, const std::string& table) {
  Statement st(db, "SELECT COUNT(*) FROM " + table);
  EXPECT_TRUE(st.Step());
  return st.Int(0);
}

class StoresTest : public ::testing::Test {
 protected:
  StoresTest() {
    auto opened = Database::Open(":memory:");
    if (opened.ok()) db_ = std::move(opened).value();
  }
  void SetUp() override { ASSERT_NE(db_, nullptr); }

  Database& db() { return *db_; }
  WabaStore wabas() { return WabaStore(*db_); }
  PhoneNumberStore numbers() { return PhoneNumberStore(*db_); }
  TagStore tags() { return TagStore(*db_); }

  std::unique_ptr<Database> db_;
};

// --- WabaStore ---------------------------------------------------------------------------------

TEST_F(StoresTest, WabaInsertAndFind) {
  WabaRecord w = Waba("waba-1", "100");
  w.enable_receiving = false;
  ASSERT_TRUE(wabas().Insert(kHome, w).ok());
  auto found = wabas().Find(kHome, "waba-1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found.value().has_value());
  const WabaRecord& got = *found.value();
  EXPECT_EQ(got.id, "waba-1");
  EXPECT_EQ(got.meta_waba_id, "100");
  EXPECT_EQ(got.name, "Business 100");
  EXPECT_EQ(got.registration_status, "COMPLETE");
  EXPECT_EQ(got.link_date_ms, 1767225600000);
  EXPECT_TRUE(got.enable_sending);
  EXPECT_FALSE(got.enable_receiving);
  EXPECT_GT(got.seq, 0);
  EXPECT_TRUE(got.event_destinations.empty());
}

TEST_F(StoresTest, WabaFindMissingIsEmptyNotAnError) {
  auto found = wabas().Find(kHome, "waba-none");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found.value().has_value());
}

TEST_F(StoresTest, WabaFindByMetaId) {
  ASSERT_TRUE(wabas().Insert(kHome, Waba("waba-1", "100")).ok());
  auto found = wabas().FindByMetaId(kHome, "100");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found.value().has_value());
  EXPECT_EQ(found.value()->id, "waba-1");
  EXPECT_FALSE(wabas().FindByMetaId(kHome, "999").value().has_value());
}

TEST_F(StoresTest, WabaDuplicateIdOrMetaIdIsAlreadyExists) {
  ASSERT_TRUE(wabas().Insert(kHome, Waba("waba-1", "100")).ok());
  EXPECT_EQ(wabas().Insert(kHome, Waba("waba-1", "200")).code(), StoreCode::kAlreadyExists);
  EXPECT_EQ(wabas().Insert(kHome, Waba("waba-2", "100")).code(), StoreCode::kAlreadyExists);
}

TEST_F(StoresTest, WabaSameIdInTwoPartitionsIsIndependent) {
  WabaRecord home = Waba("waba-1", "100");
  WabaRecord away = Waba("waba-1", "100");
  away.name = "Away";
  ASSERT_TRUE(wabas().Insert(kHome, home).ok());
  ASSERT_TRUE(wabas().Insert(kOtherRegion, away).ok());
  ASSERT_TRUE(wabas().Insert(kOtherAccount, Waba("waba-1", "100")).ok());
  EXPECT_EQ(wabas().Find(kHome, "waba-1").value()->name, "Business 100");
  EXPECT_EQ(wabas().Find(kOtherRegion, "waba-1").value()->name, "Away");
  ASSERT_TRUE(wabas().Delete(kOtherRegion, "waba-1").ok());
  EXPECT_TRUE(wabas().Find(kHome, "waba-1").value().has_value());
  EXPECT_TRUE(wabas().Find(kOtherAccount, "waba-1").value().has_value());
  EXPECT_FALSE(wabas().Find(kOtherRegion, "waba-1").value().has_value());
}

TEST_F(StoresTest, WabaListAfterPagesInInsertionOrderWithinAPartition) {
  for (const char* id : {"waba-c", "waba-a", "waba-b"}) {
    ASSERT_TRUE(wabas().Insert(kHome, Waba(id, std::string("m") + id)).ok());
  }
  ASSERT_TRUE(wabas().Insert(kOtherRegion, Waba("waba-x", "mx")).ok());
  auto first = wabas().ListAfter(kHome, 0, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first.value().size(), 2u);
  EXPECT_EQ(first.value()[0].id, "waba-c");
  EXPECT_EQ(first.value()[1].id, "waba-a");
  auto rest = wabas().ListAfter(kHome, first.value()[1].seq, 2);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest.value().size(), 1u);
  EXPECT_EQ(rest.value()[0].id, "waba-b");
  EXPECT_EQ(wabas().ListAfter(kOtherRegion, 0, 10).value().size(), 1u);
  EXPECT_TRUE(wabas().ListAfter(kOtherAccount, 0, 10).value().empty());
}

TEST_F(StoresTest, WabaEventDestinationsAreStoredInOrderAndReplaced) {
  WabaRecord w = Waba("waba-1", "100");
  w.event_destinations = {{"arn:aws:sns:us-east-1:1:a", std::nullopt},
                          {"arn:aws:sns:us-east-1:1:b", "arn:aws:iam::000000000000:role/r"}};
  ASSERT_TRUE(wabas().Insert(kHome, w).ok());
  auto found = wabas().Find(kHome, "waba-1").value();
  ASSERT_EQ(found->event_destinations.size(), 2u);
  EXPECT_EQ(found->event_destinations[0].event_destination_arn, "arn:aws:sns:us-east-1:1:a");
  EXPECT_EQ(found->event_destinations[0].role_arn, std::nullopt);
  EXPECT_EQ(found->event_destinations[1].role_arn, "arn:aws:iam::000000000000:role/r");

  ASSERT_TRUE(wabas()
                  .ReplaceEventDestinations(kHome, "waba-1", {{"arn:aws:sns:x:1:c", std::nullopt}})
                  .ok());
  found = wabas().Find(kHome, "waba-1").value();
  ASSERT_EQ(found->event_destinations.size(), 1u);
  EXPECT_EQ(found->event_destinations[0].event_destination_arn, "arn:aws:sns:x:1:c");

  ASSERT_TRUE(wabas().ReplaceEventDestinations(kHome, "waba-1", {}).ok());
  EXPECT_TRUE(wabas().Find(kHome, "waba-1").value()->event_destinations.empty());
}

TEST_F(StoresTest, WabaDeleteRemovesNumbersDestinationsAndTags) {
  WabaRecord w = Waba("waba-1", "100");
  w.event_destinations = {{"arn:aws:sns:us-east-1:1:a", std::nullopt}};
  ASSERT_TRUE(wabas().Insert(kHome, w).ok());
  ASSERT_TRUE(numbers().Insert(kHome, Number("phone-number-id-1", "waba-1", "500")).ok());
  ASSERT_TRUE(tags().Put(kHome, "waba-1", {{"env", "local"}}).ok());
  ASSERT_TRUE(tags().Put(kHome, "phone-number-id-1", {{"team", "ops"}}).ok());
  // Unrelated data that must survive.
  ASSERT_TRUE(wabas().Insert(kHome, Waba("waba-2", "200")).ok());
  ASSERT_TRUE(tags().Put(kHome, "waba-2", {{"keep", "me"}}).ok());
  ASSERT_TRUE(wabas().Insert(kOtherRegion, Waba("waba-1", "100")).ok());
  ASSERT_TRUE(tags().Put(kOtherRegion, "waba-1", {{"keep", "too"}}).ok());

  ASSERT_TRUE(wabas().Delete(kHome, "waba-1").ok());

  EXPECT_FALSE(wabas().Find(kHome, "waba-1").value().has_value());
  EXPECT_FALSE(numbers().Find(kHome, "phone-number-id-1").value().has_value());
  EXPECT_TRUE(tags().List(kHome, "waba-1").value().empty());
  EXPECT_TRUE(tags().List(kHome, "phone-number-id-1").value().empty());
  EXPECT_EQ(CountRows(db(), "waba_event_destinations"), 0);
  EXPECT_EQ(Keys(tags().List(kHome, "waba-2").value()), std::vector<std::string>{"keep=me"});
  EXPECT_EQ(Keys(tags().List(kOtherRegion, "waba-1").value()),
            std::vector<std::string>{"keep=too"});
  EXPECT_TRUE(wabas().Find(kOtherRegion, "waba-1").value().has_value());
}

TEST_F(StoresTest, WabaDeleteOfMissingIdIsOk) {
  EXPECT_TRUE(wabas().Delete(kHome, "waba-none").ok());
}

// --- PhoneNumberStore --------------------------------------------------------------------------

TEST_F(StoresTest, PhoneNumberInsertFindAndList) {
  ASSERT_TRUE(wabas().Insert(kHome, Waba("waba-1", "100")).ok());
  PhoneNumberRecord n = Number("phone-number-id-1", "waba-1", "500");
  n.data_localization_region = "DE";
  ASSERT_TRUE(numbers().Insert(kHome, n).ok());
  ASSERT_TRUE(numbers().Insert(kHome, Number("phone-number-id-2", "waba-1", "501")).ok());

  auto found = numbers().Find(kHome, "phone-number-id-1").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->waba_id, "waba-1");
  EXPECT_EQ(found->meta.meta_phone_number_id, "500");
  EXPECT_EQ(found->meta.phone_number, "+1500");
  EXPECT_EQ(found->meta.display_phone_number, "display +1500");
  EXPECT_EQ(found->meta.display_name, "Name 500");
  EXPECT_EQ(found->meta.quality_rating, "GREEN");
  EXPECT_EQ(found->data_localization_region, "DE");

  auto by_meta = numbers().FindByMetaId(kHome, "501").value();
  ASSERT_TRUE(by_meta.has_value());
  EXPECT_EQ(by_meta->id, "phone-number-id-2");
  EXPECT_EQ(by_meta->data_localization_region, std::nullopt);

  auto listed = numbers().ListForWaba(kHome, "waba-1").value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, "phone-number-id-1");
  EXPECT_EQ(listed[1].id, "phone-number-id-2");
}

TEST_F(StoresTest, PhoneNumberDuplicateIdOrMetaIdIsAlreadyExists) {
  ASSERT_TRUE(wabas().Insert(kHome, Waba("waba-1", "100")).ok());
  ASSERT_TRUE(numbers().Insert(kHome, Number("phone-number-id-1", "waba-1", "500")).ok());
  EXPECT_EQ(numbers().Insert(kHome, Number("phone-number-id-1", "waba-1", "501")).code(),
            StoreCode::kAlreadyExists);
  EXPECT_EQ(numbers().Insert(kHome, Number("phone-number-id-2", "waba-1", "500")).code(),
            StoreCode::kAlreadyExists);
}

TEST_F(StoresTest, PhoneNumberNeedsItsWabaInTheSamePartition) {
  ASSERT_TRUE(wabas().Insert(kHome, Waba("waba-1", "100")).ok());
  StoreStatus orphan = numbers().Insert(kOtherRegion, Number("phone-number-id-1", "waba-1", "500"));
  EXPECT_FALSE(orphan.ok());
}

TEST_F(StoresTest, PhoneNumberSameIdInTwoPartitionsIsIndependent) {
  ASSERT_TRUE(wabas().Insert(kHome, Waba("waba-1", "100")).ok());
  ASSERT_TRUE(wabas().Insert(kOtherAccount, Waba("waba-1", "100")).ok());
  ASSERT_TRUE(numbers().Insert(kHome, Number("phone-number-id-1", "waba-1", "500")).ok());
  ASSERT_TRUE(numbers().Insert(kOtherAccount, Number("phone-number-id-1", "waba-1", "500")).ok());
  EXPECT_TRUE(numbers().FindByMetaId(kOtherAccount, "500").value().has_value());
  EXPECT_FALSE(numbers().Find(kOtherRegion, "phone-number-id-1").value().has_value());
  ASSERT_TRUE(wabas().Delete(kHome, "waba-1").ok());
  EXPECT_FALSE(numbers().Find(kHome, "phone-number-id-1").value().has_value());
  EXPECT_TRUE(numbers().Find(kOtherAccount, "phone-number-id-1").value().has_value());
}

// --- TagStore ----------------------------------------------------------------------------------

TEST_F(StoresTest, TagsPutListInInsertionOrder) {
  ASSERT_TRUE(tags().Put(kHome, "waba-1", {{"b", "2"}, {"a", "1"}}).ok());
  EXPECT_EQ(Keys(tags().List(kHome, "waba-1").value()), (std::vector<std::string>{"b=2", "a=1"}));
}

TEST_F(StoresTest, TagsPutOverwritesAndKeepsPosition) {
  ASSERT_TRUE(tags().Put(kHome, "waba-1", {{"a", "1"}, {"b", "2"}}).ok());
  ASSERT_TRUE(tags().Put(kHome, "waba-1", {{"a", "9"}, {"c", "3"}}).ok());
  EXPECT_EQ(Keys(tags().List(kHome, "waba-1").value()),
            (std::vector<std::string>{"a=9", "b=2", "c=3"}));
}

TEST_F(StoresTest, TagsRemoveIgnoresAbsentKeys) {
  ASSERT_TRUE(tags().Put(kHome, "waba-1", {{"a", "1"}, {"b", "2"}}).ok());
  ASSERT_TRUE(tags().Remove(kHome, "waba-1", {"a", "zzz"}).ok());
  EXPECT_EQ(Keys(tags().List(kHome, "waba-1").value()), std::vector<std::string>{"b=2"});
}

TEST_F(StoresTest, TagsArePerResourceAndPartition) {
  ASSERT_TRUE(tags().Put(kHome, "waba-1", {{"a", "home"}}).ok());
  ASSERT_TRUE(tags().Put(kOtherRegion, "waba-1", {{"a", "away"}}).ok());
  ASSERT_TRUE(tags().Put(kHome, "waba-2", {{"a", "other"}}).ok());
  EXPECT_EQ(Keys(tags().List(kHome, "waba-1").value()), std::vector<std::string>{"a=home"});
  EXPECT_EQ(Keys(tags().List(kOtherRegion, "waba-1").value()), std::vector<std::string>{"a=away"});
  ASSERT_TRUE(tags().Remove(kHome, "waba-1", {"a"}).ok());
  EXPECT_TRUE(tags().List(kHome, "waba-1").value().empty());
  EXPECT_EQ(Keys(tags().List(kOtherRegion, "waba-1").value()), std::vector<std::string>{"a=away"});
  EXPECT_EQ(Keys(tags().List(kHome, "waba-2").value()), std::vector<std::string>{"a=other"});
}

TEST_F(StoresTest, TagValueMayBeEmpty) {
  ASSERT_TRUE(tags().Put(kHome, "waba-1", {{"flag", ""}}).ok());
  EXPECT_EQ(Keys(tags().List(kHome, "waba-1").value()), std::vector<std::string>{"flag="});
}

// --- SignupStore -------------------------------------------------------------------------------

TEST_F(StoresTest, SignupInsertFindAndMarkUsed) {
  SignupRecord s;
  s.token = "ait-1";
  s.partition = kOtherRegion;
  s.meta_waba_id = "100";
  s.waba_id = "waba-1";
  s.waba_name = "Business";
  s.created_ms = 1767225600000;
  s.offered = {Number("phone-number-id-1", "waba-1", "500"),
               Number("phone-number-id-2", "waba-1", "501")};
  SignupStore store(db());
  ASSERT_TRUE(store.Insert(s).ok());

  auto found = store.Find("ait-1").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->partition.account, "000000000000");
  EXPECT_EQ(found->partition.region, "eu-west-1");
  EXPECT_EQ(found->meta_waba_id, "100");
  EXPECT_EQ(found->waba_id, "waba-1");
  EXPECT_EQ(found->waba_name, "Business");
  EXPECT_EQ(found->created_ms, 1767225600000);
  EXPECT_FALSE(found->used);
  ASSERT_EQ(found->offered.size(), 2u);
  EXPECT_EQ(found->offered[0].id, "phone-number-id-1");
  EXPECT_EQ(found->offered[0].waba_id, "waba-1");
  EXPECT_EQ(found->offered[0].meta.phone_number, "+1500");
  EXPECT_EQ(found->offered[1].meta.meta_phone_number_id, "501");

  ASSERT_TRUE(store.MarkUsed("ait-1").ok());
  EXPECT_TRUE(store.Find("ait-1").value()->used);
}

TEST_F(StoresTest, SignupUnknownTokenIsEmpty) {
  auto found = SignupStore(db()).Find("ait-none");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found.value().has_value());
}

TEST_F(StoresTest, SignupDuplicateTokenIsAlreadyExists) {
  SignupRecord s;
  s.token = "ait-1";
  s.partition = kHome;
  ASSERT_TRUE(SignupStore(db()).Insert(s).ok());
  EXPECT_EQ(SignupStore(db()).Insert(s).code(), StoreCode::kAlreadyExists);
}

// --- MetaDirectoryStore ------------------------------------------------------------------------

TEST_F(StoresTest, MetaDirectoryPutAndFindByToken) {
  MetaAccount account{
      "EAAtoken", "100", "Bakery", {MetaNumber("500", "+1500"), MetaNumber("501", "+1501")}};
  MetaDirectoryStore store(db());
  ASSERT_TRUE(store.Put(account).ok());
  auto found = store.FindByToken("EAAtoken").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->access_token, "EAAtoken");
  EXPECT_EQ(found->meta_waba_id, "100");
  EXPECT_EQ(found->name, "Bakery");
  ASSERT_EQ(found->phone_numbers.size(), 2u);
  EXPECT_EQ(found->phone_numbers[0].meta_phone_number_id, "500");
  EXPECT_EQ(found->phone_numbers[1].phone_number, "+1501");
  EXPECT_FALSE(store.FindByToken("EAAother").value().has_value());
}

TEST_F(StoresTest, MetaDirectoryPutReplacesTheAccount) {
  MetaDirectoryStore store(db());
  ASSERT_TRUE(store.Put({"EAAtoken", "100", "Old", {MetaNumber("500", "+1500")}}).ok());
  ASSERT_TRUE(store.Put({"EAAtoken", "100", "New", {MetaNumber("501", "+1501")}}).ok());
  auto found = store.FindByToken("EAAtoken").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "New");
  ASSERT_EQ(found->phone_numbers.size(), 1u);
  EXPECT_EQ(found->phone_numbers[0].meta_phone_number_id, "501");
}

// --- Database::DeleteAllRows -------------------------------------------------------------------

TEST_F(StoresTest, DeleteAllRowsEmptiesEveryStore) {
  ASSERT_TRUE(
      MetaDirectoryStore(db()).Put({"EAAtoken", "100", "B", {MetaNumber("500", "+1")}}).ok());
  WabaRecord w = Waba("waba-1", "100");
  w.event_destinations = {{"arn:aws:sns:us-east-1:1:a", std::nullopt}};
  ASSERT_TRUE(wabas().Insert(kHome, w).ok());
  ASSERT_TRUE(numbers().Insert(kHome, Number("phone-number-id-1", "waba-1", "500")).ok());
  ASSERT_TRUE(tags().Put(kHome, "waba-1", {{"a", "1"}}).ok());
  SignupRecord s;
  s.token = "ait-1";
  s.partition = kHome;
  s.offered = {Number("phone-number-id-9", "waba-1", "509")};
  ASSERT_TRUE(SignupStore(db()).Insert(s).ok());

  ASSERT_TRUE(db().DeleteAllRows().ok());

  for (const char* table : {"meta_accounts", "meta_phone_numbers", "signups", "signup_numbers",
                            "wabas", "waba_event_destinations", "phone_numbers", "tags"}) {
    EXPECT_EQ(CountRows(db(), table), 0) << table;
  }
  EXPECT_FALSE(MetaDirectoryStore(db()).FindByToken("EAAtoken").value().has_value());
  EXPECT_FALSE(wabas().Find(kHome, "waba-1").value().has_value());
  // The stores work again afterwards.
  ASSERT_TRUE(wabas().Insert(kHome, Waba("waba-1", "100")).ok());
}

}  // namespace
}  // namespace socialite::storage
