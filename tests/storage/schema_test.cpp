#include "storage/schema.h"

#include <gtest/gtest.h>

#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace socialite::storage {
namespace {

// The plan SQLite picks for `sql`, one detail line per step.
std::string QueryPlan(Database& db, const std::string& sql) {
  Statement plan(db, "EXPLAIN QUERY PLAN " + sql);
  std::string lines;
  while (plan.Step()) lines += plan.Text(3) + "\n";
  EXPECT_TRUE(plan.status().ok()) << plan.status().error().message;
  return lines;
}

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened).value();
  }
  std::unique_ptr<Database> db_;
};

TEST_F(SchemaTest, WabaListingWalksAnIndexInOrder) {
  std::string plan = QueryPlan(
      *db_, "SELECT id FROM wabas WHERE account = ? AND region = ? AND seq > ? ORDER BY seq");
  EXPECT_NE(plan.find("wabas_in_order"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

TEST_F(SchemaTest, PhoneNumbersOfAWabaWalkAnIndexInOrder) {
  std::string plan = QueryPlan(*db_,
                               "SELECT id FROM phone_numbers WHERE account = ? AND region = ? "
                               "AND waba_id = ? ORDER BY seq");
  EXPECT_NE(plan.find("phone_numbers_by_waba"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

}  // namespace
}  // namespace socialite::storage
