#include "server/whatsapp/flow_json_rules.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace socialite::whatsapp {
namespace {

std::string Sample(const std::string& name) {
  std::ifstream in(std::string(SOCIALITE_SOURCE_DIR) + "/tests/server/whatsapp/flow_samples/" +
                   name);
  EXPECT_TRUE(in.good()) << "missing sample " << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// One line per error: "ERROR TYPE l:c-l:c path | message".
std::string Line(const FlowValidationError& e) {
  std::string out = e.error + " " + e.error_type + " " + std::to_string(e.line_start) + ":" +
                    std::to_string(e.column_start) + "-" + std::to_string(e.line_end) + ":" +
                    std::to_string(e.column_end);
  out += " " + (e.pointers.empty() ? std::string("-") : e.pointers.front().path);
  return out + " | " + e.message;
}

std::vector<std::string> Lines(const FlowJsonReport& report) {
  std::vector<std::string> out;
  for (const auto& e : report.errors) out.push_back(Line(e));
  return out;
}

std::string Dump(const FlowJsonReport& report) {
  std::string out;
  for (const auto& line : Lines(report)) out += "\n  " + line;
  return out;
}

// A flow of one terminal screen ONLY whose layout children are `children`.
std::string OneScreen(const std::string& children, const std::string& version = "7.3") {
  return R"({"version":")" + version +
         R"(","screens":[{"id":"ONLY","terminal":true,"layout":{"type":"SingleColumnLayout","children":[)" +
         children + "]}}]}";
}
const std::string kDone =
    R"({"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}})";

// The single error of `report` (a failure when there is not exactly one).
FlowValidationError OnlyError(const FlowJsonReport& report) {
  EXPECT_EQ(report.errors.size(), 1u) << Dump(report);
  return report.errors.empty() ? FlowValidationError{} : report.errors.front();
}

// Expects `e` to point at the first `token` at or after `from` in the one-line `text`, with
// `path` as its pointer.
void ExpectAt(const FlowValidationError& e, const std::string& text, const std::string& token,
              const std::string& path, size_t from = 0) {
  size_t at = text.find(token, from);
  ASSERT_NE(at, std::string::npos) << token;
  int start = static_cast<int>(at) + 1;
  int end = static_cast<int>(at + token.size());
  EXPECT_EQ(e.line_start, 1);
  EXPECT_EQ(e.line_end, 1);
  EXPECT_EQ(e.column_start, start) << Line(e);
  EXPECT_EQ(e.column_end, end) << Line(e);
  ASSERT_FALSE(e.pointers.empty()) << Line(e);
  EXPECT_EQ(e.pointers[0].path, path);
  EXPECT_EQ(e.pointers[0].column_start, start);
  EXPECT_EQ(e.pointers[0].column_end, end);
}

// A bound that linear work meets with a wide margin even on a loaded or sanitized build, and
// that quadratic work on these sizes misses by hours.
constexpr double kQuick = 10.0;

double SecondsToCheck(const std::string& text, FlowJsonReport* report) {
  auto start = std::chrono::steady_clock::now();
  *report = CheckFlowJson(text);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// --- whole documents ---------------------------------------------------------------------------

TEST(FlowJsonRules, ValidSignUpFlowHasNoErrors) {
  FlowJsonReport report = CheckFlowJson(Sample("sign_up.json"));
  EXPECT_TRUE(report.errors.empty()) << Dump(report);
  EXPECT_EQ(report.json_version, "7.3");
  EXPECT_EQ(report.data_api_version, "");
  EXPECT_FALSE(report.uses_data_exchange);
  EXPECT_EQ(report.screen_ids, (std::vector<std::string>{"SIGN_UP", "CONFIRM"}));
}

TEST(FlowJsonRules, ValidEndpointFlowHasNoErrorsAndIsAnEndpointFlow) {
  FlowJsonReport report = CheckFlowJson(Sample("endpoint_booking.json"));
  EXPECT_TRUE(report.errors.empty()) << Dump(report);
  EXPECT_EQ(report.json_version, "7.3");
  EXPECT_EQ(report.data_api_version, "3.0");
  EXPECT_TRUE(report.uses_data_exchange);
  EXPECT_EQ(report.screen_ids, (std::vector<std::string>{"APPOINTMENT", "DETAILS", "SUMMARY"}));
}

TEST(FlowJsonRules, ReportsEveryProblemTogetherInDocumentOrder) {
  FlowJsonReport report = CheckFlowJson(Sample("several_errors.json"));
  EXPECT_EQ(
      Lines(report),
      (std::vector<std::string>{
          "INVALID_PROPERTY_VALUE JSON_SCHEMA_ERROR 6:16-6:19 screens[0].title | A null value "
          "cannot be specified at \"$root/screens/0/title\".",
          "INVALID_PROPERTY_VALUE FLOW_JSON_ERROR 10:21-10:34 screens[0].layout.children[0].type | "
          "Invalid value found for property 'type'.",
          "INVALID_PROPERTY JSON_SCHEMA_ERROR 15:71-15:84 "
          "screens[0].layout.children[1].children[0].initial-text | The property \"initial-text\" "
          "cannot be specified at \"$root/screens/0/layout/children/1/children/0\".",
          "INVALID_PROPERTY_VALUE FLOW_JSON_ERROR 19:94-19:99 "
          "screens[0].layout.children[1].children[1].on-click-action.next.name | Invalid value "
          "found for property 'name'. There is no screen with the id \"DONE\".",
          "INVALID_PROPERTY_VALUE FLOW_JSON_ERROR 27:13-27:21 screens[1].id | Invalid value found "
          "for property 'id'. \"SUCCESS\" is reserved and cannot be a screen id.",
          "MISSING_REQUIRED_PROPERTY JSON_SCHEMA_ERROR 29:25-29:25 "
          "screens[1].data.city.__example__ | The property \"__example__\" is required at "
          "\"$root/screens/1/data/city\".",
          "MISSING_FOOTER FLOW_JSON_ERROR 32:21-32:21 screens[1].layout.children | The terminal "
          "screen \"SUCCESS\" must have a Footer component.",
      }));
  // The report still says what the document declares.
  EXPECT_EQ(report.json_version, "7.3");
  EXPECT_EQ(report.screen_ids, (std::vector<std::string>{"WELCOME", "SUCCESS"}));
}

TEST(FlowJsonRules, MetaJsonOfAnErrorHasMetasFieldsAndPointer) {
  FlowJsonReport report = CheckFlowJson(Sample("several_errors.json"));
  ASSERT_GE(report.errors.size(), 2u);
  EXPECT_EQ(ToMetaJson(report.errors[1]),
            R"({"error":"INVALID_PROPERTY_VALUE","error_type":"FLOW_JSON_ERROR",)"
            R"("message":"Invalid value found for property 'type'.","line_start":10,"line_end":10,)"
            R"("column_start":21,"column_end":34,"pointers":[{"line_start":10,"line_end":10,)"
            R"("column_start":21,"column_end":34,"path":"screens[0].layout.children[0].type"}]})");
}

// --- JSON syntax -------------------------------------------------------------------------------

TEST(FlowJsonRules, InvalidJsonIsOneErrorAtTheOffendingCharacter) {
  FlowValidationError e =
      OnlyError(CheckFlowJson("{\n  \"version\": \"7.3\",\n  \"screens\": tru\n}"));
  EXPECT_EQ(e.error, "INVALID_JSON");
  EXPECT_EQ(e.error_type, "JSON_SCHEMA_ERROR");
  EXPECT_EQ(e.message, "The Flow JSON is not valid JSON: unexpected character.");
  EXPECT_EQ(e.line_start, 3);
  EXPECT_EQ(e.column_start, 14);
  EXPECT_EQ(e.column_end, 14);
  EXPECT_TRUE(e.pointers.empty());

  e = OnlyError(CheckFlowJson(R"({"version":"7.3",})"));
  EXPECT_EQ(e.message,
            "The Flow JSON is not valid JSON: expected a property name in double quotes.");
  EXPECT_EQ(e.column_start, 18);
}

TEST(FlowJsonRules, NotJsonAtAll) {
  struct Case {
    std::string text;
    std::string reason;
    int column;
  };
  for (const Case& c : std::vector<Case>{
           {"", "unexpected end of input", 1},
           {"hello", "unexpected character", 1},
           {"{} {}", "unexpected text after the end of the document", 4},
           {"{\"a\":\"b", "unterminated string", 8},
           {"{\"a\":01}", "expected ',' or '}' after a property value", 7},
           {"{\"a\":\"\\x\"}", "invalid escape sequence", 7},
           {"{\"a\":\"\\ud800\"}", "unpaired surrogate in a \\u escape", 7},
           {std::string("{\"a\":\"\x01\"}"), "control character in a string", 7},
           {std::string("{\"a\":\"\xC3\x28\"}"), "invalid UTF-8", 7},
           {std::string("{\"a\":\"\xED\xA0\x80\"}"), "invalid UTF-8", 7},  // a surrogate
           {std::string("\xEF\xBB\xBF{}"), "unexpected character", 1},     // a byte order mark
       }) {
    FlowValidationError e = OnlyError(CheckFlowJson(c.text));
    EXPECT_EQ(e.error, "INVALID_JSON") << c.text;
    EXPECT_EQ(e.message, "The Flow JSON is not valid JSON: " + c.reason + ".") << c.text;
    EXPECT_EQ(e.column_start, c.column) << c.text;
  }
}

TEST(FlowJsonRules, ColumnsCountCharactersNotBytes) {
  // "é" is two bytes and one column; the error on the number comes right after it.
  std::string text = "{\"version\":\"7.3\", \"\xC3\xA9\":1,\"screens\":[]}";
  FlowJsonReport report = CheckFlowJson(text);
  ASSERT_EQ(report.errors.size(), 2u) << Dump(report);
  EXPECT_EQ(report.errors[0].message,
            "The property \"\xC3\xA9\" cannot be specified at \"$root\".");
  EXPECT_EQ(report.errors[0].column_start, 19);
  EXPECT_EQ(report.errors[0].column_end, 21);    // the key token "é" is 3 characters
  EXPECT_EQ(report.errors[1].column_start, 35);  // the empty screens list
}

// --- top level ---------------------------------------------------------------------------------

TEST(FlowJsonRules, DocumentMustBeAnObject) {
  FlowValidationError e = OnlyError(CheckFlowJson("[1]"));
  EXPECT_EQ(Line(e),
            "INVALID_PROPERTY_VALUE JSON_SCHEMA_ERROR 1:1-1:3 - | Expected an object at \"$root\" "
            "but found an array.");
}

TEST(FlowJsonRules, VersionAndScreensAreRequired) {
  FlowJsonReport report = CheckFlowJson("{}");
  EXPECT_EQ(Lines(report),
            (std::vector<std::string>{
                "MISSING_REQUIRED_PROPERTY JSON_SCHEMA_ERROR 1:1-1:1 version | The property "
                "\"version\" is required at \"$root\".",
                "MISSING_REQUIRED_PROPERTY JSON_SCHEMA_ERROR 1:1-1:1 screens | The property "
                "\"screens\" is required at \"$root\".",
            }));
}

TEST(FlowJsonRules, VersionMustBeASupportedString) {
  std::string text = OneScreen(kDone, "4.0");
  FlowJsonReport report = CheckFlowJson(text);
  FlowValidationError e = OnlyError(report);
  EXPECT_EQ(e.error, "INVALID_PROPERTY_VALUE");
  EXPECT_EQ(e.error_type, "FLOW_JSON_ERROR");
  EXPECT_EQ(e.message,
            "Invalid value found for property 'version'. Flow JSON version \"4.0\" is not "
            "supported; use one of 5.1, 6.0, 6.1, 6.2, 6.3, 7.0, 7.1, 7.2, 7.3.");
  ExpectAt(e, text, "\"4.0\"", "version");
  EXPECT_EQ(report.json_version, "4.0");

  text =
      R"({"version":7.3,"screens":[{"id":"ONLY","terminal":true,"layout":{"type":"SingleColumnLayout","children":[)" +
      kDone + "]}}]}";
  e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message, "Expected a string at \"$root/version\" but found a number.");
  ExpectAt(e, text, "7.3", "version");
}

TEST(FlowJsonRules, UnknownTopLevelPropertyIsRefused) {
  std::string text = OneScreen(kDone);
  text.insert(1, R"("data_channel_uri":"https://example.com",)");
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.error, "INVALID_PROPERTY");
  EXPECT_EQ(e.error_type, "JSON_SCHEMA_ERROR");
  EXPECT_EQ(e.message, "The property \"data_channel_uri\" cannot be specified at \"$root\".");
  ExpectAt(e, text, "\"data_channel_uri\"", "data_channel_uri");
}

TEST(FlowJsonRules, ScreensMustNotBeEmpty) {
  std::string text = R"({"version":"7.3","screens":[]})";
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message, "Expected at least 1 item at \"$root/screens\".");
  ExpectAt(e, text, "[]", "screens");
}

TEST(FlowJsonRules, NullIsNeverAValue) {
  std::string done =
      R"({"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"x":null}}})";
  std::string text = OneScreen(done);
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "A null value cannot be specified at "
            "\"$root/screens/0/layout/children/0/on-click-action/payload/x\".");
  ExpectAt(e, text, "null", "screens[0].layout.children[0].on-click-action.payload.x");
}

// --- screens -----------------------------------------------------------------------------------

TEST(FlowJsonRules, ScreenIdIsRequiredAndMadeOfLettersAndUnderscores) {
  std::string text =
      R"({"version":"7.3","screens":[{"terminal":true,"layout":{"type":"SingleColumnLayout","children":[)" +
      kDone + "]}}]}";
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message, "The property \"id\" is required at \"$root/screens/0\".");
  ExpectAt(e, text, "{", "screens[0].id", text.find("[{"));

  text = OneScreen(kDone);
  text.replace(text.find("ONLY"), 4, "STEP_1");
  e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.error_type, "JSON_SCHEMA_ERROR");
  EXPECT_EQ(e.message,
            "The screen id \"STEP_1\" at \"$root/screens/0/id\" must contain only letters and "
            "underscores.");
  ExpectAt(e, text, "\"STEP_1\"", "screens[0].id");
}

TEST(FlowJsonRules, ScreenIdsAreUniqueAndPointAtBothScreens) {
  std::string screen =
      R"({"id":"SAME","terminal":true,"layout":{"type":"SingleColumnLayout","children":[)" + kDone +
      "]}}";
  std::string text = R"({"version":"7.3","screens":[)" + screen + "," + screen + "]}";
  FlowJsonReport report = CheckFlowJson(text);
  FlowValidationError e = OnlyError(report);
  EXPECT_EQ(e.error, "INVALID_PROPERTY_VALUE");
  EXPECT_EQ(e.error_type, "FLOW_JSON_ERROR");
  EXPECT_EQ(e.message,
            "Invalid value found for property 'id'. The screen id \"SAME\" is used by more than "
            "one screen.");
  size_t second = text.find("\"SAME\"", text.find("\"SAME\"") + 1);
  ExpectAt(e, text, "\"SAME\"", "screens[1].id", second);
  ASSERT_EQ(e.pointers.size(), 2u);
  EXPECT_EQ(e.pointers[1].path, "screens[0].id");
  EXPECT_EQ(e.pointers[1].column_start, static_cast<int>(text.find("\"SAME\"")) + 1);
  EXPECT_EQ(report.screen_ids, (std::vector<std::string>{"SAME"}));
}

TEST(FlowJsonRules, LayoutTypeIsSingleColumnLayout) {
  std::string text = OneScreen(kDone);
  text.replace(text.find("SingleColumnLayout"), 18, "TwoColumns");
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "Invalid value found for property 'type'. The only layout type is "
            "\"SingleColumnLayout\".");
  ExpectAt(e, text, "\"TwoColumns\"", "screens[0].layout.type");
}

TEST(FlowJsonRules, UnknownScreenPropertyAndSuccessOnlyOnTerminalScreens) {
  std::string text =
      R"({"version":"7.3","screens":[{"id":"A","success":true,"colour":"red","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Go","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"}}}]}},)"
      R"({"id":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[)" +
      kDone + "]}}]}";
  FlowJsonReport report = CheckFlowJson(text);
  ASSERT_EQ(report.errors.size(), 2u) << Dump(report);
  EXPECT_EQ(report.errors[0].message,
            "The property \"success\" cannot be specified at \"$root/screens/0\" unless the "
            "screen is terminal.");
  ExpectAt(report.errors[0], text, "\"success\"", "screens[0].success");
  EXPECT_EQ(report.errors[1].message,
            "The property \"colour\" cannot be specified at \"$root/screens/0\".");
}

TEST(FlowJsonRules, TerminalScreenNeedsAFooter) {
  std::string text = OneScreen(R"({"type":"TextBody","text":"Bye"})");
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.error, "MISSING_FOOTER");
  EXPECT_EQ(e.error_type, "FLOW_JSON_ERROR");
  EXPECT_EQ(e.message, "The terminal screen \"ONLY\" must have a Footer component.");
  // The opening bracket of the screen's children.
  ExpectAt(e, text, "[", "screens[0].layout.children", text.find("[{\"type\":\"TextBody\""));
}

TEST(FlowJsonRules, AtMostFiftyComponentsPerScreen) {
  std::string children;
  for (int i = 0; i < 50; ++i) children += R"({"type":"TextBody","text":"line"},)";
  FlowJsonReport report = CheckFlowJson(OneScreen(children + kDone));
  FlowValidationError e = OnlyError(report);
  EXPECT_EQ(e.error, "TOO_MANY_COMPONENTS");
  EXPECT_EQ(e.message, "The screen \"ONLY\" has 51 components; at most 50 are allowed.");
  // Exactly 50 is fine.
  children.clear();
  for (int i = 0; i < 49; ++i) children += R"({"type":"TextBody","text":"line"},)";
  EXPECT_TRUE(CheckFlowJson(OneScreen(children + kDone)).errors.empty());
}

TEST(FlowJsonRules, PerScreenComponentLimits) {
  std::string text = OneScreen(kDone + "," + kDone);
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message, "The screen \"ONLY\" has 2 Footer components; at most 1 are allowed.");
  ExpectAt(e, text, "\"Footer\"", "screens[0].layout.children[1].type",
           text.find("\"Footer\"") + 1);

  text = OneScreen(R"({"type":"PhotoPicker","name":"p","label":"Photo"},)"
                   R"({"type":"DocumentPicker","name":"d","label":"File"},)" +
                   kDone);
  e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.error, "INCOMPATIBLE_COMPONENTS");
  EXPECT_EQ(e.message, "The screen \"ONLY\" cannot hold both a PhotoPicker and a DocumentPicker.");
  ExpectAt(e, text, "\"DocumentPicker\"", "screens[0].layout.children[1].type");
}

TEST(FlowJsonRules, IfBranchesAreAlternativesAndBothNeedTheFooter) {
  // One Footer in each branch is one Footer on the screen.
  std::string both =
      R"({"type":"If","condition":"${data.ok}","then":[)" + kDone + R"(],"else":[)" + kDone + "]}";
  EXPECT_TRUE(CheckFlowJson(OneScreen(both)).errors.empty())
      << Dump(CheckFlowJson(OneScreen(both)));

  std::string one = R"({"type":"If","condition":"${data.ok}","then":[)" + kDone +
                    R"(],"else":[{"type":"TextBody","text":"no"}]})";
  std::string text = OneScreen(one);
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.error, "MISSING_FOOTER");
  EXPECT_EQ(e.message, "A Footer inside an If must be in both its \"then\" and \"else\" branches.");
  ExpectAt(e, text, "\"If\"", "screens[0].layout.children[0].type");
}

TEST(FlowJsonRules, IfNestingIsBoundedAtThreeLevels) {
  std::string inner = R"({"type":"TextBody","text":"deep"})";
  for (int i = 0; i < 4; ++i) {
    inner = R"({"type":"If","condition":"${data.ok}","then":[)" + inner + "]}";
  }
  FlowJsonReport report = CheckFlowJson(OneScreen(inner + "," + kDone));
  FlowValidationError e = OnlyError(report);
  EXPECT_EQ(e.message,
            "Invalid value found for property 'type'. If components can be nested at most 3 "
            "levels deep.");
  EXPECT_EQ(e.pointers.at(0).path, "screens[0].layout.children[0].then[0].then[0].then[0].type");
}

// --- components --------------------------------------------------------------------------------

TEST(FlowJsonRules, UnknownComponentTypeIsMetasInvalidPropertyValue) {
  std::string text = OneScreen(R"({"type":"Carousel"},)" + kDone);
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.error, "INVALID_PROPERTY_VALUE");
  EXPECT_EQ(e.error_type, "FLOW_JSON_ERROR");
  EXPECT_EQ(e.message, "Invalid value found for property 'type'.");
  ExpectAt(e, text, "\"Carousel\"", "screens[0].layout.children[0].type");
}

TEST(FlowJsonRules, UnknownComponentPropertyIsMetasInvalidProperty) {
  std::string text =
      OneScreen(R"({"type":"TextInput","name":"city","label":"City","initial-text":"x"},)" + kDone);
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.error, "INVALID_PROPERTY");
  EXPECT_EQ(e.error_type, "JSON_SCHEMA_ERROR");
  EXPECT_EQ(e.message,
            "The property \"initial-text\" cannot be specified at "
            "\"$root/screens/0/layout/children/0\".");
  ExpectAt(e, text, "\"initial-text\"", "screens[0].layout.children[0].initial-text");
}

TEST(FlowJsonRules, RequiredComponentProperties) {
  std::string text = OneScreen(R"({"type":"TextInput","name":"city"},)" + kDone);
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.error, "MISSING_REQUIRED_PROPERTY");
  EXPECT_EQ(e.message,
            "The property \"label\" is required at \"$root/screens/0/layout/children/0\".");
  ExpectAt(e, text, "{", "screens[0].layout.children[0].label", text.find("{\"type\":\"TextInput"));

  text = OneScreen(R"({"type":"Footer","label":"Done"})");
  e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(
      e.message,
      "The property \"on-click-action\" is required at \"$root/screens/0/layout/children/0\".");
}

TEST(FlowJsonRules, CharacterLimitsCountCharactersAndSkipDynamicText) {
  std::string heading = std::string(81, 'h');
  std::string text = OneScreen(R"({"type":"TextHeading","text":")" + heading + "\"}," + kDone);
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.error_type, "JSON_SCHEMA_ERROR");
  EXPECT_EQ(e.message,
            "The value at \"$root/screens/0/layout/children/0/text\" must be at most 80 "
            "characters long; it has 81.");
  ExpectAt(e, text, "\"" + heading + "\"", "screens[0].layout.children[0].text");

  std::string accents;
  for (int i = 0; i < 80; ++i) accents += "\xC3\xA9";  // 80 characters, 160 bytes
  EXPECT_TRUE(
      CheckFlowJson(OneScreen(R"({"type":"TextHeading","text":")" + accents + "\"}," + kDone))
          .errors.empty());
  std::string dynamic = "${data.title} " + std::string(90, 'x');
  EXPECT_TRUE(
      CheckFlowJson(OneScreen(R"({"type":"TextHeading","text":")" + dynamic + "\"}," + kDone))
          .errors.empty());

  e = OnlyError(CheckFlowJson(
      OneScreen(R"({"type":"TextInput","name":"n","label":"A label that is too long"},)" + kDone)));
  EXPECT_EQ(e.message,
            "The value at \"$root/screens/0/layout/children/0/label\" must be at most 20 "
            "characters long; it has 24.");
  e = OnlyError(CheckFlowJson(OneScreen(
      R"({"type":"Footer","label":"Done","left-caption":"A caption too long","on-click-action":{"name":"complete"}})")));
  EXPECT_EQ(e.message,
            "The value at \"$root/screens/0/layout/children/0/left-caption\" must be at most 15 "
            "characters long; it has 18.");
}

TEST(FlowJsonRules, BlankTextIsRefused) {
  std::string text = OneScreen(R"({"type":"TextHeading","text":"   "},)" + kDone);
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "The value at \"$root/screens/0/layout/children/0/text\" cannot be empty or blank.");
  ExpectAt(e, text, "\"   \"", "screens[0].layout.children[0].text");
}

TEST(FlowJsonRules, EnumsAndKinds) {
  std::string text =
      OneScreen(R"({"type":"TextInput","name":"d","label":"Day","input-type":"date"},)" + kDone);
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "The value \"date\" is not allowed at "
            "\"$root/screens/0/layout/children/0/input-type\"; expected one of: text, number, "
            "email, password, passcode, phone.");
  ExpectAt(e, text, "\"date\"", "screens[0].layout.children[0].input-type");

  text = OneScreen(R"({"type":"TextInput","name":"d","label":"Day","required":"yes"},)" + kDone);
  e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "Expected a boolean at \"$root/screens/0/layout/children/0/required\" but found a "
            "string.");
  // A dynamic value stands for any kind.
  EXPECT_TRUE(
      CheckFlowJson(
          OneScreen(R"({"type":"TextInput","name":"d","label":"Day","required":"${data.req}"},)" +
                    kDone))
          .errors.empty());
}

TEST(FlowJsonRules, DataSourceItemsAndCounts) {
  std::string text = OneScreen(
      R"({"type":"Dropdown","name":"c","label":"Colour","data-source":[{"id":"r"}]},)" + kDone);
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "The property \"title\" is required at "
            "\"$root/screens/0/layout/children/0/data-source/0\".");

  text = OneScreen(R"({"type":"Dropdown","name":"c","label":"Colour","data-source":[]},)" + kDone);
  e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "Expected at least 1 items at \"$root/screens/0/layout/children/0/data-source\".");
}

TEST(FlowJsonRules, ComponentsAndPropertiesNeedTheirVersion) {
  std::string text = OneScreen(
      R"({"type":"NavigationList","name":"n","list-items":[{"id":"a","main-content":{"title":"A"}}]})",
      "6.0");
  text.replace(text.find("\"terminal\":true"), 15, "\"terminal\":false");
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "Invalid value found for property 'type'. The component \"NavigationList\" needs "
            "Flow JSON version 6.2 or later.");

  text = OneScreen(R"({"type":"TextInput","name":"n","label":"Code","pattern":"[0-9]+"},)" + kDone,
                   "6.1");
  e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.error, "INVALID_PROPERTY");
  EXPECT_EQ(e.message,
            "The property \"pattern\" cannot be specified at "
            "\"$root/screens/0/layout/children/0\" before Flow JSON version 6.2.");
}

TEST(FlowJsonRules, FooterCaptionsAreLeftRightOrCenter) {
  std::string text = OneScreen(
      R"({"type":"Footer","label":"Pay","left-caption":"1 item","center-caption":"Total","on-click-action":{"name":"complete"}})");
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "The property \"center-caption\" cannot be specified at "
            "\"$root/screens/0/layout/children/0\" together with \"left-caption\" or "
            "\"right-caption\".");
  ExpectAt(e, text, "\"center-caption\"", "screens[0].layout.children[0].center-caption");
}

// --- actions -----------------------------------------------------------------------------------

TEST(FlowJsonRules, ActionNamesAreKnownAndAllowedWhereUsed) {
  std::string text =
      OneScreen(R"({"type":"Footer","label":"Go","on-click-action":{"name":"jump"}})");
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "Invalid value found for property 'name'. Unknown action \"jump\"; the actions are "
            "navigate, complete, data_exchange, update_data, open_url.");
  ExpectAt(e, text, "\"jump\"", "screens[0].layout.children[0].on-click-action.name");

  text = OneScreen(
      R"({"type":"EmbeddedLink","text":"Terms","on-click-action":{"name":"complete"}},)" + kDone);
  e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "Invalid value found for property 'name'. The action \"complete\" cannot be used "
            "here; use one of navigate, data_exchange, update_data, open_url.");

  text = OneScreen(
      R"({"type":"EmbeddedLink","text":"Terms","on-click-action":{"name":"open_url","url":"https://example.com/terms"}},)" +
          kDone,
      "5.1");
  e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "Invalid value found for property 'name'. The action \"open_url\" needs Flow JSON "
            "version 6.0 or later.");
}

TEST(FlowJsonRules, NavigateMustNameAnExistingScreen) {
  std::string text =
      R"({"version":"7.3","screens":[{"id":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Go","on-click-action":{"name":"navigate","next":{"type":"screen","name":"NOWHERE"},"payload":{}}}]}},)"
      R"({"id":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[)" +
      kDone + "]}}]}";
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.error_type, "FLOW_JSON_ERROR");
  EXPECT_EQ(e.message,
            "Invalid value found for property 'name'. There is no screen with the id "
            "\"NOWHERE\".");
  ExpectAt(e, text, "\"NOWHERE\"", "screens[0].layout.children[0].on-click-action.next.name");

  text.replace(text.find("\"next\":{\"type\":\"screen\",\"name\":\"NOWHERE\"},"), 42, "");
  e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "The property \"next\" is required at "
            "\"$root/screens/0/layout/children/0/on-click-action\".");
}

TEST(FlowJsonRules, TerminalFooterCannotNavigate) {
  std::string text =
      R"({"version":"7.3","screens":[{"id":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Again","on-click-action":{"name":"navigate","next":{"type":"screen","name":"A"}}}]}}]})";
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "Invalid value found for property 'name'. The Footer of a terminal screen cannot "
            "navigate.");
  ExpectAt(e, text, "\"navigate\"", "screens[0].layout.children[0].on-click-action.name");
}

// --- endpoint flows and the routing model ------------------------------------------------------

std::string EndpointFlow(const std::string& head, const std::string& first_footer_action) {
  return R"({"version":"7.3",)" + head +
         R"("screens":[{"id":"START","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next","on-click-action":)" +
         first_footer_action +
         R"(}]}},{"id":"END","terminal":true,"layout":{"type":"SingleColumnLayout","children":[)" +
         kDone + "]}}]}";
}
const std::string kExchange = R"({"name":"data_exchange","payload":{}})";
const std::string kGoToEnd = R"({"name":"navigate","next":{"type":"screen","name":"END"}})";

TEST(FlowJsonRules, DataExchangeNeedsDataApiVersionAndRoutingModel) {
  FlowJsonReport report = CheckFlowJson(EndpointFlow("", kExchange));
  EXPECT_TRUE(report.uses_data_exchange);
  EXPECT_EQ(Lines(report),
            (std::vector<std::string>{
                "MISSING_REQUIRED_PROPERTY FLOW_JSON_ERROR 1:1-1:1 data_api_version | The "
                "property \"data_api_version\" is required at \"$root\" because the Flow uses the "
                "data_exchange action.",
                "MISSING_REQUIRED_PROPERTY FLOW_JSON_ERROR 1:1-1:1 routing_model | The property "
                "\"routing_model\" is required at \"$root\" because the Flow uses the "
                "data_exchange action.",
            }));
  report = CheckFlowJson(EndpointFlow(
      R"("data_api_version":"3.0","routing_model":{"START":["END"],"END":[]},)", kExchange));
  EXPECT_TRUE(report.errors.empty()) << Dump(report);
  EXPECT_EQ(report.data_api_version, "3.0");
}

TEST(FlowJsonRules, RoutingModelMakesAnEndpointFlowEvenWithoutDataExchange) {
  FlowJsonReport report =
      CheckFlowJson(EndpointFlow(R"("routing_model":{"START":["END"]},)", kGoToEnd));
  EXPECT_TRUE(report.uses_data_exchange);
  FlowValidationError e = OnlyError(report);
  EXPECT_EQ(e.message,
            "The property \"data_api_version\" is required at \"$root\" because the Flow "
            "declares a routing_model.");
}

TEST(FlowJsonRules, DataApiVersionMustBeSupported) {
  std::string text =
      EndpointFlow(R"("data_api_version":"2.0","routing_model":{"START":["END"]},)", kExchange);
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "Invalid value found for property 'data_api_version'. Data API version \"2.0\" is "
            "not supported; use one of 3.0, 4.0.");
  ExpectAt(e, text, "\"2.0\"", "data_api_version");
}

TEST(FlowJsonRules, RoutingModelNamesExistingScreens) {
  std::string text = EndpointFlow(
      R"("data_api_version":"3.0","routing_model":{"START":["END","LOST"],"GHOST":[]},)",
      kExchange);
  FlowJsonReport report = CheckFlowJson(text);
  ASSERT_EQ(report.errors.size(), 2u) << Dump(report);
  EXPECT_EQ(report.errors[0].error, "INVALID_ROUTING_MODEL");
  EXPECT_EQ(report.errors[0].message,
            "The routing model names the screen \"LOST\", which is not a screen of this Flow.");
  ExpectAt(report.errors[0], text, "\"LOST\"", "routing_model.START[1]");
  EXPECT_EQ(report.errors[1].message,
            "The routing model names the screen \"GHOST\", which is not a screen of this Flow.");
  ExpectAt(report.errors[1], text, "\"GHOST\"", "routing_model.GHOST");
}

TEST(FlowJsonRules, RoutesOnlyGoForwardAndEndAtTerminalScreens) {
  std::string text = EndpointFlow(
      R"("data_api_version":"3.0","routing_model":{"START":["END"],"END":["START"]},)", kExchange);
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "The routing model has a cycle through the screen \"START\"; routes can only go "
            "forward.");
  ExpectAt(e, text, "\"START\"", "routing_model.START");

  // END is terminal; START -> START loops.
  text =
      EndpointFlow(R"("data_api_version":"3.0","routing_model":{"START":["START"]},)", kExchange);
  e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "The routing model has a cycle through the screen \"START\"; routes can only go "
            "forward.");

  text = EndpointFlow(R"("data_api_version":"3.0","routing_model":{"START":[]},)", kExchange);
  e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message,
            "The route through the screen \"START\" ends there, but the screen is not terminal.");
}

TEST(FlowJsonRules, RoutingModelHasAtMostTenBranches) {
  std::string screens;
  std::string routes;
  std::string ids[] = {"A", "B", "C", "D", "E", "F", "G"};
  for (const std::string& id : ids) {
    screens += R"({"id":")" + id +
               R"(","terminal":true,"layout":{"type":"SingleColumnLayout","children":[)" + kDone +
               "]}},";
  }
  // A -> B..G (6) and B -> C..G (5): 11 branches.
  routes = R"("A":["B","C","D","E","F","G"],"B":["C","D","E","F","G"])";
  std::string text = R"({"version":"7.3","data_api_version":"3.0","routing_model":{)" + routes +
                     R"(},"screens":[)" + screens.substr(0, screens.size() - 1) + "]}";
  FlowValidationError e = OnlyError(CheckFlowJson(text));
  EXPECT_EQ(e.message, "The routing model has 11 branches; at most 10 are allowed.");
  ExpectAt(e, text, "{", "routing_model", text.find("{\"A\""));
}

TEST(FlowJsonRules, NavigateMustFollowTheRoutingModel) {
  std::string text =
      EndpointFlow(R"("data_api_version":"3.0","routing_model":{"START":[],"END":[]},)", kGoToEnd);
  FlowJsonReport report = CheckFlowJson(text);
  ASSERT_EQ(report.errors.size(), 2u) << Dump(report);
  EXPECT_EQ(report.errors[0].message,
            "The route through the screen \"START\" ends there, but the screen is not terminal.");
  EXPECT_EQ(report.errors[1].message,
            "The routing model has no route from the screen \"START\" to the screen \"END\".");
  ExpectAt(report.errors[1], text, "\"END\"",
           "screens[0].layout.children[0].on-click-action.next.name", text.find("\"next\""));
}

// --- screen data -------------------------------------------------------------------------------

TEST(FlowJsonRules, EveryDataPropertyHasATypeAndAnExample) {
  std::string text =
      R"({"version":"7.3","screens":[{"id":"A","terminal":true,"data":{"name":{"type":"string","__example__":"Ana"},"age":{"__example__":3},"city":{"type":"text","__example__":"x"}},"layout":{"type":"SingleColumnLayout","children":[)" +
      kDone + "]}}]}";
  FlowJsonReport report = CheckFlowJson(text);
  ASSERT_EQ(report.errors.size(), 2u) << Dump(report);
  EXPECT_EQ(report.errors[0].message,
            "The property \"type\" is required at \"$root/screens/0/data/age\".");
  EXPECT_EQ(report.errors[0].pointers.at(0).path, "screens[0].data.age.type");
  EXPECT_EQ(report.errors[1].message,
            "The value \"text\" is not allowed at \"$root/screens/0/data/city/type\"; expected "
            "one of: string, number, integer, boolean, object, array.");
}

// --- hostile input -----------------------------------------------------------------------------

TEST(FlowJsonRules, DeepNestingIsRefusedQuickly) {
  FlowJsonReport report;
  std::string deep(200000, '[');
  EXPECT_LT(SecondsToCheck(deep, &report), kQuick);
  FlowValidationError e = OnlyError(report);
  EXPECT_EQ(e.message, "The Flow JSON is not valid JSON: nesting is deeper than 64 levels.");
  EXPECT_EQ(e.column_start, 65);

  // 64 levels is still JSON (and then not a Flow).
  std::string ok = std::string(63, '[') + "{}" + std::string(63, ']');
  report = CheckFlowJson(ok);
  EXPECT_EQ(OnlyError(report).message, "Expected an object at \"$root\" but found an array.");
}

TEST(FlowJsonRules, HugeStringsAndDocumentsStayLinear) {
  FlowJsonReport report;
  std::string big(9 * 1024 * 1024, 'a');
  std::string text = OneScreen(R"({"type":"Image","src":")" + big + "\"}," + kDone);
  EXPECT_LT(SecondsToCheck(text, &report), kQuick);
  EXPECT_TRUE(report.errors.empty()) << Dump(report);

  std::string too_big(kMaxFlowJsonBytes + 1, ' ');
  EXPECT_LT(SecondsToCheck(too_big, &report), kQuick);
  EXPECT_EQ(OnlyError(report).message, "The Flow JSON is larger than 10485760 bytes.");

  // Millions of tiny values: refused past the value bound rather than built.
  std::string many = "[";
  for (int i = 0; i < 1'100'000; ++i) many += "0,";
  many += "0]";
  EXPECT_LT(SecondsToCheck(many, &report), kQuick);
  EXPECT_EQ(OnlyError(report).message,
            "The Flow JSON is not valid JSON: the document holds more than 1000000 values.");
}

TEST(FlowJsonRules, ErrorsAreCappedAtOneHundred) {
  std::string payload;
  for (int i = 0; i < 50000; ++i) payload += "\"k" + std::to_string(i) + "\":null,";
  payload += "\"last\":null";
  std::string text = OneScreen(
      R"({"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{)" +
      payload + "}}}");
  FlowJsonReport report;
  EXPECT_LT(SecondsToCheck(text, &report), kQuick);
  ASSERT_EQ(report.errors.size(), 100u);
  EXPECT_EQ(report.errors.front().pointers.at(0).path,
            "screens[0].layout.children[0].on-click-action.payload.k0");
  EXPECT_LT(report.errors.front().column_start, report.errors.back().column_start);
}

TEST(FlowJsonRules, ArbitraryBytesNeverCrash) {
  // A fixed pseudo-random stream of mutations of a valid flow: every outcome is a report.
  std::string base = Sample("sign_up.json");
  uint32_t state = 12345;
  auto next = [&]() {
    state = state * 1103515245u + 12345u;
    return state >> 8;
  };
  for (int round = 0; round < 2000; ++round) {
    std::string text = base;
    int edits = 1 + next() % 8;
    for (int i = 0; i < edits; ++i) {
      size_t at = next() % text.size();
      switch (next() % 3) {
        case 0:
          text[at] = static_cast<char>(next() & 0xFF);
          break;
        case 1:
          text.erase(at, 1 + next() % 20);
          break;
        case 2:
          text.insert(at, text.substr(next() % text.size(), 1 + next() % 40));
          break;
      }
      if (text.empty()) text = "{";
    }
    FlowJsonReport report = CheckFlowJson(text);
    for (const auto& e : report.errors) {
      ASSERT_FALSE(e.error.empty());
      ASSERT_GE(e.line_start, 1);
      ASSERT_GE(e.column_start, 1);
      ASSERT_LE(e.line_start, e.line_end);
      ASSERT_FALSE(ToMetaJson(e).empty());
    }
  }
}

}  // namespace
}  // namespace socialite::whatsapp
