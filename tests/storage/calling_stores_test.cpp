// The dataset and calling stores on ":memory:": one dataset per Meta WABA, conversion events in
// order across partitions, upserts of keys, settings and permissions, open calls, and the
// cascades when a WABA goes away.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "storage/calling_store.h"
#include "storage/database.h"
#include "storage/dataset_store.h"
#include "storage/phone_number_store.h"
#include "storage/statement.h"
#include "storage/waba_store.h"

namespace socialite::storage {
namespace {

const Partition kHome{"000000000000", "us-east-1"};
const Partition kOther{"111122223333", "us-east-1"};

class CallingStoresTest : public ::testing::Test {
 protected:
  CallingStoresTest() {
    auto opened = Database::Open(":memory:");
    if (opened.ok()) db_ = std::move(opened).value();
  }
  void SetUp() override {
    ASSERT_NE(db_, nullptr);
    WabaRecord waba;
    waba.id = "waba-1";
    waba.meta_waba_id = "100";
    waba.name = "Shop";
    waba.registration_status = "COMPLETE";
    ASSERT_TRUE(WabaStore(*db_).Insert(kHome, waba).ok());
    PhoneNumberRecord number{"phone-number-id-1", "waba-1",
                             MetaPhoneNumber{"200", "+15550001", "+1 555-0001", "Shop", "GREEN"},
                             std::nullopt};
    ASSERT_TRUE(PhoneNumberStore(*db_).Insert(kHome, number).ok());
  }
  int64_t Count(const std::string& table) {
    Statement st(*db_, "SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(st.Step());
    return st.Int(0);
  }
  std::unique_ptr<Database> db_;
};

TEST_F(CallingStoresTest, OneDatasetPerMetaWabaShownOnTheWaba) {
  DatasetStore store(*db_);
  EXPECT_EQ(store.FindDataset("100").value(), std::nullopt);
  EXPECT_EQ(store.CreateDataset("100", "1111111111", 1).value(), "1111111111");
  EXPECT_EQ(store.CreateDataset("100", "2222222222", 2).value(), "1111111111");
  auto waba = WabaStore(*db_).Find(kHome, "waba-1");
  ASSERT_TRUE(waba.ok() && waba.value());
  EXPECT_EQ(waba.value()->dataset_id, "1111111111");
}

TEST_F(CallingStoresTest, ConversionEventsListInOrderAndGoWithTheirWaba) {
  DatasetStore store(*db_);
  ConversionEventRecord e;
  e.waba_id = "waba-1";
  e.dataset_id = "1111111111";
  e.request_id = "r1";
  e.event_name = "Purchase";
  e.event_json = "{}";
  ConversionEventRecord second = e;
  second.event_name = "AddToCart";
  second.ctwa_clid = "c";
  ASSERT_TRUE(store.AppendEvents(kHome, {e, second}).ok());
  auto all = store.ListEvents("", 0, 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all.value().size(), 2u);
  EXPECT_EQ(all.value()[1].second.event_name, "AddToCart");
  EXPECT_EQ(all.value()[1].second.ctwa_clid, "c");
  auto after_first = store.ListEvents("waba-1", all.value()[0].second.seq, 10);
  EXPECT_EQ(after_first.value().size(), 1u);
  EXPECT_TRUE(store.ListEvents("waba-2", 0, 10).value().empty());
  ASSERT_TRUE(WabaStore(*db_).Delete(kHome, "waba-1").ok());
  EXPECT_EQ(Count("conversion_events"), 0);
}

TEST_F(CallingStoresTest, KeysSettingsAndPermissionsAreReplacedPerNumberAndPartition) {
  CallingStore store(*db_);
  ASSERT_TRUE(
      store.PutPublicKey(kHome, {"phone-number-id-1", "pem-1", std::nullopt, "VALID", 1}).ok());
  ASSERT_TRUE(
      store.PutPublicKey(kHome, {"phone-number-id-1", "pem-2", "arn:kms", "VALID", 2}).ok());
  auto key = store.FindPublicKey(kHome, "phone-number-id-1").value();
  ASSERT_TRUE(key);
  EXPECT_EQ(key->public_key_pem, "pem-2");
  EXPECT_EQ(key->kms_key_arn, "arn:kms");
  EXPECT_EQ(store.FindPublicKey(kOther, "phone-number-id-1").value(), std::nullopt);

  ASSERT_TRUE(store.PutCallSettings(kHome, "phone-number-id-1", R"({"callEnabled":true})", 1).ok());
  ASSERT_TRUE(
      store.PutCallSettings(kHome, "phone-number-id-1", R"({"callEnabled":false})", 2).ok());
  EXPECT_EQ(store.FindCallSettings(kHome, "phone-number-id-1").value(), R"({"callEnabled":false})");

  ASSERT_TRUE(store.PutPermission(kHome, {"phone-number-id-1", "155", "temporary", 99, 1}).ok());
  ASSERT_TRUE(
      store.PutPermission(kHome, {"phone-number-id-1", "155", "permanent", std::nullopt, 2}).ok());
  auto permission = store.FindPermission(kHome, "phone-number-id-1", "155").value();
  ASSERT_TRUE(permission);
  EXPECT_EQ(permission->status, "permanent");
  EXPECT_EQ(permission->expires_ms, std::nullopt);

  ASSERT_TRUE(WabaStore(*db_).Delete(kHome, "waba-1").ok());
  EXPECT_EQ(Count("business_public_keys") + Count("call_settings") + Count("call_permissions"), 0);
}

TEST_F(CallingStoresTest, OpenCallsAndBusinessCallTimes) {
  CallingStore store(*db_);
  CallRecord call{"wacid.1", "phone-number-id-1", "waba-1", "155",        "BUSINESS_INITIATED",
                  "RINGING", std::nullopt,        1000,     std::nullopt, std::nullopt};
  ASSERT_TRUE(store.InsertCall(kHome, call).ok());
  EXPECT_EQ(store.FindOpenCall(kHome, "phone-number-id-1", "155").value()->call_id, "wacid.1");
  call.state = "COMPLETED";
  call.accepted_ms = 1500;
  call.ended_ms = 2000;
  ASSERT_TRUE(store.UpdateCall(kHome, call).ok());
  EXPECT_EQ(store.FindOpenCall(kHome, "phone-number-id-1", "155").value(), std::nullopt);
  auto found = store.FindCallAnywhere("wacid.1").value();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first.account, kHome.account);
  EXPECT_EQ(found->second.accepted_ms, 1500);
  EXPECT_EQ(found->second.ended_ms, 2000);
  EXPECT_EQ(store.FindCall(kOther, "wacid.1").value(), std::nullopt);
  EXPECT_EQ(store.BusinessCallTimes(kHome, "phone-number-id-1", "155", 0).value(),
            std::vector<int64_t>{1000});
  EXPECT_TRUE(store.BusinessCallTimes(kHome, "phone-number-id-1", "155", 1000).value().empty());
}

}  // namespace
}  // namespace socialite::storage
