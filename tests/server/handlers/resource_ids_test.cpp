#include "server/handlers/resource_ids.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "server/core/json.h"

namespace socialite {
namespace {

const storage::Partition kHome{"000000000000", "us-east-1"};

// The bytes inside a wamid ("wamid." + URL-safe base64 without padding).
std::string WamidBytes(std::string wamid) {
  std::string text = wamid.substr(6);
  for (char& c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (text.size() % 4 != 0) text += '=';
  return Base64Decode(text).value_or("");
}

TEST(ResourceIdsTest, WamidsCarryTheCustomerThenTheTimeThenRandomDigits) {
  RandomIdGenerator ids(3);
  std::string first = NewWamid(ids, "14155550100", 0x18f2a3b4c5dLL);
  std::string second = NewWamid(ids, "14155550100", 0x18f2a3b4c5dLL);
  EXPECT_TRUE(std::regex_match(first, std::regex("wamid\\.[A-Za-z0-9_-]+"))) << first;
  EXPECT_NE(first, second);  // the same millisecond, different random digits
  std::string bytes = WamidBytes(first);
  ASSERT_EQ(bytes.size(), 11u + 2u + 27u) << first;
  EXPECT_EQ(bytes.substr(0, 13), "14155550100\x15\x02");
  EXPECT_EQ(bytes.substr(13, 11), "18f2a3b4c5d");
  EXPECT_NE(bytes.substr(24), WamidBytes(second).substr(24));
}

TEST(ResourceIdsTest, ACustomersWamidsMadeCloseInTimeShareALongPrefix) {
  RandomIdGenerator ids(5);
  std::string earlier = NewWamid(ids, "14155550100", 1767225600000);
  std::string later = NewWamid(ids, "14155550100", 1767225600000 + 900);
  size_t shared = 0;
  while (shared < earlier.size() && earlier[shared] == later[shared]) ++shared;
  // "wamid." + the customer and the high digits of the time: neighbours in a wamid index.
  EXPECT_GE(shared, 6u + 20u) << earlier << " " << later;
}

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
