// FlowStore on ":memory:": round trip of every column, lookups by id, name and token,
// partitioning, paging order, name uniqueness and the cascade from the WABA.
#include "storage/flow_store.h"

#include <gtest/gtest.h>

#include <memory>

#include "storage/database.h"
#include "storage/waba_store.h"

namespace socialite::storage {
namespace {

const Partition kHome{"000000000000", "us-east-1"};
const Partition kOtherRegion{"000000000000", "eu-west-1"};
constexpr char kWaba[] = "waba-00000000000000000000000000000001";

WabaRecord Waba(const std::string& id) {
  WabaRecord w;
  w.id = id;
  w.meta_waba_id = "1047293847562" + id.substr(id.size() - 2);
  w.name = "Business";
  w.registration_status = "COMPLETE";
  w.link_date_ms = 1767225600000;
  return w;
}

FlowRecord Flow(const std::string& id, const std::string& name) {
  FlowRecord f;
  f.waba_id = kWaba;
  f.flow_id = id;
  f.name = name;
  f.categories = {"SIGN_UP", "OTHER"};
  f.created_ms = f.updated_ms = 1767225600000;
  return f;
}

class FlowStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::Open(":memory:");
    ASSERT_TRUE(opened.ok());
    db_ = std::move(opened).value();
    ASSERT_TRUE(WabaStore(*db_).Insert(kHome, Waba(kWaba)).ok());
    ASSERT_TRUE(WabaStore(*db_).Insert(kOtherRegion, Waba(kWaba)).ok());
  }
  FlowStore flows() { return FlowStore(*db_); }
  std::unique_ptr<Database> db_;
};

TEST_F(FlowStoreTest, EveryColumnRoundTrips) {
  FlowRecord f = Flow("1234567890123456", "Sign up");
  f.status = kFlowPublished;
  f.flow_json = "{\"version\":\"7.3\",\n\"screens\":[]}";
  // Errors are JSON text with colons, commas and escaped newlines: they must come back whole.
  f.validation_errors = {R"({"error":"A","message":"x: y, z\n"})", "", "2:ab"};
  f.json_version = "7.3";
  f.data_api_version = "4.0";
  f.uses_data_exchange = true;
  f.endpoint_uri = "https://example.com/flow";
  f.meta_app_id = "998877";
  f.preview_token = "ptoken";
  f.preview_expires_ms = 1769817600000;
  f.asset_token = "atoken";
  ASSERT_TRUE(flows().Insert(kHome, f).ok());

  auto found = flows().FindById(kHome, kWaba, f.flow_id);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found.value().has_value());
  const FlowRecord& got = *found.value();
  EXPECT_EQ(got.name, "Sign up");
  EXPECT_EQ(got.categories, (std::vector<std::string>{"SIGN_UP", "OTHER"}));
  EXPECT_EQ(got.status, "PUBLISHED");
  EXPECT_EQ(got.flow_json, f.flow_json);
  EXPECT_EQ(got.validation_errors, f.validation_errors);
  EXPECT_EQ(got.json_version, "7.3");
  EXPECT_EQ(got.data_api_version, "4.0");
  EXPECT_TRUE(got.uses_data_exchange);
  EXPECT_EQ(got.endpoint_uri, "https://example.com/flow");
  EXPECT_EQ(got.meta_app_id, "998877");
  EXPECT_EQ(got.preview_token, "ptoken");
  EXPECT_EQ(got.preview_expires_ms, 1769817600000);
  EXPECT_EQ(got.asset_token, "atoken");
  EXPECT_TRUE(got.Sendable());
}

TEST_F(FlowStoreTest, FindsByNameWithinTheWabaAndPartitionOnly) {
  ASSERT_TRUE(flows().Insert(kHome, Flow("11", "Booking")).ok());
  auto found = flows().FindByName(kHome, kWaba, "Booking");
  ASSERT_TRUE(found.ok() && found.value().has_value());
  EXPECT_EQ(found.value()->flow_id, "11");
  EXPECT_EQ(found.value()->status, "DRAFT");
  EXPECT_FALSE(found.value()->Sendable());
  EXPECT_FALSE(flows().FindByName(kOtherRegion, kWaba, "Booking").value().has_value());
  EXPECT_FALSE(flows().FindById(kOtherRegion, kWaba, "11").value().has_value());
  EXPECT_FALSE(
      flows().FindById(kHome, "waba-00000000000000000000000000000002", "11").value().has_value());
}

TEST_F(FlowStoreTest, NamesAreUniquePerWaba) {
  ASSERT_TRUE(flows().Insert(kHome, Flow("11", "Booking")).ok());
  EXPECT_EQ(flows().Insert(kHome, Flow("12", "Booking")).code(), StoreCode::kAlreadyExists);
  // Another partition has its own names.
  EXPECT_TRUE(flows().Insert(kOtherRegion, Flow("13", "Booking")).ok());
  ASSERT_TRUE(flows().Insert(kHome, Flow("14", "Survey")).ok());
  FlowRecord rename = *flows().FindById(kHome, kWaba, "14").value();
  rename.name = "Booking";
  EXPECT_EQ(flows().Update(kHome, rename).code(), StoreCode::kAlreadyExists);
}

TEST_F(FlowStoreTest, ListsInCreationOrderAfterAPositionWithoutTheAsset) {
  for (int i = 1; i <= 5; ++i) {
    FlowRecord f = Flow(std::to_string(100 + i), "Flow " + std::to_string(i));
    f.flow_json = "{}";
    ASSERT_TRUE(flows().Insert(kHome, f).ok());
  }
  auto first = flows().ListAfter(kHome, kWaba, 0, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first.value().size(), 2u);
  EXPECT_EQ(first.value()[0].flow_id, "101");
  EXPECT_FALSE(first.value()[0].flow_json.has_value());
  auto rest = flows().ListAfter(kHome, kWaba, first.value()[1].seq, 10);
  ASSERT_EQ(rest.value().size(), 3u);
  EXPECT_EQ(rest.value()[0].flow_id, "103");
  EXPECT_EQ(flows().Count(kHome, kWaba).value(), 5);
  EXPECT_EQ(flows().Count(kOtherRegion, kWaba).value(), 0);
}

TEST_F(FlowStoreTest, TokensFindTheFlowAndItsPartition) {
  FlowRecord f = Flow("21", "Preview me");
  f.preview_token = "p-1";
  f.asset_token = "a-1";
  ASSERT_TRUE(flows().Insert(kOtherRegion, f).ok());
  auto by_preview = flows().FindByPreviewToken("p-1");
  ASSERT_TRUE(by_preview.ok() && by_preview.value().has_value());
  EXPECT_EQ(by_preview.value()->first.region, "eu-west-1");
  EXPECT_EQ(by_preview.value()->second.flow_id, "21");
  auto by_asset = flows().FindByAssetToken("a-1");
  ASSERT_TRUE(by_asset.ok() && by_asset.value().has_value());
  EXPECT_EQ(by_asset.value()->second.name, "Preview me");
  EXPECT_FALSE(flows().FindByPreviewToken("a-1").value().has_value());
}

TEST_F(FlowStoreTest, DeleteAndUnlinkingTheWabaRemoveFlows) {
  ASSERT_TRUE(flows().Insert(kHome, Flow("31", "One")).ok());
  ASSERT_TRUE(flows().Insert(kHome, Flow("32", "Two")).ok());
  ASSERT_TRUE(flows().Delete(kHome, "31").ok());
  EXPECT_FALSE(flows().FindById(kHome, kWaba, "31").value().has_value());
  ASSERT_TRUE(WabaStore(*db_).Delete(kHome, kWaba).ok());
  EXPECT_FALSE(flows().FindById(kHome, kWaba, "32").value().has_value());
}

}  // namespace
}  // namespace socialite::storage
