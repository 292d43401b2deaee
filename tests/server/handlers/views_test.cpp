// The account views: every member the spec's shapes name, in order, optional ones only when set.
#include "server/handlers/views.h"

#include <gtest/gtest.h>

#include "server/core/json.h"
#include "server/handlers/resource_ids.h"

namespace socialite {
namespace {

const storage::Partition kPartition{"123456789012", "us-east-1"};

storage::PhoneNumberRecord Number(std::string id) {
  storage::PhoneNumberRecord n;
  n.id = std::move(id);
  n.waba_id = "waba-1";
  n.meta = {"meta-7", "+14255550123", "+1 425-555-0123", "Shop", "GREEN"};
  return n;
}

storage::WabaRecord Waba() {
  storage::WabaRecord w;
  w.id = "waba-1";
  w.meta_waba_id = "1234";
  w.name = "Shop WABA";
  w.registration_status = "COMPLETE";
  w.link_date_ms = 1'700'000'000'999;
  w.enable_sending = true;
  w.enable_receiving = false;
  w.event_destinations = {{"arn:aws:sns:us-east-1:123456789012:t", std::nullopt},
                          {"arn:aws:sns:us-east-1:123456789012:u", "arn:aws:iam::1:role/r"}};
  return w;
}

TEST(ViewsTest, PhoneNumberViewHasEveryMemberInOrder) {
  storage::PhoneNumberRecord n = Number("phone-number-id-1");
  EXPECT_EQ(WriteJson(PhoneNumberView(kPartition, n)),
            "{\"arn\":\"" + PhoneNumberArn(kPartition, n.id) +
                "\",\"phoneNumber\":\"+14255550123\",\"phoneNumberId\":\"phone-number-id-1\","
                "\"metaPhoneNumberId\":\"meta-7\",\"displayPhoneNumberName\":\"Shop\","
                "\"displayPhoneNumber\":\"+1 425-555-0123\",\"qualityRating\":\"GREEN\"}");
  n.data_localization_region = "DE";
  Value with_region = PhoneNumberView(kPartition, n);
  EXPECT_EQ(with_region.GetString("dataLocalizationRegion"), "DE");
  EXPECT_EQ(with_region.AsObject().back().first, "dataLocalizationRegion");
}

TEST(ViewsTest, WabaViewIsTheSummaryFollowedByItsNumbers) {
  storage::WabaRecord w = Waba();
  Value summary = WabaSummaryView(kPartition, w);
  EXPECT_EQ(WriteJson(summary),
            "{\"arn\":\"" + WabaArn(kPartition, w.id) +
                "\",\"id\":\"waba-1\",\"wabaId\":\"1234\",\"registrationStatus\":\"COMPLETE\","
                "\"linkDate\":1700000000,\"wabaName\":\"Shop WABA\",\"enableSending\":true,"
                "\"enableReceiving\":false,\"eventDestinations\":["
                "{\"eventDestinationArn\":\"arn:aws:sns:us-east-1:123456789012:t\"},"
                "{\"eventDestinationArn\":\"arn:aws:sns:us-east-1:123456789012:u\","
                "\"roleArn\":\"arn:aws:iam::1:role/r\"}]}");
  w.dataset_id = "ds-1";
  Value full = WabaView(kPartition, w, {Number("phone-number-id-1"), Number("phone-number-id-2")});
  const ValueFields& fields = full.AsObject();
  ASSERT_EQ(fields.size(), summary.AsObject().size() + 2);
  EXPECT_EQ(fields[fields.size() - 2].first, "datasetId");
  EXPECT_EQ(fields.back().first, "phoneNumbers");
  ASSERT_EQ(fields.back().second.AsList().size(), 2u);
  EXPECT_EQ(fields.back().second.AsList()[1],
            PhoneNumberView(kPartition, Number("phone-number-id-2")));
  EXPECT_EQ(WabaView(kPartition, Waba(), {}).Get("phoneNumbers")->AsList().size(), 0u);
}

}  // namespace
}  // namespace socialite
