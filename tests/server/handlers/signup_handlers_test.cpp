// AssociateWhatsAppBusinessAccount through the dispatcher: the two-step embedded sign-up.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/handlers/meta_accounts.h"
#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::kBakeryMetaWabaId;
using testing::kBakeryToken;
using testing::kDemoStoreToken;
using testing::kFixtureWabaId;
using testing::kHourMillis;
using testing::kOtherPartitionAuth;
using testing::Reply;
using testing::SignupOffer;
using testing::TestEnv;

constexpr char kSignup[] = "/v1/whatsapp/signup";

// The n-th id of the SequentialIdGenerator as 32 hex digits.
std::string Hex32(int n) {
  std::string digits = std::to_string(n);  // n < 10 in these tests
  return std::string(32 - digits.size(), '0') + digits;
}

Value NumberEntry(const std::string& id, const std::string& pin = "123456") {
  return Value::Object().Set("id", id).Set("twoFactorPin", pin);
}

// A setupFinalization request body. `waba` null: no waba member; `parent` empty: none.
std::string SetupBody(const std::string& token, ValueList numbers, Value waba = Value::Object(),
                      const std::string& parent = "") {
  Value setup = Value::Object();
  setup.Set("associateInProgressToken", token);
  setup.Set("phoneNumbers", Value(std::move(numbers)));
  if (!parent.empty()) setup.Set("phoneNumberParent", parent);
  if (!waba.is_null()) setup.Set("waba", std::move(waba));
  return testing::Json(Value::Object().Set("setupFinalization", setup));
}

void ExpectInvalidParameters(const Reply& reply, const std::string& message) {
  EXPECT_EQ(reply.status(), 400) << reply.http.body;
  EXPECT_EQ(reply.ErrorType(), "InvalidParametersException");
  EXPECT_EQ(reply.Message(), message);
}

class SignupTest : public ::testing::Test {
 protected:
  TestEnv env_;
};

TEST_F(SignupTest, StepOneWithFixtureTokenOffersItsNumbers) {
  Reply reply =
      env_.Post(kSignup, R"({"signupCallback":{"accessToken":"EAAsocialiteBakeryToken"}})");
  ASSERT_EQ(reply.status(), 200);
  // Ids 1.. of the sequence: request id, token, WABA id, then one per offered number.
  const std::string arn_prefix = "arn:aws:social-messaging:us-east-1:000000000000:phone-number-id/";
  EXPECT_EQ(reply.http.body,
            R"({"signupCallbackResult":{"associateInProgressToken":"ait-)" + Hex32(2) +
                R"(","linkedAccountsWithIncompleteSetup":{"104729384756207":{)"
                R"("accountName":"Corner Bakery","registrationStatus":"INCOMPLETE",)"
                R"("unregisteredWhatsAppPhoneNumbers":[{"arn":")" +
                arn_prefix + Hex32(4) +
                R"(","phoneNumber":"+442071838750","phoneNumberId":"phone-number-id-)" + Hex32(4) +
                R"(","metaPhoneNumberId":"110382746592201","displayPhoneNumberName":"Corner )"
                R"(Bakery","displayPhoneNumber":"+44 20 7183 8750","qualityRating":"GREEN"},)"
                R"({"arn":")" +
                arn_prefix + Hex32(5) +
                R"(","phoneNumber":"+442071838751","phoneNumberId":"phone-number-id-)" + Hex32(5) +
                R"(","metaPhoneNumberId":"110382746592202","displayPhoneNumberName":"Corner )"
                R"(Bakery Orders","displayPhoneNumber":"+44 20 7183 8751","qualityRating":)"
                R"("YELLOW"}],"wabaId":"waba-)" +
                Hex32(3) + R"("}}},"statusCode":200})");
}

TEST_F(SignupTest, StepTwoLinksTheWabaWithItsNumbers) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  ASSERT_EQ(offer.number_ids.size(), 2u);
  env_.clock().Advance(kHourMillis);
  Reply done = env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0])}));
  ASSERT_EQ(done.status(), 200) << done.http.body;
  EXPECT_EQ(done.http.body,
            R"({"statusCode":200,"linkedWhatsAppBusinessAccountId":")" + offer.waba_id + R"("})");

  Reply got = env_.Get("/v1/whatsapp/waba/details?id=" + offer.waba_id);
  ASSERT_EQ(got.status(), 200) << got.http.body;
  const Value& account = *got.json.Get("account");
  EXPECT_EQ(account.GetString("id"), offer.waba_id);
  EXPECT_EQ(account.GetString("wabaId"), kBakeryMetaWabaId);
  EXPECT_EQ(account.GetString("wabaName"), "Corner Bakery");
  EXPECT_EQ(account.GetString("registrationStatus"), "COMPLETE");
  EXPECT_EQ(account.GetInt("linkDate"), 1767225600 + 3600);
  ASSERT_EQ(account.Get("phoneNumbers")->AsList().size(), 1u);
  EXPECT_EQ(account.Get("phoneNumbers")->AsList()[0].GetString("phoneNumberId"),
            offer.number_ids[0]);
}

TEST_F(SignupTest, StepTwoAppliesTagsAndLocalizationRegion) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  Value number = NumberEntry(offer.number_ids[0]);
  number.Set("dataLocalizationRegion", "DE");
  number.Set("tags", ValueList{Value::Object().Set("key", "line").Set("value", "main")});
  Value waba = Value::Object().Set(
      "tags", ValueList{Value::Object().Set("key", "team").Set("value", "bakery")});
  ASSERT_EQ(env_.Post(kSignup, SetupBody(offer.token, {number}, waba)).status(), 200);

  Reply number_details = env_.Get("/v1/whatsapp/waba/phone/details?id=" + offer.number_ids[0]);
  EXPECT_EQ(number_details.json.Get("phoneNumber")->GetString("dataLocalizationRegion"), "DE");
  Reply waba_tags = env_.Get("/v1/tags/list?resourceArn=arn:aws:social-messaging:us-east-1:" +
                             std::string("000000000000:waba/") + offer.waba_id.substr(5));
  EXPECT_EQ(waba_tags.http.body, R"({"statusCode":200,"tags":[{"key":"team","value":"bakery"}]})");
  Reply number_tags = env_.Get(
      "/v1/tags/list?resourceArn=arn:aws:social-messaging:us-east-1:000000000000:"
      "phone-number-id/" +
      offer.number_ids[0].substr(16));
  EXPECT_EQ(number_tags.http.body, R"({"statusCode":200,"tags":[{"key":"line","value":"main"}]})");
}

TEST_F(SignupTest, StepTwoAcceptsTheMetaPhoneNumberId) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  Reply done = env_.Post(kSignup, SetupBody(offer.token, {NumberEntry("110382746592202")}));
  ASSERT_EQ(done.status(), 200) << done.http.body;
  Reply number = env_.Get("/v1/whatsapp/waba/phone/details?id=" + offer.number_ids[1]);
  EXPECT_EQ(number.status(), 200);
}

TEST_F(SignupTest, SynthesizedTokenYieldsDeterministicMetaIds) {
  const std::string token = "EAAmyOwnTestToken";
  storage::MetaAccount expected = SynthesizeMetaAccount(token);
  SignupOffer offer = env_.StartSignup(token);
  EXPECT_EQ(offer.meta_waba_id, expected.meta_waba_id);
  ASSERT_EQ(offer.meta_number_ids.size(), 1u);
  EXPECT_EQ(offer.meta_number_ids[0], expected.phone_numbers[0].meta_phone_number_id);

  TestEnv other;  // a second emulator sees the same Meta account for the same token
  SignupOffer again = other.StartSignup(token);
  EXPECT_EQ(again.meta_waba_id, offer.meta_waba_id);
  EXPECT_EQ(again.meta_number_ids, offer.meta_number_ids);
  EXPECT_EQ(again.reply.http.body, offer.reply.http.body);
}

TEST_F(SignupTest, SynthesizedMetaAccountHasMetaShapedIds) {
  storage::MetaAccount account = SynthesizeMetaAccount("EAAmyOwnTestToken");
  EXPECT_EQ(account.access_token, "EAAmyOwnTestToken");
  EXPECT_EQ(account.meta_waba_id.size(), 15u);
  EXPECT_EQ(account.meta_waba_id.find_first_not_of("0123456789"), std::string::npos);
  ASSERT_EQ(account.phone_numbers.size(), 1u);
  const auto& number = account.phone_numbers[0];
  EXPECT_EQ(number.meta_phone_number_id.size(), 15u);
  EXPECT_EQ(number.meta_phone_number_id.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(number.phone_number.rfind("+1206555", 0), 0u);
  EXPECT_EQ(number.phone_number.size(), 12u);
  EXPECT_EQ(number.display_phone_number, "+1 206-555-" + number.phone_number.substr(8));
  EXPECT_EQ(account.name.rfind("Test Business ", 0), 0u);
  EXPECT_EQ(number.quality_rating, "GREEN");
  EXPECT_NE(SynthesizeMetaAccount("EAAanotherToken").meta_waba_id, account.meta_waba_id);
}

TEST_F(SignupTest, SynthesizedAccountCanBeLinked) {
  const std::string token = "EAAmyOwnTestToken";
  std::string waba_id = env_.LinkWaba(token);
  ASSERT_FALSE(waba_id.empty());
  Reply got = env_.Get("/v1/whatsapp/waba/details?id=" + waba_id);
  ASSERT_EQ(got.status(), 200);
  EXPECT_EQ(got.json.Get("account")->GetString("wabaId"),
            SynthesizeMetaAccount(token).meta_waba_id);
}

TEST_F(SignupTest, StepOneForALinkedWabaOffersOnlyUnregisteredNumbers) {
  SignupOffer offer = env_.StartSignup(kDemoStoreToken);
  const Value& entry = *offer.reply.json.Get("signupCallbackResult")
                            ->Get("linkedAccountsWithIncompleteSetup")
                            ->Get(testing::kFixtureMetaWabaId);
  EXPECT_EQ(entry.GetString("registrationStatus"), "COMPLETE");
  EXPECT_EQ(entry.GetString("wabaId"), kFixtureWabaId);
  EXPECT_EQ(entry.GetString("accountName"), "Socialite Demo Store");
  EXPECT_TRUE(entry.Get("unregisteredWhatsAppPhoneNumbers")->AsList().empty());
}

TEST_F(SignupTest, EmptyAccessTokenIsInvalidParameters) {
  ExpectInvalidParameters(env_.Post(kSignup, R"({"signupCallback":{"accessToken":""}})"),
                          "signupCallback.accessToken must be a Meta access token, not empty");
}

TEST_F(SignupTest, UnknownInProgressTokenIsInvalidParameters) {
  ExpectInvalidParameters(env_.Post(kSignup, SetupBody("ait-unknown", {NumberEntry("1")})),
                          "The associateInProgressToken is not known; start with signupCallback");
}

TEST_F(SignupTest, UsedInProgressTokenIsInvalidParameters) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  ASSERT_EQ(env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0])})).status(),
            200);
  ExpectInvalidParameters(
      env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[1])})),
      "The associateInProgressToken was used already; start a new sign-up");
}

TEST_F(SignupTest, ExpiredInProgressTokenIsInvalidParameters) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  env_.clock().Advance(25 * kHourMillis);
  ExpectInvalidParameters(
      env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0])})),
      "The associateInProgressToken has expired; start a new sign-up");
}

TEST_F(SignupTest, InProgressTokenIsValidForTwentyFourHours) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  env_.clock().Advance(24 * kHourMillis);
  EXPECT_EQ(env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0])})).status(),
            200);
}

TEST_F(SignupTest, InProgressTokenOfAnotherPartitionIsUnknown) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  ExpectInvalidParameters(
      env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0])}),
                kOtherPartitionAuth),
      "The associateInProgressToken is not known; start with signupCallback");
}

TEST_F(SignupTest, NumberNotOfferedIsInvalidParameters) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  const std::string stranger = "phone-number-id-ffffffffffffffffffffffffffffffff";
  ExpectInvalidParameters(env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(stranger)})),
                          "Phone number '" + stranger + "' was not offered by this sign-up");
}

TEST_F(SignupTest, NumberListedTwiceIsInvalidParameters) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  const std::string id = offer.number_ids[0];
  ExpectInvalidParameters(
      env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(id), NumberEntry("110382746592201")})),
      "Phone number '110382746592201' is listed twice");
}

TEST_F(SignupTest, PinThatIsNotSixDigitsIsInvalidParameters) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  const std::string id = offer.number_ids[0];
  for (const char* pin : {"12345a", "12345", " 12345"}) {
    ExpectInvalidParameters(env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(id, pin)})),
                            "The twoFactorPin of phone number '" + id + "' must be 6 digits");
  }
}

TEST_F(SignupTest, PinLongerThanSixIsAValidationErrorThatHidesThePin) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  Reply reply =
      env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0], "1234567")}));
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "ValidationException");
  EXPECT_EQ(reply.Message(),
            "1 validation error detected: Value at "
            "'setupFinalization.phoneNumbers.1.member.twoFactorPin' failed to satisfy constraint: "
            "Member must have length less than or equal to 6");
}

TEST_F(SignupTest, FailedStepTwoWritesNothingAndKeepsTheToken) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  Reply bad = env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0]),
                                                         NumberEntry(offer.number_ids[1], "x")}));
  ASSERT_EQ(bad.status(), 400);
  EXPECT_EQ(env_.Get("/v1/whatsapp/waba/details?id=" + offer.waba_id).status(), 404);
  EXPECT_EQ(env_.Get("/v1/whatsapp/waba/phone/details?id=" + offer.number_ids[0]).status(), 404);
  EXPECT_EQ(env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0])})).status(),
            200);
}

TEST_F(SignupTest, BothWabaAndParentIsInvalidParameters) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  ExpectInvalidParameters(
      env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0])}, Value::Object(),
                                   kFixtureWabaId)),
      "setupFinalization needs exactly one of waba or phoneNumberParent");
}

TEST_F(SignupTest, NeitherWabaNorParentIsInvalidParameters) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  ExpectInvalidParameters(
      env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0])}, Value())),
      "setupFinalization needs exactly one of waba or phoneNumberParent");
}

TEST_F(SignupTest, BothCallbackAndSetupIsInvalidParameters) {
  ExpectInvalidParameters(
      env_.Post(kSignup,
                R"({"signupCallback":{"accessToken":"EAAsocialiteBakeryToken"},)"
                R"("setupFinalization":{"associateInProgressToken":"t","phoneNumbers":[]}})"),
      "Provide exactly one of signupCallback or setupFinalization");
}

TEST_F(SignupTest, NeitherCallbackNorSetupIsInvalidParameters) {
  ExpectInvalidParameters(env_.Post(kSignup, "{}"),
                          "Provide exactly one of signupCallback or setupFinalization");
  ExpectInvalidParameters(env_.Post(kSignup, ""),
                          "Provide exactly one of signupCallback or setupFinalization");
}

TEST_F(SignupTest, WabaIdOfAnotherSignupIsInvalidParameters) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  ExpectInvalidParameters(
      env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0])},
                                   Value::Object().Set("id", kFixtureWabaId))),
      "waba.id '" + std::string(kFixtureWabaId) + "' is not the account of this sign-up (" +
          offer.waba_id + ")");
}

TEST_F(SignupTest, WabaIdMayNameTheSignupWabaOrItsMetaId) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  EXPECT_EQ(env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0])},
                                         Value::Object().Set("id", kBakeryMetaWabaId)))
                .status(),
            200);
}

TEST_F(SignupTest, NumberLinkedMeanwhileIsInvalidParameters) {
  // Two sign-ups for the same Meta account both offer the first number.
  SignupOffer first = env_.StartSignup(kBakeryToken);
  SignupOffer second = env_.StartSignup(kBakeryToken);
  ASSERT_EQ(second.number_ids.size(), 2u);
  ASSERT_EQ(env_.Post(kSignup, SetupBody(first.token, {NumberEntry(first.number_ids[0])})).status(),
            200);
  ExpectInvalidParameters(
      env_.Post(kSignup, SetupBody(second.token, {NumberEntry(second.number_ids[0])}, Value(),
                                   first.waba_id)),
      "Phone number +442071838750 is linked already to " + first.waba_id);
}

TEST_F(SignupTest, LinkingAnAlreadyLinkedWabaAgainIsInvalidParameters) {
  SignupOffer first = env_.StartSignup(kBakeryToken);
  SignupOffer second = env_.StartSignup(kBakeryToken);
  ASSERT_EQ(env_.Post(kSignup, SetupBody(first.token, {NumberEntry(first.number_ids[0])})).status(),
            200);
  ExpectInvalidParameters(
      env_.Post(kSignup, SetupBody(second.token, {NumberEntry(second.number_ids[1])})),
      "WhatsApp Business Account 104729384756207 is linked already as " + first.waba_id +
          "; use phoneNumberParent to add numbers to it");
}

TEST_F(SignupTest, PhoneNumberParentAddsNumbersToTheLinkedWaba) {
  SignupOffer first = env_.StartSignup(kBakeryToken);
  ASSERT_EQ(env_.Post(kSignup, SetupBody(first.token, {NumberEntry(first.number_ids[0])})).status(),
            200);
  SignupOffer more = env_.StartSignup(kBakeryToken);
  ASSERT_EQ(more.number_ids.size(), 1u);  // only the number not registered yet
  EXPECT_EQ(more.waba_id, first.waba_id);
  const std::string parent_arn =
      "arn:aws:social-messaging:us-east-1:000000000000:waba/" + first.waba_id.substr(5);
  Reply done = env_.Post(
      kSignup, SetupBody(more.token, {NumberEntry(more.number_ids[0])}, Value(), parent_arn));
  ASSERT_EQ(done.status(), 200) << done.http.body;
  EXPECT_EQ(done.json.GetString("linkedWhatsAppBusinessAccountId"), first.waba_id);
  Reply got = env_.Get("/v1/whatsapp/waba/details?id=" + first.waba_id);
  EXPECT_EQ(got.json.Get("account")->Get("phoneNumbers")->AsList().size(), 2u);
}

TEST_F(SignupTest, PhoneNumberParentMustBeTheSignupWaba) {
  SignupOffer first = env_.StartSignup(kBakeryToken);
  ASSERT_EQ(env_.Post(kSignup, SetupBody(first.token, {NumberEntry(first.number_ids[0])})).status(),
            200);
  SignupOffer more = env_.StartSignup(kBakeryToken);
  ExpectInvalidParameters(
      env_.Post(kSignup,
                SetupBody(more.token, {NumberEntry(more.number_ids[0])}, Value(), kFixtureWabaId)),
      "phoneNumberParent '" + std::string(kFixtureWabaId) +
          "' is not the linked WhatsApp Business Account of this sign-up");
}

TEST_F(SignupTest, PhoneNumberParentBeforeTheWabaIsLinkedIsInvalidParameters) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  ExpectInvalidParameters(
      env_.Post(kSignup,
                SetupBody(offer.token, {NumberEntry(offer.number_ids[0])}, Value(), offer.waba_id)),
      "phoneNumberParent '" + offer.waba_id +
          "' is not the linked WhatsApp Business Account of this sign-up");
}

TEST_F(SignupTest, MoreThanFiftyWabaTagsIsInvalidParameters) {
  SignupOffer offer = env_.StartSignup(kBakeryToken);
  ValueList tags;
  for (int i = 0; i < 51; ++i) tags.push_back(Value::Object().Set("key", "k" + std::to_string(i)));
  ExpectInvalidParameters(
      env_.Post(kSignup, SetupBody(offer.token, {NumberEntry(offer.number_ids[0])},
                                   Value::Object().Set("tags", Value(tags)))),
      "A resource can have at most 50 tags");
  EXPECT_EQ(env_.Get("/v1/whatsapp/waba/details?id=" + offer.waba_id).status(), 404);
}

TEST_F(SignupTest, SignupIsPartitionedByCaller) {
  std::string waba_id = env_.LinkWaba(kBakeryToken, kOtherPartitionAuth);
  ASSERT_FALSE(waba_id.empty());
  EXPECT_EQ(env_.Get("/v1/whatsapp/waba/details?id=" + waba_id, kOtherPartitionAuth).status(), 200);
  EXPECT_EQ(env_.Get("/v1/whatsapp/waba/details?id=" + waba_id).status(), 404);
  // The same Meta account can be linked in the default partition as well.
  EXPECT_FALSE(env_.LinkWaba(kBakeryToken).empty());
}

}  // namespace
}  // namespace socialite
