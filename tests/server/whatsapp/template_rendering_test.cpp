// Rendering sent templates: positional and named variables filled from the send's
// parameters, headers of every kind, footers, and buttons with their urls, numbers, flows and
// payloads; plus FillVariables, the substitution it shares with the template checks.
#include "server/whatsapp/template_rendering.h"

#include <gtest/gtest.h>

#include <string>

#include "server/core/json.h"
#include "server/whatsapp/template_rules.h"

namespace socialite::whatsapp {
namespace {

Value Json(const std::string& text) {
  Result<Value> parsed = ParseJson(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : Value();
}

// The rendered template as compact JSON ("none" when it does not render).
std::string Render(const std::string& definition, const std::string& sent) {
  std::optional<Value> rendered = RenderTemplate(Json(definition), Json(sent));
  return rendered ? WriteJson(*rendered) : "none";
}

constexpr char kShipped[] = R"({"name":"shipped","language":"en_US","category":"UTILITY",
  "components":[
    {"type":"HEADER","format":"TEXT","text":"Order {{1}}","example":{"header_text":["#1"]}},
    {"type":"BODY","text":"Hi {{1}}, your order {{2}} ships {{3}} from our store in Seattle. Thanks again, {{1}}!",
     "example":{"body_text":[["Ana","#4","today"]]}},
    {"type":"FOOTER","text":"Demo Store"},
    {"type":"BUTTONS","buttons":[
      {"type":"URL","text":"Track","url":"https://shop.example/track/{{1}}",
       "example":["https://shop.example/track/X"]},
      {"type":"PHONE_NUMBER","text":"Call us","phone_number":"+14255550100"},
      {"type":"QUICK_REPLY","text":"Stop"}]}]})";

TEST(TemplateRenderingTest, FillsPositionalParametersEverywhere) {
  std::string sent = R"({"name":"shipped","language":{"code":"en_US"},"components":[
    {"type":"header","parameters":[{"type":"text","text":"#48213"}]},
    {"type":"body","parameters":[{"type":"text","text":"Ana"},
      {"type":"currency","currency":{"fallback_value":"$12.50","code":"USD","amount_1000":12500}},
      {"type":"date_time","date_time":{"fallback_value":"on Monday"}}]},
    {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"48213"}]},
    {"type":"button","sub_type":"quick_reply","index":2,
     "parameters":[{"type":"payload","payload":"STOP-48213"}]}]})";
  EXPECT_EQ(Render(kShipped, sent),
            R"({"header":{"format":"TEXT","text":"Order #48213"},)"
            R"("body":"Hi Ana, your order $12.50 ships on Monday from our store in Seattle. )"
            R"(Thanks again, Ana!","footer":"Demo Store",)"
            R"("buttons":[{"type":"URL","text":"Track","url":"https://shop.example/track/48213"},)"
            R"({"type":"PHONE_NUMBER","text":"Call us","phoneNumber":"+14255550100"},)"
            R"({"type":"QUICK_REPLY","text":"Stop","payload":"STOP-48213"}]})");
}

TEST(TemplateRenderingTest, KeepsVariablesTheSendLeavesOut) {
  std::string sent = R"({"name":"shipped","language":{"code":"en_US"},"components":[
    {"type":"body","parameters":[{"type":"text","text":"Ana"}]}]})";
  std::optional<Value> checked = RenderTemplate(Json(kShipped), Json(sent));
  ASSERT_TRUE(checked);
  Value rendered = *checked;
  EXPECT_EQ(rendered.GetString("body"),
            "Hi Ana, your order {{2}} ships {{3}} from our store in Seattle. Thanks again, Ana!");
  EXPECT_EQ(rendered.Get("header")->GetString("text"), "Order {{1}}");
  EXPECT_EQ(rendered.Get("buttons")->AsList()[0].GetString("url"),
            "https://shop.example/track/{{1}}");
}

TEST(TemplateRenderingTest, FillsNamedParametersByName) {
  std::string definition = R"({"name":"named","language":"en_US","category":"UTILITY",
    "parameter_format":"NAMED","components":[
    {"type":"BODY","text":"Dear {{first_name}}, your code {{code}} is ready, {{first_name}}.",
     "example":{"body_text_named_params":[{"param_name":"first_name","example":"Ana"},
                                          {"param_name":"code","example":"X1"}]}}]})";
  // Given out of order: names, not positions, decide.
  std::string sent = R"({"name":"named","language":{"code":"en_US"},"components":[
    {"type":"body","parameters":[{"type":"text","parameter_name":"code","text":"Z9"},
                                 {"type":"text","parameter_name":"first_name","text":"Bo"}]}]})";
  EXPECT_EQ(Render(definition, sent),
            R"({"body":"Dear Bo, your code Z9 is ready, Bo.","buttons":[]})");
}

TEST(TemplateRenderingTest, MediaAndLocationHeadersCarryTheSentObject) {
  auto definition = [](const std::string& format) {
    std::string example =
        format == "LOCATION" ? "" : R"(,"example":{"header_handle":["4::aW1hZ2U="]})";
    return R"({"name":"media","language":"en_US","category":"UTILITY","components":[
      {"type":"HEADER","format":")" +
           format + "\"" + example + R"(},{"type":"BODY","text":"Your receipt is attached."}]})";
  };
  EXPECT_EQ(Render(definition("IMAGE"),
                   R"({"name":"media","components":[{"type":"header","parameters":[
                      {"type":"image","image":{"id":"1234567890123456"}}]}]})"),
            R"({"header":{"format":"IMAGE","mediaId":"1234567890123456"},)"
            R"("body":"Your receipt is attached.","buttons":[]})");
  EXPECT_EQ(Render(definition("DOCUMENT"),
                   R"({"name":"media","components":[{"type":"HEADER","parameters":[
                      {"type":"document","document":{"link":"https://x.example/r.pdf",
                       "filename":"r.pdf"}}]}]})"),
            R"({"header":{"format":"DOCUMENT","link":"https://x.example/r.pdf",)"
            R"("filename":"r.pdf"},"body":"Your receipt is attached.","buttons":[]})");
  EXPECT_EQ(Render(definition("LOCATION"),
                   R"({"name":"media","components":[{"type":"header","parameters":[
                      {"type":"location","location":{"latitude":47.6,"longitude":-122.3,
                       "name":"Shop"}}]}]})"),
            R"({"header":{"format":"LOCATION","location":{"latitude":47.6,)"
            R"("longitude":-122.3,"name":"Shop"}},"body":"Your receipt is attached.",)"
            R"("buttons":[]})");
  // A send without the header parameter still shows the header's format.
  EXPECT_EQ(Render(definition("VIDEO"), R"({"name":"media"})"),
            R"({"header":{"format":"VIDEO"},"body":"Your receipt is attached.","buttons":[]})");
}

TEST(TemplateRenderingTest, FlowButtonsNameTheirFlow) {
  std::string definition = R"({"name":"survey","language":"en_US","category":"MARKETING",
    "components":[{"type":"BODY","text":"Tell us how we did."},
    {"type":"FOOTER","text":"Reply STOP to unsubscribe"},
    {"type":"BUTTONS","buttons":[{"type":"FLOW","text":"Open survey","flow_id":"123456"}]}]})";
  EXPECT_EQ(Render(definition, R"({"name":"survey","components":[{"type":"button",
                     "sub_type":"flow","index":"0","parameters":[{"type":"action",
                     "action":{"flow_token":"t1"}}]}]})"),
            R"({"body":"Tell us how we did.","footer":"Reply STOP to unsubscribe",)"
            R"("buttons":[{"type":"FLOW","text":"Open survey","flowId":"123456"}]})");
}

TEST(TemplateRenderingTest, AuthenticationTemplatesShowMetasTextWithTheCode) {
  std::string definition = R"({"name":"otp","language":"en_US","category":"AUTHENTICATION",
    "components":[{"type":"BODY","add_security_recommendation":true},
    {"type":"FOOTER","code_expiration_minutes":10},
    {"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE"}]}]})";
  std::optional<Value> checked = RenderTemplate(Json(definition), Json(R"({"name":"otp",
      "components":[{"type":"body","parameters":[{"type":"text","text":"482913"}]}]})"));
  ASSERT_TRUE(checked);
  Value rendered = *checked;
  EXPECT_EQ(rendered.GetString("body"),
            "482913 is your verification code. For your security, do not share this code.");
  EXPECT_EQ(rendered.GetString("footer"), "This code expires in 10 minutes.");
  EXPECT_EQ(WriteJson(*rendered.Get("buttons")), R"([{"type":"OTP","text":"Copy code"}])");
}

TEST(TemplateRenderingTest, ABrokenDefinitionDoesNotRender) {
  EXPECT_EQ(Render(R"({"name":"x","components":[]})", "{}"), "none");
  EXPECT_EQ(Render(R"([])", "{}"), "none");
}

TEST(FillVariablesTest, ReplacesWhatItKnowsAndKeepsTheRest) {
  auto value_of = [](const std::string& name) -> std::optional<std::string> {
    if (name == "1") return "one";
    if (name == "name") return "{{1}}";  // a value is never parsed again
    return std::nullopt;
  };
  EXPECT_EQ(FillVariables("a {{1}} b {{2}} c {{name}} {{1}}", value_of),
            "a one b {{2}} c {{1}} one");
  EXPECT_EQ(FillVariables("no variables", value_of), "no variables");
  EXPECT_EQ(FillVariables("open {{1 and {{", value_of), "open {{1 and {{");
  EXPECT_EQ(FillVariables("", value_of), "");
}

}  // namespace
}  // namespace socialite::whatsapp
