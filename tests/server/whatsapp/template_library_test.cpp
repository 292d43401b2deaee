// The template library: parsing the compiled-in file, the AWS filters, and instantiation of an
// entry (with the CreateWhatsAppMessageTemplateFromLibrary inputs) into a definition that
// passes Meta's template rules.
#include "server/whatsapp/template_library.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "server/core/json.h"
#include "server/whatsapp/template_rules.h"

namespace socialite::whatsapp {
namespace {

constexpr size_t kLibrarySize = 63;

class TemplateLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = TemplateLibrary::Parse(EmbeddedTemplateLibrary());
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    library_ = std::move(parsed).value();
  }

  // "name/language" of each entry the filters (a JSON object) select.
  std::vector<std::string> Filtered(const std::string& filters_json) {
    auto filters = ParseJson(filters_json);
    EXPECT_TRUE(filters.ok()) << filters_json;
    auto matches = library_.Filter(*filters);
    EXPECT_TRUE(matches.ok()) << matches.error().message;
    std::vector<std::string> out;
    if (!matches.ok()) return out;
    for (const LibraryTemplate* entry : *matches)
      out.push_back(entry->name + "/" + entry->language);
    return out;
  }

  const LibraryTemplate& Entry(const std::string& name, const std::string& language = "en_US") {
    const LibraryTemplate* entry = library_.Find(name, language);
    EXPECT_NE(entry, nullptr) << name << "/" << language;
    static const LibraryTemplate kMissing;
    return entry != nullptr ? *entry : kMissing;
  }

  TemplateLibrary library_;
};

// Instantiates `entry` with the request (a MetaLibraryTemplate as JSON) and returns the
// definition as compact JSON, or "error: <message>".
std::string Instantiate(const LibraryTemplate& entry, const std::string& request_json) {
  auto request = ParseJson(request_json);
  EXPECT_TRUE(request.ok()) << request_json;
  auto built = InstantiateLibraryTemplate(entry, *request);
  if (auto* error = std::get_if<MetaError>(&built)) return "error: " + error->Message();
  return WriteJson(std::get<Value>(built));
}

// The definition checked by Meta's rules.
std::variant<TemplateShape, MetaError> InstantiateAndCheck(const LibraryTemplate& entry,
                                                           const std::string& request_json) {
  auto request = ParseJson(request_json);
  EXPECT_TRUE(request.ok()) << request_json;
  auto built = InstantiateLibraryTemplate(entry, *request);
  if (auto* error = std::get_if<MetaError>(&built)) return *error;
  return CheckTemplateDefinition(std::get<Value>(built));
}

// --- Parse ---------------------------------------------------------------------------------

TEST_F(TemplateLibraryTest, EmbeddedLibraryHasAllEntries) {
  EXPECT_EQ(library_.entries().size(), kLibrarySize);
}

TEST_F(TemplateLibraryTest, EntryFieldsAreRead) {
  const LibraryTemplate& entry = Entry("order_confirmation_1");
  EXPECT_EQ(entry.category, "UTILITY");
  EXPECT_EQ(entry.topic, "ORDER_MANAGEMENT");
  EXPECT_EQ(entry.use_case, "ORDER_CONFIRMATION");
  EXPECT_EQ(entry.industries, std::vector<std::string>{"E_COMMERCE"});
  EXPECT_EQ(entry.header, "Thanks for your order");
  EXPECT_EQ(entry.body,
            "Hi {{1}}, we received your order {{2}} and are getting it ready. We will send you "
            "another message as soon as it ships.");
  EXPECT_EQ(entry.definition.GetString("templateId"), "9034871265401001");
}

TEST_F(TemplateLibraryTest, EveryEntryIsUniqueByNameAndLanguage) {
  std::set<std::string> seen;
  for (const auto& entry : library_.entries()) {
    EXPECT_TRUE(seen.insert(entry.name + "/" + entry.language).second)
        << entry.name << "/" << entry.language;
  }
}

TEST_F(TemplateLibraryTest, ParseRejectsADocumentWithoutTheList) {
  auto parsed = TemplateLibrary::Parse(R"({"templates":[]})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidParameters);
  EXPECT_EQ(parsed.error().message, R"(template library: expected {"libraryTemplates": [...]})");
}

TEST_F(TemplateLibraryTest, ParseNamesTheEntryWithoutABody) {
  auto parsed = TemplateLibrary::Parse(
      R"({"libraryTemplates":[{"templateName":"a","templateLanguage":"en_US","templateBody":"x"},)"
      R"({"templateName":"b","templateLanguage":"en_US"}]})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message,
            "template library: entry 1 needs templateName, templateLanguage and templateBody");
}

TEST_F(TemplateLibraryTest, ParseRejectsInvalidJson) {
  EXPECT_FALSE(TemplateLibrary::Parse("{").ok());
}

// --- Find and Names ------------------------------------------------------------------------

TEST_F(TemplateLibraryTest, FindNeedsNameAndLanguage) {
  const LibraryTemplate* spanish = library_.Find("account_verification_code", "es");
  ASSERT_NE(spanish, nullptr);
  EXPECT_EQ(spanish->language, "es");
  EXPECT_EQ(library_.Find("account_verification_code", "fr"), nullptr);
  EXPECT_EQ(library_.Find("no_such_template", "en_US"), nullptr);
}

TEST_F(TemplateLibraryTest, FindIsCaseSensitive) {
  EXPECT_EQ(library_.Find("ORDER_CONFIRMATION_1", "en_US"), nullptr);
}

TEST_F(TemplateLibraryTest, NamesHasOneNamePerEntry) {
  std::vector<std::string> names = library_.Names();
  ASSERT_EQ(names.size(), kLibrarySize);
  EXPECT_EQ(names.front(), "order_confirmation_1");
}

// --- Filter --------------------------------------------------------------------------------

TEST_F(TemplateLibraryTest, NoFiltersSelectEverythingInFileOrder) {
  std::vector<std::string> all = Filtered("{}");
  ASSERT_EQ(all.size(), kLibrarySize);
  EXPECT_EQ(all.front(), "order_confirmation_1/en_US");
  EXPECT_EQ(all.back(), "order_pickup_ready_1/id");
}

TEST_F(TemplateLibraryTest, SearchKeyMatchesTheName) {
  EXPECT_EQ(Filtered(R"({"searchKey":"verification"})"),
            (std::vector<std::string>{
                "account_verification_code/en_US", "account_verification_code/es",
                "account_verification_code/pt_BR", "account_verification_code/de"}));
}

TEST_F(TemplateLibraryTest, SearchKeyIgnoresCase) {
  EXPECT_EQ(Filtered(R"({"searchKey":"VERIFICATION"})"),
            Filtered(R"({"searchKey":"verification"})"));
}

TEST_F(TemplateLibraryTest, SearchKeyMatchesTheBody) {
  EXPECT_EQ(Filtered(R"({"searchKey":"package"})"),
            (std::vector<std::string>{"shipment_confirmation_2/en_US",
                                      "order_delivery_update_2/en_US", "delivery_failed_2/en_US"}));
}

TEST_F(TemplateLibraryTest, TopicFilterIgnoresCase) {
  EXPECT_EQ(Filtered(R"({"topic":"ORDER_MANAGEMENT"})").size(), 26u);
  EXPECT_EQ(Filtered(R"({"topic":"order_management"})").size(), 26u);
}

TEST_F(TemplateLibraryTest, UsecaseFilter) {
  EXPECT_EQ(
      Filtered(R"({"usecase":"delivery_update"})"),
      (std::vector<std::string>{"order_delivery_update_1/en_US", "order_delivery_update_2/en_US",
                                "order_delivery_update_1/es", "order_delivery_update_1/pt_BR",
                                "order_delivery_update_1/fr", "order_delivery_update_1/id"}));
}

TEST_F(TemplateLibraryTest, IndustryFilterMatchesAnyListedIndustry) {
  EXPECT_EQ(Filtered(R"({"industry":"financial_services"})").size(), 30u);
  EXPECT_EQ(Filtered(R"({"industry":"E_COMMERCE"})").size(), 45u);
}

TEST_F(TemplateLibraryTest, LanguageFilterIsExactButIgnoresCase) {
  EXPECT_EQ(Filtered(R"({"language":"ES"})"),
            (std::vector<std::string>{"order_delivery_update_1/es", "payment_due_reminder_1/es",
                                      "feedback_survey_1/es", "account_verification_code/es"}));
  // "en" is not a prefix match for en_US.
  EXPECT_TRUE(Filtered(R"({"language":"en"})").empty());
}

TEST_F(TemplateLibraryTest, FiltersCombineWithAnd) {
  EXPECT_EQ(
      Filtered(R"({"topic":"payments","language":"en_US","industry":"e_commerce"})"),
      (std::vector<std::string>{"payment_confirmation_1/en_US", "payment_due_reminder_2/en_US",
                                "autopay_reminder_1/en_US", "payment_failed_1/en_US",
                                "payment_action_required_1/en_US"}));
}

TEST_F(TemplateLibraryTest, FiltersThatExcludeEachOtherSelectNothing) {
  EXPECT_TRUE(Filtered(R"({"searchKey":"verification","topic":"PAYMENTS"})").empty());
}

TEST_F(TemplateLibraryTest, UnknownFilterKeyIsInvalidParameters) {
  auto filters = ParseJson(R"({"topic":"PAYMENTS","category":"UTILITY"})");
  ASSERT_TRUE(filters.ok());
  auto matches = library_.Filter(*filters);
  ASSERT_FALSE(matches.ok());
  EXPECT_EQ(matches.error().code, ErrorCode::kInvalidParameters);
  EXPECT_EQ(matches.error().message,
            "Unknown filter 'category'; use searchKey, topic, usecase, industry or language");
}

TEST_F(TemplateLibraryTest, FilterKeysAreCaseSensitive) {
  auto filters = ParseJson(R"({"Topic":"PAYMENTS"})");
  ASSERT_TRUE(filters.ok());
  EXPECT_FALSE(library_.Filter(*filters).ok());
}

// --- Instantiation: utility templates ------------------------------------------------------

TEST_F(TemplateLibraryTest, UtilityEntryBecomesAMetaDefinition) {
  EXPECT_EQ(
      Instantiate(Entry("order_confirmation_1"), "{}"),
      R"({"name":"order_confirmation_1","language":"en_US","category":"UTILITY","components":[)"
      R"({"type":"HEADER","format":"TEXT","text":"Thanks for your order"},)"
      R"({"type":"BODY","text":"Hi {{1}}, we received your order {{2}} and are getting it ready. )"
      R"(We will send you another message as soon as it ships.",)"
      R"("example":{"body_text":[["Ana","#48213"]]}},)"
      R"({"type":"BUTTONS","buttons":[{"type":"URL","text":"View order",)"
      R"("url":"https://www.example.com/orders/{{1}}","example":["12345"]}]}]})");
}

TEST_F(TemplateLibraryTest, RequestNameAndCategoryOverrideTheEntry) {
  auto shape =
      InstantiateAndCheck(Entry("order_confirmation_1"),
                          R"({"templateName":"my_orders","templateCategory":"MARKETING"})");
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(shape)) << std::get<MetaError>(shape).Message();
  EXPECT_EQ(std::get<TemplateShape>(shape).name, "my_orders");
  EXPECT_EQ(std::get<TemplateShape>(shape).category, "MARKETING");
  EXPECT_EQ(std::get<TemplateShape>(shape).language, "en_US");
}

TEST_F(TemplateLibraryTest, EntryWithoutHeaderHasNoHeaderComponent) {
  auto shape = InstantiateAndCheck(Entry("feedback_survey_1"), "{}");
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(shape)) << std::get<MetaError>(shape).Message();
  EXPECT_EQ(std::get<TemplateShape>(shape).header_format, "");
  EXPECT_EQ(std::get<TemplateShape>(shape).buttons.size(), 3u);
}

TEST_F(TemplateLibraryTest, BodyInputsAppendTheirSentencesInOrder) {
  const LibraryTemplate& entry = Entry("order_pickup_reminder_1");
  auto shape = InstantiateAndCheck(
      entry, R"({"libraryTemplateBodyInputs":{"addContactNumber":true,"addLearnMoreLink":true,)"
             R"("addTrackPackageLink":true}})");
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(shape)) << std::get<MetaError>(shape).Message();
  EXPECT_EQ(std::get<TemplateShape>(shape).body_text,
            entry.body +
                " Tap the button below to learn more. Tap the button below to track your "
                "package. Questions? Call us with the button below.");
}

TEST_F(TemplateLibraryTest, LearnMoreInputAloneAddsOneSentence) {
  const LibraryTemplate& entry = Entry("order_pickup_reminder_1");
  auto shape =
      InstantiateAndCheck(entry, R"({"libraryTemplateBodyInputs":{"addLearnMoreLink":true}})");
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(shape)) << std::get<MetaError>(shape).Message();
  EXPECT_EQ(std::get<TemplateShape>(shape).body_text,
            entry.body + " Tap the button below to learn more.");
}

TEST_F(TemplateLibraryTest, FalseBodyInputsAddNothing) {
  const LibraryTemplate& entry = Entry("order_pickup_reminder_1");
  auto shape = InstantiateAndCheck(
      entry,
      R"({"libraryTemplateBodyInputs":{"addLearnMoreLink":false,"addContactNumber":false}})");
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(shape)) << std::get<MetaError>(shape).Message();
  EXPECT_EQ(std::get<TemplateShape>(shape).body_text, entry.body);
}

TEST_F(TemplateLibraryTest, UrlButtonInputReplacesTheUrl) {
  std::string json = Instantiate(Entry("return_confirmation_2"),
                                 R"({"libraryTemplateButtonInputs":[{"type":"URL",)"
                                 R"("url":{"base_url":"https://shop.example.org/returns"}}]})");
  EXPECT_NE(json.find(R"({"type":"URL","text":)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("url":"https://shop.example.org/returns"})"), std::string::npos) << json;
  EXPECT_EQ(json.find("https://www.example.com/help/returns"), std::string::npos) << json;
}

TEST_F(TemplateLibraryTest, PhoneNumberButtonInputReplacesTheNumber) {
  std::string json = Instantiate(
      Entry("order_cancel_1"),
      R"({"libraryTemplateButtonInputs":[{"type":"PHONE_NUMBER","phoneNumber":"+14165550199"}]})");
  EXPECT_NE(json.find(R"("phone_number":"+14165550199")"), std::string::npos) << json;
  EXPECT_EQ(json.find("+14255550142"), std::string::npos) << json;
}

// --- Instantiation: authentication templates -----------------------------------------------

TEST_F(TemplateLibraryTest, AuthenticationEntryWithoutInputs) {
  EXPECT_EQ(Instantiate(Entry("account_verification_code"), "{}"),
            R"({"name":"account_verification_code","language":"en_US","category":)"
            R"("AUTHENTICATION","components":[{"type":"BODY","add_security_recommendation":false},)"
            R"({"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE"}]}]})");
}

TEST_F(TemplateLibraryTest, AuthenticationInputsProduceACheckedDefinition) {
  auto shape = InstantiateAndCheck(Entry("account_verification_code"),
                                   R"({"libraryTemplateBodyInputs":{"codeExpirationMinutes":10,)"
                                   R"("addSecurityRecommendation":true}})");
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(shape)) << std::get<MetaError>(shape).Message();
  const TemplateShape& s = std::get<TemplateShape>(shape);
  EXPECT_EQ(s.category, "AUTHENTICATION");
  EXPECT_EQ(s.body_text,
            "{{1}} is your verification code. For your security, do not share this code.");
  EXPECT_EQ(s.footer_text, "This code expires in 10 minutes.");
  EXPECT_EQ(s.body_variables, 1);
  ASSERT_EQ(s.buttons.size(), 1u);
  EXPECT_EQ(s.buttons[0].type, "OTP");
}

TEST_F(TemplateLibraryTest, CodeExpirationOfOneAndNinetyMinutesIsAccepted) {
  for (int minutes : {1, 90}) {
    auto shape = InstantiateAndCheck(Entry("login_security_code"),
                                     R"({"libraryTemplateBodyInputs":{"codeExpirationMinutes":)" +
                                         std::to_string(minutes) + "}}");
    ASSERT_TRUE(std::holds_alternative<TemplateShape>(shape)) << minutes;
    EXPECT_EQ(std::get<TemplateShape>(shape).footer_text,
              "This code expires in " + std::to_string(minutes) + " minutes.");
  }
}

TEST_F(TemplateLibraryTest, CodeExpirationOfZeroMinutesIsRejected) {
  EXPECT_EQ(Instantiate(Entry("login_security_code"),
                        R"({"libraryTemplateBodyInputs":{"codeExpirationMinutes":0}})"),
            "error: (#100) Invalid parameter: libraryTemplateBodyInputs.codeExpirationMinutes "
            "must be 1-90");
}

TEST_F(TemplateLibraryTest, CodeExpirationOfNinetyOneMinutesIsRejected) {
  EXPECT_EQ(Instantiate(Entry("login_security_code"),
                        R"({"libraryTemplateBodyInputs":{"codeExpirationMinutes":91}})"),
            "error: (#100) Invalid parameter: libraryTemplateBodyInputs.codeExpirationMinutes "
            "must be 1-90");
}

TEST_F(TemplateLibraryTest, OtpTypeComesFromTheEntry) {
  std::string json = Instantiate(Entry("signup_one_tap_code"), "{}");
  EXPECT_NE(json.find(R"({"type":"OTP","otp_type":"ONE_TAP"})"), std::string::npos) << json;
}

TEST_F(TemplateLibraryTest, OtpButtonInputOverridesTypeAndAddsApps) {
  std::string json = Instantiate(
      Entry("account_verification_code"),
      R"({"libraryTemplateButtonInputs":[{"type":"OTP","otpType":"ZERO_TAP",)"
      R"("zeroTapTermsAccepted":true,"supportedApps":[{"packageName":"com.example.app",)"
      R"("signatureHash":"K8a/AINcGX7"}]}]})");
  EXPECT_NE(json.find(R"({"type":"OTP","zero_tap_terms_accepted":true,"supported_apps":)"
                      R"([{"package_name":"com.example.app","signature_hash":"K8a/AINcGX7"}],)"
                      R"("otp_type":"ZERO_TAP"})"),
            std::string::npos)
      << json;
}

// --- Every entry ---------------------------------------------------------------------------

TEST_F(TemplateLibraryTest, EveryEntryInstantiatesIntoAValidDefinition) {
  ASSERT_EQ(library_.entries().size(), kLibrarySize);
  for (const auto& entry : library_.entries()) {
    auto shape = InstantiateAndCheck(entry, "{}");
    ASSERT_TRUE(std::holds_alternative<TemplateShape>(shape))
        << entry.name << "/" << entry.language << ": " << std::get<MetaError>(shape).Message();
    const TemplateShape& s = std::get<TemplateShape>(shape);
    EXPECT_EQ(s.name, entry.name);
    EXPECT_EQ(s.language, entry.language);
    EXPECT_EQ(s.category, entry.category) << entry.name;
  }
}

TEST_F(TemplateLibraryTest, EveryEntryWithAllInputsInstantiatesIntoAValidDefinition) {
  const std::string request =
      R"({"libraryTemplateBodyInputs":{"addContactNumber":true,"addLearnMoreLink":true,)"
      R"("addTrackPackageLink":true,"addSecurityRecommendation":true,"codeExpirationMinutes":5}})";
  for (const auto& entry : library_.entries()) {
    auto shape = InstantiateAndCheck(entry, request);
    EXPECT_TRUE(std::holds_alternative<TemplateShape>(shape))
        << entry.name << "/" << entry.language << ": " << std::get<MetaError>(shape).Message();
  }
}

// Library entries are approved as they are, so the entries themselves pass the simulated
// review except for the reserved-name rule (their own names are library names).
TEST_F(TemplateLibraryTest, EveryEntryPassesReviewUnderAnotherName) {
  for (const auto& entry : library_.entries()) {
    auto shape = InstantiateAndCheck(entry, R"({"templateName":"renamed_copy"})");
    ASSERT_TRUE(std::holds_alternative<TemplateShape>(shape)) << entry.name;
    auto rejection = ReviewTemplate(std::get<TemplateShape>(shape), library_.Names());
    EXPECT_FALSE(rejection.has_value())
        << entry.name << "/" << entry.language << ": " << rejection->reason;
  }
}

}  // namespace
}  // namespace socialite::whatsapp
