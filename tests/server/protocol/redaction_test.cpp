#include "server/protocol/redaction.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "server/core/json.h"

namespace socialite::protocol {
namespace {

const spec::Shape& InputOf(const std::string& operation) {
  return spec::Service().shape(spec::Service().FindOperation(operation)->input);
}

TEST(RedactionTest, SensitiveMembersBecomeStars) {
  Value input = Value::Object()
                    .Set("originationPhoneNumberId", "phone-number-id-1")
                    .Set("metaApiVersion", "v20.0")
                    .Set("message", Blob{"secret"});
  Value redacted = RedactSensitive(spec::Service(), InputOf("SendWhatsAppMessage"), input);
  EXPECT_EQ(redacted.GetString("message"), "***");
  EXPECT_EQ(redacted.GetString("originationPhoneNumberId"), "phone-number-id-1");
}

// Copying a map must stay linear in its size (issue 9, defect 5): redaction runs before
// validation, so the map can be far larger than its documented maximum.
TEST(RedactionTest, MapOfTwoHundredThousandEntriesIsCopiedFast) {
  constexpr int kEntries = 200000;
  ValueFields filters;
  for (int i = 0; i < kEntries; ++i) filters.emplace_back("k" + std::to_string(i), Value("v"));
  Value input = Value::Object().Set("id", "waba-1").Set("filters", std::move(filters));
  auto started = std::chrono::steady_clock::now();
  Value redacted = RedactSensitive(spec::Service(), InputOf("ListWhatsAppTemplateLibrary"), input);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_LT(seconds, 5.0);
  const Value* copied = redacted.Get("filters");
  ASSERT_NE(copied, nullptr);
  ASSERT_EQ(copied->AsObject().size(), static_cast<size_t>(kEntries));
  EXPECT_EQ(copied->GetString("k199999"), "v");
}

}  // namespace
}  // namespace socialite::protocol
