#include "server/handlers/resource_ids.h"

#include <gtest/gtest.h>

namespace socialite {
namespace {

const storage::Partition kHome{"000000000000", "us-east-1"};

TEST(ResourceIdsTest, ArnsCarryPartitionAndHex) {
  EXPECT_EQ(WabaArn(kHome, "waba-abc123"),
            "arn:aws:social-messaging:us-east-1:000000000000:waba/abc123");
  EXPECT_EQ(PhoneNumberArn({"111122223333", "eu-west-1"}, "phone-number-id-def"),
            "arn:aws:social-messaging:eu-west-1:111122223333:phone-number-id/def");
  // An id without its prefix is carried whole.
  EXPECT_EQ(WabaArn(kHome, "abc123"),
            "arn:aws:social-messaging:us-east-1:000000000000:waba/abc123");
  EXPECT_EQ(WabaArn(kHome, "waba"), "arn:aws:social-messaging:us-east-1:000000000000:waba/waba");
  EXPECT_EQ(PhoneNumberArn(kHome, "waba-1"),
            "arn:aws:social-messaging:us-east-1:000000000000:phone-number-id/waba-1");
}

TEST(ResourceIdsTest, WabaIdFromIdOrArn) {
  EXPECT_EQ(WabaIdFrom("waba-abc"), "waba-abc");
  EXPECT_EQ(WabaIdFrom("arn:aws:social-messaging:us-east-1:000000000000:waba/abc"), "waba-abc");
  EXPECT_EQ(WabaIdFrom("waba-"), std::nullopt);
  EXPECT_EQ(WabaIdFrom("arn:aws:social-messaging:us-east-1:000000000000:waba/"), std::nullopt);
  EXPECT_EQ(WabaIdFrom("arn:aws:social-messaging:us-east-1:0:waba/a/b"), std::nullopt);
  EXPECT_EQ(WabaIdFrom("phone-number-id-abc"), std::nullopt);
  EXPECT_EQ(WabaIdFrom("abc"), std::nullopt);
}

TEST(ResourceIdsTest, PhoneNumberIdFromIdOrArn) {
  EXPECT_EQ(PhoneNumberIdFrom("phone-number-id-abc"), "phone-number-id-abc");
  EXPECT_EQ(PhoneNumberIdFrom("arn:aws:social-messaging:us-east-1:0:phone-number-id/abc"),
            "phone-number-id-abc");
  EXPECT_EQ(PhoneNumberIdFrom("arn:aws:social-messaging:us-east-1:0:waba/abc"), std::nullopt);
  EXPECT_EQ(PhoneNumberIdFrom("110382746591034"), std::nullopt);
}

TEST(ResourceIdsTest, ResourceFromArnKnowsBothKinds) {
  auto waba = ResourceFromArn("arn:aws:social-messaging:us-east-1:000000000000:waba/abc");
  ASSERT_TRUE(waba.has_value());
  EXPECT_EQ(waba->kind, ResourceKind::kWaba);
  EXPECT_EQ(waba->id, "waba-abc");
  auto number =
      ResourceFromArn("arn:aws:social-messaging:us-east-1:000000000000:phone-number-id/9");
  ASSERT_TRUE(number.has_value());
  EXPECT_EQ(number->kind, ResourceKind::kPhoneNumber);
  EXPECT_EQ(number->id, "phone-number-id-9");
}

TEST(ResourceIdsTest, ResourceFromArnRejectsOtherServicesAndTypes) {
  EXPECT_FALSE(ResourceFromArn("arn:aws:sns:us-east-1:000000000000:waba/abc").has_value());
  EXPECT_FALSE(ResourceFromArn("arn:aws:social-messaging:us-east-1:0:template/abc").has_value());
  EXPECT_FALSE(ResourceFromArn("waba-abc").has_value());
}

TEST(ResourceIdsTest, ArnRoundTripsThroughTheParsers) {
  const std::string arn = WabaArn(kHome, "waba-5f3c");
  EXPECT_EQ(WabaIdFrom(arn), "waba-5f3c");
  EXPECT_EQ(PhoneNumberIdFrom(PhoneNumberArn(kHome, "phone-number-id-77")), "phone-number-id-77");
}

}  // namespace
}  // namespace socialite
