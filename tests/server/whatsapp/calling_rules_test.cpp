// Meta's rules behind the 2026-09 operations and datasets: business public keys (parsed by
// OpenSSL), call settings, conversion events.
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>

#include "server/core/json.h"
#include "server/whatsapp/business_key.h"
#include "server/whatsapp/call_settings_rules.h"
#include "server/whatsapp/conversion_rules.h"

namespace socialite::whatsapp {
namespace {

std::string PublicPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  return pem;
}

TEST(BusinessKeyTest, OnlyA2048BitRsaPublicKeyPasses) {
  std::string good = NewRsaPublicKeyPem();
  ASSERT_NE(good.find("-----BEGIN PUBLIC KEY-----"), std::string::npos);
  EXPECT_EQ(BusinessKeyProblem(good), std::nullopt);

  EVP_PKEY* small = EVP_RSA_gen(1024);
  EXPECT_EQ(BusinessKeyProblem(PublicPem(small)),
            "businessPublicKey is a 1024-bit RSA key; Meta requires a 2048-bit RSA key");
  EVP_PKEY_free(small);
  EVP_PKEY* ec = EVP_EC_gen("P-256");
  EXPECT_EQ(BusinessKeyProblem(PublicPem(ec)),
            "businessPublicKey must be an RSA key; Meta requires 2048-bit RSA");
  EVP_PKEY_free(ec);

  EXPECT_EQ(BusinessKeyProblem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
            "businessPublicKey is a private key; upload only the public key (never share the "
            "private key)");
  EXPECT_EQ(BusinessKeyProblem("ssh-rsa AAAAB3Nza"),
            "businessPublicKey must be a PEM-encoded public key (-----BEGIN PUBLIC KEY-----)");
  std::string truncated = good.substr(0, 60) + "\n-----END PUBLIC KEY-----\n";
  EXPECT_EQ(BusinessKeyProblem(truncated), "businessPublicKey is not a valid PEM public key");
}

Value Settings(const std::string& json) { return *ParseJson(json); }

TEST(CallSettingsRulesTest, MetaRulesBeyondTheModel) {
  EXPECT_EQ(CallSettingsProblem(Settings(R"({"callEnabled":true})")), std::nullopt);
  EXPECT_EQ(
      CallSettingsProblem(Settings(R"({"callEnabled":true,"callbackPermissionStatus":"ON"})")),
      "callSettings.callbackPermissionStatus 'ON' is not one of ENABLED, DISABLED");
  auto hours = [](const std::string& weekly, const std::string& zone = "Asia/Kolkata") {
    return Settings(R"({"callEnabled":true,"callHours":{"enabled":true,"timezone":")" + zone +
                    R"(","weeklyOperatingHours":[)" + weekly + "]}}");
  };
  auto range = [](int open, int close) {
    return R"({"dayOfWeek":"SUNDAY","openTime":{"hours":)" + std::to_string(open) +
           R"(,"minutes":0},"closeTime":{"hours":)" + std::to_string(close) + R"(,"minutes":0}})";
  };
  EXPECT_EQ(CallSettingsProblem(hours(range(9, 12) + "," + range(12, 18))), std::nullopt);
  EXPECT_EQ(CallSettingsProblem(hours(range(9, 9))),
            "callSettings.callHours.weeklyOperatingHours.1: openTime must be before closeTime");
  EXPECT_EQ(CallSettingsProblem(hours(range(9, 13) + "," + range(12, 18))),
            "callSettings.callHours: the two ranges of SUNDAY overlap");
  EXPECT_EQ(CallSettingsProblem(hours("", "kolkata")),
            "callSettings.callHours.timezone 'kolkata' is not an IANA time zone such as "
            "America/New_York");
  EXPECT_EQ(CallSettingsProblem(hours("", "America/Argentina/Buenos_Aires")), std::nullopt);
}

TEST(ConversionRulesTest, AllowListAndShapes) {
  EXPECT_TRUE(IsBusinessMessagingEventName("OrderReturned"));
  EXPECT_FALSE(IsBusinessMessagingEventName("CompleteRegistration"));
  EXPECT_FALSE(IsBusinessMessagingEventName("purchase"));

  const int64_t now = 1767225600;
  std::string event =
      R"({"event_name":"ViewContent","event_time":"1767225000","action_source":)"
      R"("business_messaging","messaging_channel":"whatsapp","user_data":{"ctwa_clid":"c"}})";
  ConversionCheck single = CheckConversionEvents(*ParseJson(event), "1", now);
  ASSERT_TRUE(single.problems.empty()) << single.problems[0];
  ASSERT_EQ(single.events.size(), 1u);
  EXPECT_EQ(single.events[0].event_time, 1767225000);
  EXPECT_EQ(single.events[0].ctwa_clid, "c");

  ConversionCheck empty = CheckConversionEvents(*ParseJson(R"({"data":[]})"), "1", now);
  EXPECT_EQ(empty.problems,
            std::vector<std::string>{"eventData.data must be a non-empty list of events"});
  ConversionCheck list = CheckConversionEvents(*ParseJson(R"([1])"), "1", now);
  EXPECT_EQ(list.problems.size(), 1u);
  ConversionCheck partly =
      CheckConversionEvents(*ParseJson(R"({"data":[)" + event + R"(,7]})"), "1", now);
  EXPECT_EQ(partly.problems, std::vector<std::string>{"data[1] must be a JSON object"});
  EXPECT_TRUE(partly.events.empty()) << "a refused request yields no events";
}

}  // namespace
}  // namespace socialite::whatsapp
