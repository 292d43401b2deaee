#include "server/whatsapp/template_rules.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "server/core/json.h"

namespace socialite::whatsapp {
namespace {

std::string Repeat(const std::string& unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

// A definition named order_update in en_US; `extra` is spliced in before "components".
std::string Def(const std::string& category, const std::string& components,
                const std::string& extra = "") {
  return R"({"name":"order_update","language":"en_US","category":")" + category + R"(",)" + extra +
         R"("components":[)" + components + "]}";
}

// A valid body with no variables, to complete definitions that test other components.
const std::string kPlainBody = R"({"type":"BODY","text":"Your order has shipped."})";
const std::string kOtpButtons =
    R"({"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE"}]})";

std::variant<TemplateShape, MetaError> CheckJson(const std::string& json) {
  Result<Value> parsed = ParseJson(json);
  if (!parsed.ok()) {
    ADD_FAILURE() << "bad test JSON: " << parsed.error().message << "\n" << json;
    return MakeMetaError(-1, "bad test JSON");
  }
  return CheckTemplateDefinition(*parsed);
}

// One line describing the shape fields, so a table row can state what it expects.
std::string Summary(const TemplateShape& s) {
  std::string out = s.category + " " + s.parameter_format +
                    " header=" + (s.header_format.empty() ? "-" : s.header_format) + "/" +
                    std::to_string(s.header_variables) +
                    " body=" + std::to_string(s.body_variables);
  if (!s.body_variable_names.empty()) {
    out += "[";
    for (size_t i = 0; i < s.body_variable_names.size(); ++i) {
      out += (i ? "," : "") + s.body_variable_names[i];
    }
    out += "]";
  }
  out += " buttons=";
  for (size_t i = 0; i < s.buttons.size(); ++i) {
    out += (i ? "," : "") + s.buttons[i].type + (s.buttons[i].url_has_variable ? "*" : "");
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Valid definitions.

struct ValidCase {
  std::string label;
  std::string json;
  std::string summary;
};

std::ostream& operator<<(std::ostream& os, const ValidCase& c) { return os << c.label; }

class ValidDefinitionTest : public testing::TestWithParam<ValidCase> {};

TEST_P(ValidDefinitionTest, IsAccepted) {
  auto result = CheckJson(GetParam().json);
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(result))
      << std::get<MetaError>(result).Message();
  EXPECT_EQ(Summary(std::get<TemplateShape>(result)), GetParam().summary);
}

const std::string kTwoVarBody =
    R"({"type":"BODY","text":"Hi {{1}}, your order {{2}} has shipped today.",)"
    R"("example":{"body_text":[["Ana","A-1001"]]}})";

INSTANTIATE_TEST_SUITE_P(
    Table, ValidDefinitionTest,
    testing::Values(
        ValidCase{"TextHeaderPlain",
                  Def("UTILITY",
                      R"({"type":"HEADER","format":"TEXT","text":"Order update"},)" + kTwoVarBody),
                  "UTILITY POSITIONAL header=TEXT/0 body=2 buttons="},
        ValidCase{"TextHeaderWithVariable",
                  Def("UTILITY", R"({"type":"HEADER","format":"TEXT","text":"Order {{1}}",)"
                                 R"("example":{"header_text":["A-1001"]}},)" +
                                     kTwoVarBody),
                  "UTILITY POSITIONAL header=TEXT/1 body=2 buttons="},
        ValidCase{
            "ImageHeader",
            Def("MARKETING",
                R"({"type":"HEADER","format":"IMAGE","example":{"header_handle":["4::aW"]}},)" +
                    kPlainBody),
            "MARKETING POSITIONAL header=IMAGE/0 body=0 buttons="},
        ValidCase{
            "VideoHeader",
            Def("MARKETING",
                R"({"type":"HEADER","format":"VIDEO","example":{"header_handle":["4::dm"]}},)" +
                    kPlainBody),
            "MARKETING POSITIONAL header=VIDEO/0 body=0 buttons="},
        ValidCase{
            "DocumentHeader",
            Def("UTILITY",
                R"({"type":"HEADER","format":"DOCUMENT","example":{"header_handle":["4::ZG"]}},)" +
                    kPlainBody),
            "UTILITY POSITIONAL header=DOCUMENT/0 body=0 buttons="},
        ValidCase{"GifHeader",
                  Def("MARKETING",
                      R"({"type":"HEADER","format":"GIF","example":{"header_handle":["4::Z2"]}},)" +
                          kPlainBody),
                  "MARKETING POSITIONAL header=GIF/0 body=0 buttons="},
        ValidCase{"LocationHeaderNeedsNoExample",
                  Def("UTILITY", R"({"type":"HEADER","format":"LOCATION"},)" + kPlainBody),
                  "UTILITY POSITIONAL header=LOCATION/0 body=0 buttons="},
        ValidCase{"LowerCaseNamesAreNormalized",
                  Def("utility",
                      R"({"type":"header","format":"location"},)"
                      R"({"type":"body","text":"Your order has shipped."},)"
                      R"({"type":"footer","text":"Thanks"},)"
                      R"({"type":"buttons","buttons":[{"type":"quick_reply","text":"OK"}]})",
                      R"("parameter_format":"positional",)"),
                  "UTILITY POSITIONAL header=LOCATION/0 body=0 buttons=QUICK_REPLY"},
        ValidCase{"RepeatedPositionalVariable",
                  Def("UTILITY",
                      R"({"type":"BODY","text":"Dear {{1}}, thank you {{1}} for ordering {{2}} )"
                      R"(with us today.","example":{"body_text":[["Ana","socks"]]}})"),
                  "UTILITY POSITIONAL header=-/0 body=2 buttons="},
        ValidCase{"PunctuationAfterLastVariableIsText",
                  Def("UTILITY", R"({"type":"BODY","text":"Your verification number is {{1}}.",)"
                                 R"("example":{"body_text":[["1234"]]}})"),
                  "UTILITY POSITIONAL header=-/0 body=1 buttons="},
        ValidCase{"NamedVariables",
                  Def("UTILITY",
                      R"({"type":"HEADER","format":"TEXT","text":"Hello {{first_name}}",)"
                      R"("example":{"header_text_named_params":[)"
                      R"({"param_name":"first_name","example":"Ana"}]}},)"
                      R"({"type":"BODY","text":"Dear {{first_name}}, order {{order_id}} ships )"
                      R"(tomorrow morning.","example":{"body_text_named_params":[)"
                      R"({"param_name":"first_name","example":"Ana"},)"
                      R"({"param_name":"order_id","example":"A-1001"}]}})",
                      R"("parameter_format":"NAMED",)"),
                  "UTILITY NAMED header=TEXT/1 body=2[first_name,order_id] buttons="},
        ValidCase{"NamedFormatWithoutVariables",
                  Def("UTILITY", kPlainBody, R"("parameter_format":"named",)"),
                  "UTILITY NAMED header=-/0 body=0 buttons="},
        ValidCase{"AuthenticationCopyCode",
                  Def("AUTHENTICATION", R"({"type":"BODY","add_security_recommendation":true},)"
                                        R"({"type":"FOOTER","code_expiration_minutes":10},)" +
                                            kOtpButtons),
                  "AUTHENTICATION POSITIONAL header=-/0 body=1 buttons=OTP"},
        ValidCase{"AuthenticationOneTap",
                  Def("authentication",
                      R"({"type":"BODY"},)"
                      R"({"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"one_tap",)"
                      R"("text":"Copy code","supported_apps":[{"package_name":"com.example",)"
                      R"("signature_hash":"K8a/AINcGX7"}]}]})"),
                  "AUTHENTICATION POSITIONAL header=-/0 body=1 buttons=OTP"},
        ValidCase{"MarketingButtonsOfEachType",
                  Def("MARKETING",
                      kPlainBody +
                          R"(,{"type":"BUTTONS","buttons":[)"
                          R"({"type":"QUICK_REPLY","text":"Stop promotions"},)"
                          R"({"type":"QUICK_REPLY","text":"Tell me more"},)"
                          R"({"type":"URL","text":"Shop","url":"https://shop.example/{{1}}",)"
                          R"("example":["https://shop.example/summer"]},)"
                          R"({"type":"URL","text":"Help","url":"https://help.example"},)"
                          R"({"type":"PHONE_NUMBER","text":"Call us","phone_number":"+15550100"},)"
                          R"({"type":"COPY_CODE","example":"SUMMER25"},)"
                          R"({"type":"VOICE_CALL","text":"Call on WhatsApp"}]})"),
                  "MARKETING POSITIONAL header=-/0 body=0 buttons=QUICK_REPLY,QUICK_REPLY,URL*,URL,"
                  "PHONE_NUMBER,COPY_CODE,VOICE_CALL"},
        ValidCase{"QuickRepliesAfterOtherButtons",
                  Def("UTILITY", kPlainBody + R"(,{"type":"BUTTONS","buttons":[)"
                                              R"({"type":"FLOW","text":"Book","flow_id":"123"},)"
                                              R"({"type":"QUICK_REPLY","text":"Yes"},)"
                                              R"({"type":"QUICK_REPLY","text":"No"}]})"),
                  "UTILITY POSITIONAL header=-/0 body=0 buttons=FLOW,QUICK_REPLY,QUICK_REPLY"},
        ValidCase{"CatalogButton",
                  Def("MARKETING", kPlainBody + R"(,{"type":"BUTTONS","buttons":[)"
                                                R"({"type":"CATALOG","text":"View catalog"}]})"),
                  "MARKETING POSITIONAL header=-/0 body=0 buttons=CATALOG"},
        ValidCase{"MpmButton",
                  Def("MARKETING", kPlainBody + R"(,{"type":"BUTTONS","buttons":[)"
                                                R"({"type":"MPM","text":"View items"}]})"),
                  "MARKETING POSITIONAL header=-/0 body=0 buttons=MPM"},
        ValidCase{"TenQuickReplies",
                  Def("MARKETING", kPlainBody + R"(,{"type":"BUTTONS","buttons":[)" +
                                       Repeat(R"({"type":"QUICK_REPLY","text":"Option"},)", 9) +
                                       R"({"type":"QUICK_REPLY","text":"Option"}]})"),
                  "MARKETING POSITIONAL header=-/0 body=0 buttons=" + Repeat("QUICK_REPLY,", 9) +
                      "QUICK_REPLY"},
        ValidCase{
            "LimitsExactlyReached",
            Def("UTILITY", R"({"type":"HEADER","format":"TEXT","text":")" + Repeat("h", 60) +
                               R"("},{"type":"BODY","text":")" + Repeat("b", 1024) +
                               R"("},{"type":"FOOTER","text":")" + Repeat("f", 60) +
                               R"("},{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":")" +
                               Repeat("q", 25) + R"("}]})"),
            "UTILITY POSITIONAL header=TEXT/0 body=0 buttons=QUICK_REPLY"},
        ValidCase{"MultibyteCharactersCountOnce",
                  // 60 two-byte characters: 120 bytes but within the 60-character limit.
                  Def("UTILITY", R"({"type":"HEADER","format":"TEXT","text":")" +
                                     Repeat("\xC3\xA9", 60) + R"("},)" + kPlainBody),
                  "UTILITY POSITIONAL header=TEXT/0 body=0 buttons="},
        ValidCase{"ShortLanguageCode",
                  R"({"name":"a_1","language":"pt","category":"UTILITY","components":[)" +
                      kPlainBody + "]}",
                  "UTILITY POSITIONAL header=-/0 body=0 buttons="},
        ValidCase{"LongestName",
                  R"({"name":")" + Repeat("n", 512) +
                      R"(","language":"pt_BR","category":"UTILITY","components":[)" + kPlainBody +
                      "]}",
                  "UTILITY POSITIONAL header=-/0 body=0 buttons="}),
    [](const testing::TestParamInfo<ValidCase>& info) { return info.param.label; });

TEST(TemplateRulesTest, ShapeKeepsTextsAndComponentsAsGiven) {
  std::string json = Def(
      "marketing", R"({"type":"Body","text":"Hi {{1}}, see our new arrivals today.",)"
                   R"("example":{"body_text":[["Ana"]]}},)"
                   R"({"type":"FOOTER","text":"Reply STOP to unsubscribe"},)"
                   R"({"type":"BUTTONS","buttons":[{"type":"url","text":"Shop",)"
                   R"("url":"https://shop.example/{{1}}","example":["https://shop.example/x"]}]})");
  auto result = CheckJson(json);
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(result))
      << std::get<MetaError>(result).Message();
  const TemplateShape& shape = std::get<TemplateShape>(result);
  EXPECT_EQ(shape.name, "order_update");
  EXPECT_EQ(shape.language, "en_US");
  EXPECT_EQ(shape.category, "MARKETING");
  EXPECT_EQ(shape.body_text, "Hi {{1}}, see our new arrivals today.");
  EXPECT_EQ(shape.footer_text, "Reply STOP to unsubscribe");
  ASSERT_EQ(shape.buttons.size(), 1u);
  EXPECT_EQ(shape.buttons[0].type, "URL");
  EXPECT_EQ(shape.buttons[0].text, "Shop");
  EXPECT_TRUE(shape.buttons[0].url_has_variable);
  // Components are stored untouched (the "Body" and "url" spellings survive) for Get.
  ASSERT_TRUE(shape.components.is_list());
  EXPECT_EQ(shape.components.AsList().size(), 3u);
  EXPECT_EQ(shape.components.AsList()[0].GetString("type"), "Body");
  Result<Value> parsed = ParseJson(json);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(shape.components, *parsed->Get("components"));
}

TEST(TemplateRulesTest, AuthenticationShapeUsesMetasFixedText) {
  auto result =
      CheckJson(Def("AUTHENTICATION", R"({"type":"BODY","add_security_recommendation":true},)"
                                      R"({"type":"FOOTER","code_expiration_minutes":5},)" +
                                          kOtpButtons));
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(result))
      << std::get<MetaError>(result).Message();
  const TemplateShape& shape = std::get<TemplateShape>(result);
  EXPECT_EQ(shape.body_text,
            "{{1}} is your verification code. For your security, do not share this code.");
  EXPECT_EQ(shape.footer_text, "This code expires in 5 minutes.");
  EXPECT_EQ(shape.body_variables, 1);

  auto plain = CheckJson(Def("AUTHENTICATION", R"({"type":"BODY"},)" + kOtpButtons));
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(plain));
  EXPECT_EQ(std::get<TemplateShape>(plain).body_text, "{{1}} is your verification code.");
  EXPECT_EQ(std::get<TemplateShape>(plain).footer_text, "");
}

// ---------------------------------------------------------------------------------------------
// Invalid definitions: each names Meta's code and a fragment of the details.

struct InvalidCase {
  std::string label;
  std::string json;
  int code;
  std::string fragment;
};

std::ostream& operator<<(std::ostream& os, const InvalidCase& c) { return os << c.label; }

class InvalidDefinitionTest : public testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidDefinitionTest, IsRejectedWithMetasCode) {
  auto result = CheckJson(GetParam().json);
  ASSERT_TRUE(std::holds_alternative<MetaError>(result))
      << "accepted: " << Summary(std::get<TemplateShape>(result));
  const MetaError& error = std::get<MetaError>(result);
  EXPECT_EQ(error.code, GetParam().code) << error.Message();
  EXPECT_NE(error.details.find(GetParam().fragment), std::string::npos) << error.Message();
  EXPECT_FALSE(error.title.empty()) << error.code;
}

std::string Buttons(const std::string& buttons) {
  return kPlainBody + R"(,{"type":"BUTTONS","buttons":[)" + buttons + "]}";
}

std::string Body(const std::string& text, const std::string& example = "") {
  return R"({"type":"BODY","text":")" + text + "\"" +
         (example.empty() ? "" : R"(,"example":)" + example) + "}";
}

INSTANTIATE_TEST_SUITE_P(
    Definition, InvalidDefinitionTest,
    testing::Values(
        InvalidCase{"NotAnObject", "[]", 100, "must be a JSON object"},
        InvalidCase{
            "MissingName",
            R"({"language":"en_US","category":"UTILITY","components":[)" + kPlainBody + "]}", 100,
            "name is required"},
        InvalidCase{"NameWithCapitals",
                    R"({"name":"Order_Update","language":"en_US","category":"UTILITY",)"
                    R"("components":[)" +
                        kPlainBody + "]}",
                    100, "name 'Order_Update' may contain only lowercase letters"},
        InvalidCase{"NameWithHyphen",
                    R"({"name":"order-update","language":"en_US","category":"UTILITY",)"
                    R"("components":[)" +
                        kPlainBody + "]}",
                    100, "only lowercase letters, digits and underscores"},
        InvalidCase{"NameTooLong",
                    R"({"name":")" + Repeat("n", 513) +
                        R"(","language":"en_US","category":"UTILITY","components":[)" + kPlainBody +
                        "]}",
                    2388040, "name is 513 characters; the limit is 512"},
        InvalidCase{"MissingLanguage",
                    R"({"name":"a","category":"UTILITY","components":[)" + kPlainBody + "]}", 100,
                    "language is required"},
        InvalidCase{"LanguageWithHyphen",
                    R"({"name":"a","language":"en-US","category":"UTILITY","components":[)" +
                        kPlainBody + "]}",
                    100, "language 'en-US' is not a locale code"},
        InvalidCase{"LanguageWord",
                    R"({"name":"a","language":"english","category":"UTILITY","components":[)" +
                        kPlainBody + "]}",
                    100, "language 'english'"},
        InvalidCase{"MissingCategory",
                    R"({"name":"a","language":"en","components":[)" + kPlainBody + "]}", 100,
                    "category is required"},
        InvalidCase{"UnknownCategory", Def("PROMOTION", kPlainBody), 100,
                    "category 'PROMOTION' is not valid"},
        InvalidCase{"UnknownParameterFormat",
                    Def("UTILITY", kPlainBody, R"("parameter_format":"MIXED",)"), 100,
                    "parameter_format 'MIXED' is not valid"},
        InvalidCase{"ParameterFormatNotAString",
                    Def("UTILITY", kPlainBody, R"("parameter_format":1,)"), 100,
                    "parameter_format"},
        InvalidCase{"NoComponents", Def("UTILITY", ""), 100, "components must be a non-empty list"},
        InvalidCase{"ComponentsNotAList",
                    R"({"name":"a","language":"en","category":"UTILITY","components":{}})", 100,
                    "components must be a non-empty list"},
        InvalidCase{"ComponentNotAnObject", Def("UTILITY", R"("BODY")"), 100,
                    "components[0] must be an object"},
        InvalidCase{"ComponentWithoutType", Def("UTILITY", R"({"text":"Hello there"})"), 100,
                    "components[0] type is required"},
        InvalidCase{"UnknownComponentType",
                    Def("UTILITY", kPlainBody + R"(,{"type":"CAROUSEL","cards":[]})"), 100,
                    "components[1] type 'CAROUSEL' is not supported"},
        InvalidCase{"TwoBodies", Def("UTILITY", kPlainBody + "," + kPlainBody), 100,
                    "exactly one BODY component; components[1] is a second one"},
        InvalidCase{"NoBody", Def("UTILITY", R"({"type":"FOOTER","text":"Thanks"})"), 100,
                    "exactly one BODY component; none was given"},
        InvalidCase{"TwoHeaders",
                    Def("UTILITY", R"({"type":"HEADER","format":"LOCATION"},)"
                                   R"({"type":"HEADER","format":"LOCATION"},)" +
                                       kPlainBody),
                    100, "at most one HEADER component"},
        InvalidCase{"TwoFooters",
                    Def("UTILITY", kPlainBody + R"(,{"type":"FOOTER","text":"a"},)"
                                                R"({"type":"FOOTER","text":"b"})"),
                    100, "at most one FOOTER component"},
        InvalidCase{"TwoButtonComponents",
                    Def("UTILITY", Buttons(R"({"type":"QUICK_REPLY","text":"a"})") +
                                       R"(,{"type":"BUTTONS","buttons":[)"
                                       R"({"type":"QUICK_REPLY","text":"b"}]})"),
                    100, "at most one BUTTONS component"}),
    [](const testing::TestParamInfo<InvalidCase>& info) { return info.param.label; });

INSTANTIATE_TEST_SUITE_P(
    Header, InvalidDefinitionTest,
    testing::Values(
        InvalidCase{"MissingFormat",
                    Def("UTILITY", R"({"type":"HEADER","text":"Hi"},)" + kPlainBody), 2388047,
                    "HEADER format is required"},
        InvalidCase{"UnknownFormat",
                    Def("UTILITY", R"({"type":"HEADER","format":"AUDIO"},)" + kPlainBody), 2388047,
                    "HEADER format 'AUDIO' is not valid"},
        InvalidCase{"TextMissing",
                    Def("UTILITY", R"({"type":"HEADER","format":"TEXT"},)" + kPlainBody), 100,
                    "HEADER text is required"},
        InvalidCase{"TextTooLong",
                    Def("UTILITY", R"({"type":"HEADER","format":"TEXT","text":")" +
                                       Repeat("h", 61) + R"("},)" + kPlainBody),
                    2388040, "HEADER text is 61 characters; the limit is 60"},
        InvalidCase{"TwoVariables",
                    Def("UTILITY", R"({"type":"HEADER","format":"TEXT","text":"{{1}} and {{2}}",)"
                                   R"("example":{"header_text":["a","b"]}},)" +
                                       kPlainBody),
                    2388047, "HEADER text has 2 variables; the limit is 1"},
        InvalidCase{"VariableNotNumberedOne",
                    Def("UTILITY", R"({"type":"HEADER","format":"TEXT","text":"Order {{2}}",)"
                                   R"("example":{"header_text":["a"]}},)" +
                                       kPlainBody),
                    2388047, "found {{2}} where {{1}} was expected"},
        InvalidCase{"VariableWithoutExample",
                    Def("UTILITY",
                        R"({"type":"HEADER","format":"TEXT","text":"Order {{1}}"},)" + kPlainBody),
                    100, "example.header_text must be a list of 1 example string"},
        InvalidCase{"NamedVariableWithoutExample",
                    Def("UTILITY",
                        R"({"type":"HEADER","format":"TEXT","text":"Hi {{name}}"},)" + kPlainBody,
                        R"("parameter_format":"NAMED",)"),
                    100, "example.header_text_named_params"},
        InvalidCase{"ImageWithoutHandle",
                    Def("MARKETING", R"({"type":"HEADER","format":"IMAGE"},)" + kPlainBody), 100,
                    "HEADER format IMAGE needs example.header_handle"},
        InvalidCase{"DocumentWithEmptyHandleList",
                    Def("UTILITY",
                        R"({"type":"HEADER","format":"DOCUMENT","example":{"header_handle":[]}},)" +
                            kPlainBody),
                    100, "HEADER format DOCUMENT needs example.header_handle"}),
    [](const testing::TestParamInfo<InvalidCase>& info) { return info.param.label; });

const std::string kNamed = R"("parameter_format":"NAMED",)";

INSTANTIATE_TEST_SUITE_P(
    Body, InvalidDefinitionTest,
    testing::Values(
        InvalidCase{"TextMissing", Def("UTILITY", R"({"type":"BODY"})"), 100,
                    "BODY text is required"},
        InvalidCase{"TextTooLong", Def("UTILITY", Body(Repeat("b", 1100))), 2388040,
                    "BODY text is 1100 characters; the limit is 1024"},
        InvalidCase{"OneOverTheLimit", Def("UTILITY", Body(Repeat("b", 1025))), 2388040,
                    "BODY text is 1025 characters; the limit is 1024"},
        InvalidCase{"StartsAtTwo",
                    Def("UTILITY",
                        Body("Hello {{2}} and welcome to the club.", R"({"body_text":[["a"]]})")),
                    2388072, "found {{2}} where {{1}} was expected"},
        InvalidCase{"Gap",
                    Def("UTILITY", Body("Hello {{1}}, your order {{3}} is on its way now.",
                                        R"({"body_text":[["a","b"]]})")),
                    2388072, "found {{3}} where {{2}} was expected"},
        InvalidCase{"OutOfOrder",
                    Def("UTILITY", Body("Hello {{2}}, your order {{1}} is on its way now.",
                                        R"({"body_text":[["a","b"]]})")),
                    2388072, "found {{2}} where {{1}} was expected"},
        InvalidCase{"NamedInPositionalTemplate",
                    Def("UTILITY", Body("Hello {{name}}, your order is on its way now.")), 2388072,
                    "{{name}} is named but parameter_format is POSITIONAL"},
        InvalidCase{"PositionalInNamedTemplate",
                    Def("UTILITY",
                        Body("Hello {{name}}, your order {{1}} is on its way now.",
                             R"({"body_text_named_params":[{"param_name":"name","example":"A"}]})"),
                        kNamed),
                    2388072, "{{1}} is positional but parameter_format is NAMED"},
        InvalidCase{"SpacedVariable",
                    Def("UTILITY", Body("Hello {{ 1 }}, your order is on its way now.")), 2388072,
                    "variable {{ 1 }} is not valid"},
        InvalidCase{"UpperCaseName",
                    Def("UTILITY", Body("Hello {{Name}}, your order is on its way now."), kNamed),
                    2388072, "variable {{Name}} is not valid"},
        InvalidCase{"StartsWithVariable",
                    Def("UTILITY", Body("  {{1}}, your order is on its way to you now.",
                                        R"({"body_text":[["Ana"]]})")),
                    2388299, "starts with the variable {{1}}"},
        InvalidCase{"EndsWithVariable",
                    Def("UTILITY", Body("Your order is on its way to you now {{1}} \\n",
                                        R"({"body_text":[["Ana"]]})")),
                    2388299, "ends with the variable {{1}}"},
        InvalidCase{"NamedEndsWithVariable",
                    Def("UTILITY",
                        Body("Your order is on its way to you now {{name}}",
                             R"({"body_text_named_params":[{"param_name":"name","example":"A"}]})"),
                        kNamed),
                    2388299, "ends with the variable {{name}}"},
        InvalidCase{
            "TooManyVariablesForTheWords",
            Def("UTILITY", Body("Hi {{1}} order {{2}} ok.", R"({"body_text":[["a","b"]]})")),
            2388293, "has 2 variables but only 3 other words"},
        InvalidCase{"OneVariableOneWord",
                    Def("UTILITY", Body("Hi {{1}} !", R"({"body_text":[["a"]]})")), 2388293,
                    "BODY text has 1 variable but only 1 other word; it needs at least 2"},
        InvalidCase{"PunctuationIsNotAWord",
                    Def("UTILITY", Body("Hi {{1}} - {{2}} ! ok", R"({"body_text":[["a","b"]]})")),
                    2388293, "only 2 other words"},
        InvalidCase{"MissingExample",
                    Def("UTILITY", Body("Hi {{1}}, your order {{2}} has shipped today.")), 100,
                    "BODY text has 2 variable(s), so example.body_text"},
        InvalidCase{"ExampleCountMismatch",
                    Def("UTILITY", Body("Hi {{1}}, your order {{2}} has shipped today.",
                                        R"({"body_text":[["Ana"]]})")),
                    100, "one list of 2 example strings"},
        InvalidCase{"ExampleNotNested",
                    Def("UTILITY", Body("Hi {{1}}, your order {{2}} has shipped today.",
                                        R"({"body_text":["Ana","A-1"]})")),
                    100, "example.body_text"},
        InvalidCase{"NamedExampleMissing",
                    Def("UTILITY",
                        Body("Hi {{first_name}}, order {{order_id}} has shipped today.",
                             R"({"body_text_named_params":[)"
                             R"({"param_name":"first_name","example":"Ana"}]})"),
                        kNamed),
                    100, "{{order_id}} has no example"},
        InvalidCase{"NamedExampleForUnusedName",
                    Def("UTILITY",
                        Body("Hi {{first_name}}, your order has shipped today.",
                             R"({"body_text_named_params":[)"
                             R"({"param_name":"first_name","example":"Ana"},)"
                             R"({"param_name":"city","example":"Lima"}]})"),
                        kNamed),
                    100, "names {{city}}, which the text does not use"},
        InvalidCase{
            "NamedExamplesAbsent",
            Def("UTILITY", Body("Hi {{first_name}}, your order has shipped today."), kNamed), 100,
            "example.body_text_named_params must list"}),
    [](const testing::TestParamInfo<InvalidCase>& info) { return info.param.label; });

INSTANTIATE_TEST_SUITE_P(
    Footer, InvalidDefinitionTest,
    testing::Values(InvalidCase{"TooLong",
                                Def("UTILITY", kPlainBody + R"(,{"type":"FOOTER","text":")" +
                                                   Repeat("f", 61) + R"("})"),
                                2388040, "FOOTER text is 61 characters; the limit is 60"},
                    InvalidCase{
                        "WithVariable",
                        Def("UTILITY",
                            kPlainBody + R"(,{"type":"FOOTER","text":"Sent by {{1}} team"})"),
                        2388073, "FOOTER text cannot contain variables"},
                    InvalidCase{"TextMissing", Def("UTILITY", kPlainBody + R"(,{"type":"FOOTER"})"),
                                100, "FOOTER text is required"}),
    [](const testing::TestParamInfo<InvalidCase>& info) { return info.param.label; });

INSTANTIATE_TEST_SUITE_P(
    Buttons, InvalidDefinitionTest,
    testing::Values(
        InvalidCase{"EmptyList", Def("UTILITY", Buttons("")), 100,
                    "BUTTONS needs a non-empty buttons list"},
        InvalidCase{"ElevenButtons",
                    Def("UTILITY", Buttons(Repeat(R"({"type":"QUICK_REPLY","text":"a"},)", 10) +
                                           R"({"type":"QUICK_REPLY","text":"a"})")),
                    100, "BUTTONS has 11 buttons; the limit is 10"},
        InvalidCase{
            "ThreeUrlButtons",
            Def("UTILITY",
                Buttons(Repeat(R"({"type":"URL","text":"a","url":"https://a.example"},)", 2) +
                        R"({"type":"URL","text":"a","url":"https://a.example"})")),
            100, "BUTTONS has 3 URL buttons; the limit is 2"},
        InvalidCase{
            "TwoPhoneButtons",
            Def("UTILITY", Buttons(R"({"type":"PHONE_NUMBER","text":"a","phone_number":"+1555"},)"
                                   R"({"type":"PHONE_NUMBER","text":"b","phone_number":"+1556"})")),
            100, "BUTTONS has 2 PHONE_NUMBER buttons; the limit is 1"},
        InvalidCase{"TwoCopyCodeButtons",
                    Def("MARKETING", Buttons(R"({"type":"COPY_CODE","example":"A"},)"
                                             R"({"type":"COPY_CODE","example":"B"})")),
                    100, "BUTTONS has 2 COPY_CODE buttons; the limit is 1"},
        InvalidCase{"TwoVoiceCallButtons",
                    Def("UTILITY", Buttons(R"({"type":"VOICE_CALL","text":"a"},)"
                                           R"({"type":"VOICE_CALL","text":"b"})")),
                    100, "BUTTONS has 2 VOICE_CALL buttons; the limit is 1"},
        InvalidCase{"UnknownType", Def("UTILITY", Buttons(R"({"type":"SHARE","text":"a"})")), 100,
                    "buttons[0] type 'SHARE' is not supported"},
        InvalidCase{"ButtonNotAnObject", Def("UTILITY", Buttons(R"("QUICK_REPLY")")), 100,
                    "buttons[0] must be an object"},
        InvalidCase{"LabelTooLong",
                    Def("UTILITY",
                        Buttons(R"({"type":"QUICK_REPLY","text":")" + Repeat("q", 26) + R"("})")),
                    2388040,
                    "BUTTONS buttons[0] (QUICK_REPLY) text is 26 characters; the limit is 25"},
        InvalidCase{"LabelMissing", Def("UTILITY", Buttons(R"({"type":"QUICK_REPLY"})")), 100,
                    "buttons[0] (QUICK_REPLY) text is required"},
        InvalidCase{"LabelNotAString",
                    Def("MARKETING", Buttons(R"({"type":"COPY_CODE","text":7,"example":"A"})")),
                    100, "buttons[0] (COPY_CODE) text must be a string"},
        InvalidCase{"UrlMissing", Def("UTILITY", Buttons(R"({"type":"URL","text":"Go"})")), 100,
                    "buttons[0] (URL) url is required"},
        InvalidCase{
            "UrlTooLong",
            Def("UTILITY", Buttons(R"({"type":"URL","text":"Go","url":"https://a.example/)" +
                                   Repeat("p", 1983) + R"("})")),
            2388040, "buttons[0] (URL) url is 2001 characters; the limit is 2000"},
        InvalidCase{"UrlWithoutScheme",
                    Def("UTILITY", Buttons(R"({"type":"URL","text":"Go","url":"a.example/x"})")),
                    100, "url must start with https:// or http://"},
        InvalidCase{
            "UrlTwoVariables",
            Def("UTILITY",
                Buttons(R"({"type":"URL","text":"Go","url":"https://a.example/{{1}}/{{2}}",)"
                        R"("example":["https://a.example/x/y"]})")),
            100, "url has 2 variables; the limit is 1"},
        InvalidCase{
            "UrlVariableNotAtTheEnd",
            Def("UTILITY", Buttons(R"({"type":"URL","text":"Go","url":"https://a.example/{{1}}/x",)"
                                   R"("example":["https://a.example/y/x"]})")),
            100, "url variable must be at the end of the url"},
        InvalidCase{
            "UrlVariableNotOne",
            Def("UTILITY", Buttons(R"({"type":"URL","text":"Go","url":"https://a.example/{{2}}",)"
                                   R"("example":["https://a.example/y"]})")),
            100, "url variable must be {{1}}"},
        InvalidCase{"UrlVariableWithoutExample",
                    Def("UTILITY",
                        Buttons(R"({"type":"URL","text":"Go","url":"https://a.example/{{1}}"})")),
                    100, "example must be a list of 1 example URL"},
        InvalidCase{"PhoneNumberMissing",
                    Def("UTILITY", Buttons(R"({"type":"PHONE_NUMBER","text":"Call"})")), 100,
                    "buttons[0] (PHONE_NUMBER) phone_number is required"},
        InvalidCase{"CopyCodeTooLong",
                    Def("MARKETING",
                        Buttons(R"({"type":"COPY_CODE","example":")" + Repeat("C", 16) + R"("})")),
                    2388040, "buttons[0] (COPY_CODE) example is 16 characters; the limit is 15"},
        InvalidCase{"CopyCodeWithoutExample", Def("MARKETING", Buttons(R"({"type":"COPY_CODE"})")),
                    100, "example (the sample code to copy) is required"},
        InvalidCase{"FlowWithoutFlow", Def("UTILITY", Buttons(R"({"type":"FLOW","text":"Book"})")),
                    100, "needs exactly one of flow_id, flow_name or flow_json; it has 0"},
        InvalidCase{"FlowIdAndName",
                    Def("UTILITY", Buttons(R"({"type":"FLOW","text":"Book","flow_id":"12",)"
                                           R"("flow_name":"booking"})")),
                    100, "needs exactly one of flow_id, flow_name or flow_json; it has 2"},
        InvalidCase{"FlowIdNotDigits",
                    Def("UTILITY", Buttons(R"({"type":"FLOW","text":"Book","flow_id":"12a"})")),
                    100, "buttons[0] (FLOW) flow_id '12a' is not a flow id"},
        InvalidCase{"FlowNameNotString",
                    Def("UTILITY", Buttons(R"({"type":"FLOW","text":"Book","flow_name":7})")), 100,
                    "buttons[0] (FLOW) flow_name must be a non-empty string"},
        InvalidCase{"FlowActionUnknown",
                    Def("UTILITY", Buttons(R"({"type":"FLOW","text":"Book","flow_id":"12",)"
                                           R"("flow_action":"jump"})")),
                    100, "flow_action must be navigate or data_exchange"},
        InvalidCase{"FlowIconUnknown",
                    Def("UTILITY", Buttons(R"({"type":"FLOW","text":"Book","flow_id":"12",)"
                                           R"("icon":"STAR"})")),
                    100, "icon must be DOCUMENT, PROMOTION or REVIEW"},
        InvalidCase{"FlowLabelTooLong",
                    Def("UTILITY", Buttons(R"({"type":"FLOW","text":")" + Repeat("b", 26) +
                                           R"(","flow_id":"12"})")),
                    2388040, "buttons[0] (FLOW) text is 26 characters; the limit is 25"},
        InvalidCase{
            "QuickRepliesNotGrouped",
            Def("UTILITY", Buttons(R"({"type":"QUICK_REPLY","text":"Yes"},)"
                                   R"({"type":"URL","text":"Site","url":"https://a.example"},)"
                                   R"({"type":"QUICK_REPLY","text":"No"})")),
            100, "QUICK_REPLY buttons together"},
        InvalidCase{"OtpOutsideAuthentication",
                    Def("UTILITY", Buttons(R"({"type":"OTP","otp_type":"COPY_CODE"})")), 100,
                    "buttons[0] (OTP) is only allowed in AUTHENTICATION templates"}),
    [](const testing::TestParamInfo<InvalidCase>& info) { return info.param.label; });

INSTANTIATE_TEST_SUITE_P(
    Authentication, InvalidDefinitionTest,
    testing::Values(
        InvalidCase{"NoButtons", Def("AUTHENTICATION", R"({"type":"BODY"})"), 100,
                    "AUTHENTICATION templates need a BUTTONS component with exactly one OTP"},
        InvalidCase{"QuickReplyButton",
                    Def("AUTHENTICATION", R"({"type":"BODY"},{"type":"BUTTONS","buttons":[)"
                                          R"({"type":"QUICK_REPLY","text":"Not me"}]})"),
                    100, "take only an OTP button; BUTTONS buttons[0] is QUICK_REPLY"},
        InvalidCase{
            "TwoOtpButtons",
            Def("AUTHENTICATION",
                R"({"type":"BODY"},{"type":"BUTTONS","buttons":[)"
                R"({"type":"OTP","otp_type":"COPY_CODE"},{"type":"OTP","otp_type":"ONE_TAP"}]})"),
            100, "BUTTONS has 2 OTP buttons; the limit is 1"},
        InvalidCase{"UnknownOtpType",
                    Def("AUTHENTICATION", R"({"type":"BODY"},{"type":"BUTTONS","buttons":[)"
                                          R"({"type":"OTP","otp_type":"MAGIC_LINK"}]})"),
                    100, "otp_type must be COPY_CODE, ONE_TAP or ZERO_TAP"},
        InvalidCase{"MissingOtpType",
                    Def("AUTHENTICATION",
                        R"({"type":"BODY"},{"type":"BUTTONS","buttons":[{"type":"OTP"}]})"),
                    100, "otp_type must be"},
        InvalidCase{"TooManySupportedApps",
                    Def("AUTHENTICATION",
                        R"({"type":"BODY"},{"type":"BUTTONS","buttons":[{"type":"OTP",)"
                        R"("otp_type":"ONE_TAP","supported_apps":[{},{},{},{},{},{}]}]})"),
                    100, "supported_apps must be a list of at most 5 apps"},
        InvalidCase{
            "CodeExpirationTooLong",
            Def("AUTHENTICATION",
                R"({"type":"BODY"},{"type":"FOOTER","code_expiration_minutes":91},)" + kOtpButtons),
            100, "code_expiration_minutes must be a whole number from 1 to 90"},
        InvalidCase{
            "CodeExpirationZero",
            Def("AUTHENTICATION",
                R"({"type":"BODY"},{"type":"FOOTER","code_expiration_minutes":0},)" + kOtpButtons),
            100, "code_expiration_minutes"},
        InvalidCase{"CodeExpirationNotANumber",
                    Def("AUTHENTICATION",
                        R"({"type":"BODY"},{"type":"FOOTER","code_expiration_minutes":"10"},)" +
                            kOtpButtons),
                    100, "code_expiration_minutes"},
        InvalidCase{"SecurityRecommendationNotABool",
                    Def("AUTHENTICATION",
                        R"({"type":"BODY","add_security_recommendation":"yes"},)" + kOtpButtons),
                    100, "add_security_recommendation must be true or false"},
        InvalidCase{"Header",
                    Def("AUTHENTICATION",
                        R"({"type":"HEADER","format":"LOCATION"},{"type":"BODY"},)" + kOtpButtons),
                    100, "AUTHENTICATION templates cannot have a HEADER"},
        InvalidCase{"NamedFormat",
                    Def("AUTHENTICATION", R"({"type":"BODY"},)" + kOtpButtons, kNamed), 100,
                    "parameter_format must be POSITIONAL"}),
    [](const testing::TestParamInfo<InvalidCase>& info) { return info.param.label; });

// ---------------------------------------------------------------------------------------------
// Edits.

TemplateShape MustCheck(const std::string& json) {
  auto result = CheckJson(json);
  if (auto* error = std::get_if<MetaError>(&result)) {
    ADD_FAILURE() << error->Message();
    return TemplateShape{};
  }
  return std::get<TemplateShape>(result);
}

Value MustParse(const std::string& json) {
  Result<Value> parsed = ParseJson(json);
  if (!parsed.ok()) {
    ADD_FAILURE() << parsed.error().message;
    return Value();
  }
  return *parsed;
}

TEST(TemplateRulesTest, FlowButtonsReportTheFlowTheyName) {
  auto by_id =
      CheckJson(Def("UTILITY", Buttons(R"({"type":"FLOW","text":"Book","flow_id":"123",)"
                                       R"("flow_action":"navigate",)"
                                       R"("navigate_screen":"WELCOME","icon":"REVIEW"})")));
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(by_id)) << std::get<MetaError>(by_id).Message();
  ASSERT_EQ(std::get<TemplateShape>(by_id).buttons.size(), 1u);
  const TemplateButton& id_button = std::get<TemplateShape>(by_id).buttons[0];
  EXPECT_EQ(id_button.type, "FLOW");
  EXPECT_EQ(id_button.flow_id, "123");
  EXPECT_EQ(id_button.flow_name, "");
  EXPECT_FALSE(id_button.has_flow_json);

  auto by_name =
      CheckJson(Def("UTILITY", Buttons(R"({"type":"FLOW","text":"Book","flow_name":"booking"})")));
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(by_name));
  EXPECT_EQ(std::get<TemplateShape>(by_name).buttons[0].flow_name, "booking");
  EXPECT_EQ(std::get<TemplateShape>(by_name).buttons[0].flow_id, "");

  auto inline_json =
      CheckJson(Def("UTILITY", Buttons(R"({"type":"FLOW","text":"Book","flow_json":"{}"})")));
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(inline_json));
  EXPECT_TRUE(std::get<TemplateShape>(inline_json).buttons[0].has_flow_json);
}

TEST(TemplateEditTest, NewComponentsAreCheckedAndReplaceTheOldOnes) {
  TemplateShape current = MustCheck(Def("UTILITY", kPlainBody));
  Value components = MustParse("[" + kTwoVarBody + R"(,{"type":"FOOTER","text":"Thanks"}])");
  auto result = CheckTemplateEdit(current, &components, std::nullopt, std::nullopt);
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(result))
      << std::get<MetaError>(result).Message();
  const TemplateShape& edited = std::get<TemplateShape>(result);
  EXPECT_EQ(edited.name, "order_update");
  EXPECT_EQ(edited.language, "en_US");
  EXPECT_EQ(edited.category, "UTILITY");
  EXPECT_EQ(edited.body_variables, 2);
  EXPECT_EQ(edited.footer_text, "Thanks");
  EXPECT_EQ(edited.components, components);
}

TEST(TemplateEditTest, BrokenComponentsAreRejected) {
  TemplateShape current = MustCheck(Def("UTILITY", kPlainBody));
  Value components = MustParse("[" + Body(Repeat("b", 1100)) + "]");
  auto result = CheckTemplateEdit(current, &components, std::nullopt, std::nullopt);
  ASSERT_TRUE(std::holds_alternative<MetaError>(result));
  EXPECT_EQ(std::get<MetaError>(result).code, 2388040);
  EXPECT_EQ(std::get<MetaError>(result).details, "BODY text is 1100 characters; the limit is 1024");
}

TEST(TemplateEditTest, CategoryChangeKeepsComponentsAndIsRechecked) {
  TemplateShape current = MustCheck(Def("UTILITY", kPlainBody));
  auto marketing = CheckTemplateEdit(current, nullptr, std::string("marketing"), std::nullopt);
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(marketing))
      << std::get<MetaError>(marketing).Message();
  EXPECT_EQ(std::get<TemplateShape>(marketing).category, "MARKETING");
  EXPECT_EQ(std::get<TemplateShape>(marketing).body_text, "Your order has shipped.");

  // The old components lack the OTP button an authentication template needs.
  auto authentication =
      CheckTemplateEdit(current, nullptr, std::string("AUTHENTICATION"), std::nullopt);
  ASSERT_TRUE(std::holds_alternative<MetaError>(authentication));
  EXPECT_EQ(std::get<MetaError>(authentication).code, 100);
}

TEST(TemplateEditTest, ParameterFormatChangeRechecksTheOldVariables) {
  TemplateShape current = MustCheck(Def("UTILITY", kTwoVarBody));
  auto result = CheckTemplateEdit(current, nullptr, std::nullopt, std::string("NAMED"));
  ASSERT_TRUE(std::holds_alternative<MetaError>(result));
  EXPECT_EQ(std::get<MetaError>(result).code, 2388072);
  EXPECT_NE(std::get<MetaError>(result).details.find("{{1}} is positional"), std::string::npos);
}

TEST(TemplateEditTest, UnchangedEditGivesTheSameShape) {
  TemplateShape current = MustCheck(Def("MARKETING", kTwoVarBody));
  auto result = CheckTemplateEdit(current, nullptr, std::nullopt, std::nullopt);
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(result));
  EXPECT_EQ(Summary(std::get<TemplateShape>(result)), Summary(current));
  EXPECT_EQ(std::get<TemplateShape>(result).components, current.components);
}

TEST(TemplateEditTest, ShapeWithoutParameterFormatDefaultsToPositional) {
  TemplateShape current = MustCheck(Def("UTILITY", kTwoVarBody));
  current.parameter_format.clear();
  auto result = CheckTemplateEdit(current, nullptr, std::nullopt, std::nullopt);
  ASSERT_TRUE(std::holds_alternative<TemplateShape>(result))
      << std::get<MetaError>(result).Message();
  EXPECT_EQ(std::get<TemplateShape>(result).parameter_format, "POSITIONAL");
}

// ---------------------------------------------------------------------------------------------
// Review.

TemplateShape Shape(const std::string& category, const std::string& body,
                    const std::string& footer = "", std::vector<TemplateButton> buttons = {}) {
  TemplateShape shape;
  shape.name = "spring_sale";
  shape.language = "en_US";
  shape.category = category;
  shape.parameter_format = "POSITIONAL";
  shape.body_text = body;
  shape.footer_text = footer;
  shape.buttons = std::move(buttons);
  return shape;
}

TEST(ReviewTemplateTest, MarketingWithoutOptOutIsPromotional) {
  auto verdict = ReviewTemplate(Shape("MARKETING", "Our spring sale starts today."), {});
  ASSERT_TRUE(verdict.has_value());
  EXPECT_EQ(verdict->reason, "PROMOTIONAL");
  EXPECT_EQ(verdict->explanation,
            "Marketing templates need opt-out wording (e.g. 'Reply STOP to unsubscribe') in a "
            "footer or quick-reply button");
}

TEST(ReviewTemplateTest, MarketingWithOptOutFooterIsApproved) {
  EXPECT_FALSE(ReviewTemplate(Shape("MARKETING", "Sale today.", "Reply STOP to end"), {}));
  EXPECT_FALSE(ReviewTemplate(Shape("MARKETING", "Sale today.", "UNSUBSCRIBE anytime"), {}));
  EXPECT_FALSE(ReviewTemplate(Shape("MARKETING", "Sale today.", "You can opt out here"), {}));
  EXPECT_FALSE(ReviewTemplate(Shape("MARKETING", "Sale today.", "Opt-Out: tap below"), {}));
}

TEST(ReviewTemplateTest, MarketingWithOptOutQuickReplyIsApproved) {
  EXPECT_FALSE(ReviewTemplate(
      Shape("MARKETING", "Sale today.", "", {{"QUICK_REPLY", "Stop promotions", false}}), {}));
}

TEST(ReviewTemplateTest, OptOutWordingElsewhereDoesNotCount) {
  // Only the footer and quick replies count: not the body, not other buttons' labels.
  auto verdict = ReviewTemplate(
      Shape("MARKETING", "Reply STOP to unsubscribe.", "", {{"URL", "Unsubscribe", false}}), {});
  ASSERT_TRUE(verdict.has_value());
  EXPECT_EQ(verdict->reason, "PROMOTIONAL");
}

TEST(ReviewTemplateTest, UtilityNeedsNoOptOut) {
  EXPECT_FALSE(ReviewTemplate(Shape("UTILITY", "Your order has shipped."), {}));
}

TEST(ReviewTemplateTest, LibraryNameCollisionIsInvalidFormat) {
  TemplateShape shape = Shape("UTILITY", "Your order has shipped.");
  shape.name = "order_confirmation_1";
  auto verdict = ReviewTemplate(shape, {"delivery_update_1", "Order_Confirmation_1"});
  ASSERT_TRUE(verdict.has_value());
  EXPECT_EQ(verdict->reason, "INVALID_FORMAT");
  EXPECT_NE(verdict->explanation.find("collides with a template library template"),
            std::string::npos);
  EXPECT_FALSE(ReviewTemplate(shape, {"delivery_update_1"}));
}

TEST(ReviewTemplateTest, UrlShortenerIsAbusiveContent) {
  for (const char* body :
       {"Track it at https://bit.ly/x today.", "Track it at TinyURL.com/abc today.",
        "See goo.gl/maps/x for the route."}) {
    auto verdict = ReviewTemplate(Shape("UTILITY", body), {});
    ASSERT_TRUE(verdict.has_value()) << body;
    EXPECT_EQ(verdict->reason, "ABUSIVE_CONTENT") << body;
    EXPECT_NE(verdict->explanation.find("URL shortener"), std::string::npos);
  }
  EXPECT_FALSE(ReviewTemplate(Shape("UTILITY", "Track it at https://shop.example/x today."), {}));
}

TEST(ReviewTemplateTest, FirstMatchingRuleWins) {
  TemplateShape shape = Shape("MARKETING", "Deals at bit.ly/deals today.");
  shape.name = "spring_sale";
  auto verdict = ReviewTemplate(shape, {"spring_sale"});
  ASSERT_TRUE(verdict.has_value());
  EXPECT_EQ(verdict->reason, "PROMOTIONAL");
  shape.footer_text = "Reply STOP to unsubscribe";
  verdict = ReviewTemplate(shape, {"spring_sale"});
  ASSERT_TRUE(verdict.has_value());
  EXPECT_EQ(verdict->reason, "INVALID_FORMAT");
  verdict = ReviewTemplate(shape, {});
  ASSERT_TRUE(verdict.has_value());
  EXPECT_EQ(verdict->reason, "ABUSIVE_CONTENT");
}

TEST(ReviewTemplateTest, CheckedDefinitionEndToEnd) {
  TemplateShape shape = MustCheck(
      Def("MARKETING",
          R"({"type":"BODY","text":"Hi {{1}}, our spring sale starts today.",)"
          R"("example":{"body_text":[["Ana"]]}},)"
          R"({"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Stop promotions"}]})"));
  EXPECT_FALSE(ReviewTemplate(shape, {}));
}

}  // namespace
}  // namespace socialite::whatsapp
