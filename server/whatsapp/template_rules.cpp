#include "server/whatsapp/template_rules.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

namespace socialite::whatsapp {
namespace {

// Meta's codes for template creation (spec/whatsapp-facts.md §4 and Meta's error-codes page).
// Everything without a more specific code is 100, as Meta answers for a bad parameter.
constexpr int kInvalidParameter = 100;
constexpr int kCharacterLimit = 2388040;
constexpr int kHeaderFormat = 2388047;
constexpr int kBodyFormat = 2388072;
constexpr int kFooterFormat = 2388073;
constexpr int kParamsWordsRatio = 2388293;
constexpr int kLeadingTrailingParam = 2388299;

constexpr size_t kMaxNameChars = 512;
constexpr size_t kMaxHeaderTextChars = 60;
constexpr size_t kMaxBodyChars = 1024;
constexpr size_t kMaxFooterChars = 60;
constexpr size_t kMaxButtons = 10;
constexpr size_t kMaxButtonLabelChars = 25;
constexpr size_t kMaxUrlChars = 2000;
constexpr size_t kMaxCopyCodeChars = 15;
constexpr size_t kMaxSupportedApps = 5;
constexpr int kMinWordsPerVariable = 2;
constexpr int64_t kMinCodeExpirationMinutes = 1;
constexpr int64_t kMaxCodeExpirationMinutes = 90;

// Authentication templates carry Meta's fixed text, not the business's; these are the English
// strings Meta shows, kept so a stored shape has a body to display and count parameters in.
constexpr std::string_view kAuthBody = "{{1}} is your verification code.";
constexpr std::string_view kAuthSecurityRecommendation =
    " For your security, do not share this code.";

// Buttons Meta accepts and how many of each one template may carry.
struct ButtonCap {
  std::string_view type;
  size_t max;
};
constexpr std::array<ButtonCap, 9> kButtonCaps = {{
    {"QUICK_REPLY", 10},
    {"URL", 2},
    {"PHONE_NUMBER", 1},
    {"COPY_CODE", 1},
    {"OTP", 1},
    {"FLOW", 1},
    {"VOICE_CALL", 1},
    {"CATALOG", 1},
    {"MPM", 1},
}};

// nullopt when the rule holds; otherwise the error to answer.
using Check = std::optional<MetaError>;

MetaError Fail(int code, std::string details) { return MakeMetaError(code, std::move(details)); }

// Meta's limits are in characters, so count code points rather than UTF-8 bytes.
size_t CharCount(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string ToUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameChar(char c) { return IsLower(c) || IsDigit(c) || c == '_'; }

bool AllOf(std::string_view text, bool (*pred)(char)) {
  for (char c : text) {
    if (!pred(c)) return false;
  }
  return true;
}

// "1 word", "3 words".
std::string Count(size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}
std::string Chars(size_t n) { return Count(n, "character"); }

// "<what> is N characters; the limit is L" (2388040), or nullopt within the limit.
Check CheckLength(std::string_view text, size_t limit, const std::string& what) {
  size_t n = CharCount(text);
  if (n <= limit) return std::nullopt;
  return Fail(kCharacterLimit,
              what + " is " + Chars(n) + "; the limit is " + std::to_string(limit));
}

// ^[a-z]{2,3}(_[A-Z]{2})?$ — en, fil, en_US, pt_BR.
bool IsLocale(std::string_view code) {
  size_t underscore = code.find('_');
  std::string_view lang = code.substr(0, underscore);
  if (lang.size() < 2 || lang.size() > 3 || !AllOf(lang, IsLower)) return false;
  if (underscore == std::string_view::npos) return true;
  std::string_view region = code.substr(underscore + 1);
  return region.size() == 2 && AllOf(region, IsUpper);
}

// A non-empty string member, or nullopt.
std::optional<std::string> NonEmptyString(const Value& object, std::string_view name) {
  std::optional<std::string> s = object.GetString(name);
  if (!s || s->empty()) return std::nullopt;
  return s;
}

// `value` is a list of non-empty strings; its size must be `exactly` (or >= 1 when -1).
bool IsStringList(const Value* value, int exactly) {
  if (value == nullptr || !value->is_list()) return false;
  const ValueList& list = value->AsList();
  if (exactly < 0 ? list.empty() : list.size() != static_cast<size_t>(exactly)) return false;
  for (const Value& item : list) {
    if (item.kind() != Value::Kind::kString || item.AsString().empty()) return false;
  }
  return true;
}

const Value* ExampleField(const Value& component, std::string_view field) {
  const Value* example = component.Get("example");
  return example == nullptr ? nullptr : example->Get(field);
}

// A "{{...}}" occurrence. An unmatched "{{" is plain text.
struct Placeholder {
  size_t begin = 0;
  size_t end = 0;  // one past the closing "}}"
  std::string inner;
};

std::vector<Placeholder> FindPlaceholders(std::string_view text) {
  std::vector<Placeholder> out;
  size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    size_t close = text.find("}}", pos + 2);
    if (close == std::string_view::npos) break;
    out.push_back({pos, close + 2, std::string(text.substr(pos + 2, close - pos - 2))});
    pos = close + 2;
  }
  return out;
}

enum class VariableStyle { kPositional, kNamed, kInvalid };

// {{1}} is positional; {{first_name}} (lowercase letters, digits, underscores, not all digits)
// is named; anything else ({{ 1 }}, {{Name}}, {{}}) is not a variable Meta accepts.
VariableStyle StyleOf(std::string_view inner) {
  if (inner.empty() || !AllOf(inner, IsNameChar)) return VariableStyle::kInvalid;
  return AllOf(inner, IsDigit) ? VariableStyle::kPositional : VariableStyle::kNamed;
}

struct Variables {
  std::vector<Placeholder> occurrences;
  std::vector<std::string> distinct;  // in order of first appearance
};

// Parses the variables of a HEADER or BODY text. Positional templates must number them
// {{1}}..{{n}} in order of first appearance (reuse is fine); named templates must use names
// only. Errors answer `code` (the component's "format is incorrect" code).
std::variant<Variables, MetaError> ParseVariables(std::string_view text, bool named,
                                                  const std::string& where, int code) {
  Variables vars;
  vars.occurrences = FindPlaceholders(text);
  for (const Placeholder& p : vars.occurrences) {
    const std::string shown = "{{" + p.inner + "}}";
    switch (StyleOf(p.inner)) {
      case VariableStyle::kInvalid:
        return Fail(code, where + " variable " + shown + " is not valid; use " +
                              (named ? "{{lowercase_name}}" : "{{1}}, {{2}}, ..."));
      case VariableStyle::kPositional:
        if (named) {
          return Fail(code, where + " variable " + shown +
                                " is positional but parameter_format is NAMED; the two styles "
                                "cannot be mixed");
        }
        break;
      case VariableStyle::kNamed:
        if (!named) {
          return Fail(code, where + " variable " + shown +
                                " is named but parameter_format is POSITIONAL; the two styles "
                                "cannot be mixed");
        }
        break;
    }
    bool seen = false;
    for (const std::string& d : vars.distinct) seen = seen || d == p.inner;
    if (seen) continue;
    if (!named) {
      std::string expected = std::to_string(vars.distinct.size() + 1);
      if (p.inner != expected) {
        return Fail(code, where +
                              " variables must be numbered {{1}} to {{n}} in order of first "
                              "appearance; found " +
                              shown + " where {{" + expected + "}} was expected");
      }
    }
    vars.distinct.push_back(p.inner);
  }
  return vars;
}

// Words of a text once its variables are removed: whitespace-separated runs holding at least
// one letter or digit (any non-ASCII byte counts as a letter), so stray punctuation left
// around a variable is not a word.
int CountWords(std::string_view text, const std::vector<Placeholder>& placeholders) {
  std::string plain(text);
  for (const Placeholder& p : placeholders) {
    for (size_t i = p.begin; i < p.end; ++i) plain[i] = ' ';
  }
  int words = 0;
  bool in_token = false;
  bool token_counts = false;
  for (size_t i = 0; i <= plain.size(); ++i) {
    if (i == plain.size() || IsSpace(plain[i])) {
      if (in_token && token_counts) ++words;
      in_token = token_counts = false;
      continue;
    }
    in_token = true;
    unsigned char c = static_cast<unsigned char>(plain[i]);
    if (c >= 0x80 || IsDigit(plain[i]) || IsLower(plain[i]) || IsUpper(plain[i])) {
      token_counts = true;
    }
  }
  return words;
}

// example.<field> of a NAMED text: [{param_name, example}, ...] covering every name used and
// naming no other.
Check CheckNamedExamples(const Value& component, std::string_view field,
                         const std::vector<std::string>& names, const std::string& where) {
  const std::string missing = where + " uses named variables, so example." + std::string(field) +
                              " must list {param_name, example} for each of them";
  const Value* list = ExampleField(component, field);
  if (list == nullptr || !list->is_list()) return Fail(kInvalidParameter, missing);
  std::vector<std::string> covered;
  for (const Value& entry : list->AsList()) {
    std::optional<std::string> name = NonEmptyString(entry, "param_name");
    if (!name || !NonEmptyString(entry, "example")) return Fail(kInvalidParameter, missing);
    bool used = false;
    for (const std::string& n : names) used = used || n == *name;
    if (!used) {
      return Fail(kInvalidParameter, where + " example." + std::string(field) + " names {{" +
                                         *name + "}}, which the text does not use");
    }
    covered.push_back(*name);
  }
  for (const std::string& n : names) {
    bool found = false;
    for (const std::string& c : covered) found = found || c == n;
    if (!found) {
      return Fail(kInvalidParameter, where + " variable {{" + n + "}} has no example in example." +
                                         std::string(field));
    }
  }
  return std::nullopt;
}

struct Context {
  bool named = false;
  bool authentication = false;
};

// HEADER: one of Meta's formats; TEXT headers are short with at most one variable, and media
// headers need an uploaded sample (the handle) for the reviewer.
Check CheckHeader(const Value& component, const Context& ctx, TemplateShape& shape) {
  static constexpr std::string_view kFormats =
      "TEXT, IMAGE, VIDEO, GIF, DOCUMENT, LOCATION, PRODUCT";
  std::optional<std::string> given = component.GetString("format");
  if (!given) {
    return Fail(kHeaderFormat, "HEADER format is required; use " + std::string(kFormats));
  }
  std::string format = ToUpper(*given);
  bool media = format == "IMAGE" || format == "VIDEO" || format == "GIF" || format == "DOCUMENT";
  if (!media && format != "TEXT" && format != "LOCATION" && format != "PRODUCT") {
    return Fail(kHeaderFormat,
                "HEADER format '" + *given + "' is not valid; use " + std::string(kFormats));
  }
  shape.header_format = format;

  if (media) {
    if (!IsStringList(ExampleField(component, "header_handle"), -1)) {
      return Fail(kInvalidParameter, "HEADER format " + format +
                                         " needs example.header_handle: a list with at least "
                                         "one uploaded media handle");
    }
    return std::nullopt;
  }
  if (format != "TEXT") return std::nullopt;

  std::optional<std::string> text = NonEmptyString(component, "text");
  if (!text) return Fail(kInvalidParameter, "HEADER text is required when format is TEXT");
  if (Check e = CheckLength(*text, kMaxHeaderTextChars, "HEADER text")) return e;
  size_t occurrences = FindPlaceholders(*text).size();
  if (occurrences > 1) {
    return Fail(kHeaderFormat,
                "HEADER text has " + std::to_string(occurrences) + " variables; the limit is 1");
  }
  auto parsed = ParseVariables(*text, ctx.named, "HEADER", kHeaderFormat);
  if (auto* e = std::get_if<MetaError>(&parsed)) return *e;
  const Variables& vars = std::get<Variables>(parsed);
  shape.header_variables = static_cast<int>(vars.distinct.size());
  if (shape.header_variables == 0) return std::nullopt;
  if (ctx.named) {
    return CheckNamedExamples(component, "header_text_named_params", vars.distinct, "HEADER");
  }
  if (!IsStringList(ExampleField(component, "header_text"), 1)) {
    return Fail(kInvalidParameter,
                "HEADER text has a variable, so example.header_text must be a list of 1 "
                "example string");
  }
  return std::nullopt;
}

// AUTHENTICATION bodies: Meta supplies the text ("{{1}} is your verification code."), so the
// business only chooses whether to append the security recommendation; any `text` given is
// ignored. The code is the one body variable a send must fill.
Check CheckAuthenticationBody(const Value& component, TemplateShape& shape) {
  const Value* security = component.Get("add_security_recommendation");
  if (security != nullptr && security->kind() != Value::Kind::kBool) {
    return Fail(kInvalidParameter, "BODY add_security_recommendation must be true or false");
  }
  shape.body_text = std::string(kAuthBody);
  if (security != nullptr && security->AsBool()) shape.body_text += kAuthSecurityRecommendation;
  shape.body_variables = 1;
  return std::nullopt;
}

// BODY: required text within 1024 characters, well-formed variables that neither open nor
// close the text, enough words around them, and an example value for each.
Check CheckBody(const Value& component, const Context& ctx, TemplateShape& shape) {
  if (ctx.authentication) return CheckAuthenticationBody(component, shape);

  std::optional<std::string> text = NonEmptyString(component, "text");
  if (!text) return Fail(kInvalidParameter, "BODY text is required");
  if (Check e = CheckLength(*text, kMaxBodyChars, "BODY text")) return e;
  auto parsed = ParseVariables(*text, ctx.named, "BODY", kBodyFormat);
  if (auto* e = std::get_if<MetaError>(&parsed)) return *e;
  const Variables& vars = std::get<Variables>(parsed);
  shape.body_text = *text;
  shape.body_variables = static_cast<int>(vars.distinct.size());
  if (ctx.named) shape.body_variable_names = vars.distinct;
  if (vars.occurrences.empty()) return std::nullopt;

  // Exact rule: after trimming whitespace the text may not begin with its first variable or
  // end with its last. Punctuation counts as text, so "Hi {{1}}." passes.
  size_t first = 0;
  while (first < text->size() && IsSpace((*text)[first])) ++first;
  size_t end = text->size();
  while (end > 0 && IsSpace((*text)[end - 1])) --end;
  const Placeholder& opening = vars.occurrences.front();
  const Placeholder& closing = vars.occurrences.back();
  if (opening.begin == first) {
    return Fail(kLeadingTrailingParam, "BODY text starts with the variable {{" + opening.inner +
                                           "}}; variables cannot be the first or last thing in "
                                           "the text");
  }
  if (closing.end == end) {
    return Fail(kLeadingTrailingParam, "BODY text ends with the variable {{" + closing.inner +
                                           "}}; variables cannot be the first or last thing in "
                                           "the text");
  }

  int words = CountWords(*text, vars.occurrences);
  if (words < kMinWordsPerVariable * shape.body_variables) {
    return Fail(kParamsWordsRatio,
                "BODY text has " + Count(shape.body_variables, "variable") + " but only " +
                    Count(words, "other word") + "; it needs at least " +
                    std::to_string(kMinWordsPerVariable) + " words per variable");
  }

  if (ctx.named) {
    return CheckNamedExamples(component, "body_text_named_params", vars.distinct, "BODY");
  }
  const Value* examples = ExampleField(component, "body_text");
  if (examples == nullptr || !examples->is_list() || examples->AsList().size() != 1 ||
      !IsStringList(&examples->AsList()[0], shape.body_variables)) {
    std::string n = std::to_string(shape.body_variables);
    return Fail(kInvalidParameter, "BODY text has " + n +
                                       " variable(s), so example.body_text must be a list holding "
                                       "one list of " +
                                       n + " example strings");
  }
  return std::nullopt;
}

// FOOTER: short static text. In AUTHENTICATION templates Meta writes the footer itself from
// `code_expiration_minutes` (1-90), so no text is needed there.
Check CheckFooter(const Value& component, const Context& ctx, TemplateShape& shape) {
  if (ctx.authentication) {
    const Value* minutes = component.Get("code_expiration_minutes");
    if (minutes == nullptr) return std::nullopt;
    if (minutes->kind() != Value::Kind::kInt || minutes->AsInt() < kMinCodeExpirationMinutes ||
        minutes->AsInt() > kMaxCodeExpirationMinutes) {
      return Fail(kInvalidParameter,
                  "FOOTER code_expiration_minutes must be a whole number from 1 to 90");
    }
    shape.footer_text = "This code expires in " + std::to_string(minutes->AsInt()) + " minutes.";
    return std::nullopt;
  }
  std::optional<std::string> text = NonEmptyString(component, "text");
  if (!text) return Fail(kInvalidParameter, "FOOTER text is required");
  if (Check e = CheckLength(*text, kMaxFooterChars, "FOOTER text")) return e;
  if (!FindPlaceholders(*text).empty()) {
    return Fail(kFooterFormat, "FOOTER text cannot contain variables");
  }
  shape.footer_text = *text;
  return std::nullopt;
}

Check CheckUrlButton(const Value& button, const Context& ctx, const std::string& where,
                     TemplateButton& out) {
  std::optional<std::string> url = NonEmptyString(button, "url");
  if (!url) return Fail(kInvalidParameter, where + " url is required");
  if (Check e = CheckLength(*url, kMaxUrlChars, where + " url")) return e;
  std::string lower = ToLower(*url);
  if (lower.rfind("https://", 0) != 0 && lower.rfind("http://", 0) != 0) {
    return Fail(kInvalidParameter, where + " url must start with https:// or http://");
  }
  std::vector<Placeholder> vars = FindPlaceholders(*url);
  if (vars.empty()) return std::nullopt;
  if (vars.size() > 1) {
    return Fail(kInvalidParameter,
                where + " url has " + std::to_string(vars.size()) + " variables; the limit is 1");
  }
  if (vars.front().end != url->size()) {
    return Fail(kInvalidParameter, where + " url variable must be at the end of the url");
  }
  // {{1}} always; a named template may also use a {{name}} (UNVERIFIED which Meta expects).
  bool accepted = vars.front().inner == "1" ||
                  (ctx.named && StyleOf(vars.front().inner) == VariableStyle::kNamed);
  if (!accepted) {
    return Fail(kInvalidParameter, where + " url variable must be {{1}}");
  }
  if (!IsStringList(button.Get("example"), 1)) {
    return Fail(kInvalidParameter,
                where + " url has a variable, so example must be a list of 1 example URL");
  }
  out.url_has_variable = true;
  return std::nullopt;
}

// A FLOW button names its flow by exactly one of flow_id, flow_name or an inline flow_json,
// and may choose the flow action, the first screen and an icon.
Check CheckFlowButton(const Value& button, const std::string& where, TemplateButton& out) {
  int given = 0;
  for (const char* key : {"flow_id", "flow_name", "flow_json"}) {
    const Value* value = button.Get(key);
    if (value == nullptr || value->is_null()) continue;
    if (value->kind() != Value::Kind::kString || value->AsString().empty()) {
      return Fail(kInvalidParameter, where + " " + key + " must be a non-empty string");
    }
    ++given;
  }
  if (given != 1) {
    return Fail(kInvalidParameter,
                where + " needs exactly one of flow_id, flow_name or flow_json; it has " +
                    std::to_string(given));
  }
  out.flow_id = button.GetString("flow_id").value_or("");
  out.flow_name = button.GetString("flow_name").value_or("");
  out.has_flow_json = button.GetString("flow_json").has_value();
  if (!out.flow_id.empty() && out.flow_id.find_first_not_of("0123456789") != std::string::npos) {
    return Fail(kInvalidParameter, where + " flow_id '" + out.flow_id + "' is not a flow id");
  }
  if (const Value* action = button.Get("flow_action"); action != nullptr && !action->is_null()) {
    std::string value = action->kind() == Value::Kind::kString ? action->AsString() : "";
    if (value != "navigate" && value != "data_exchange") {
      return Fail(kInvalidParameter, where + " flow_action must be navigate or data_exchange");
    }
  }
  if (const Value* screen = button.Get("navigate_screen");
      screen != nullptr && !screen->is_null() && !NonEmptyString(button, "navigate_screen")) {
    return Fail(kInvalidParameter, where + " navigate_screen must be a screen id");
  }
  if (const Value* icon = button.Get("icon"); icon != nullptr && !icon->is_null()) {
    std::string value = icon->kind() == Value::Kind::kString ? icon->AsString() : "";
    if (value != "DOCUMENT" && value != "PROMOTION" && value != "REVIEW") {
      return Fail(kInvalidParameter, where + " icon must be DOCUMENT, PROMOTION or REVIEW");
    }
  }
  return std::nullopt;
}

Check CheckButton(const Value& button, size_t index, const Context& ctx, TemplateButton& out) {
  const std::string at = "BUTTONS buttons[" + std::to_string(index) + "]";
  if (!button.is_object()) return Fail(kInvalidParameter, at + " must be an object");
  std::optional<std::string> given = button.GetString("type");
  if (!given) return Fail(kInvalidParameter, at + " type is required");
  out.type = ToUpper(*given);
  bool known = false;
  for (const ButtonCap& cap : kButtonCaps) known = known || cap.type == out.type;
  if (!known) {
    return Fail(kInvalidParameter,
                at + " type '" + *given +
                    "' is not supported; use QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, "
                    "FLOW, VOICE_CALL, CATALOG or MPM");
  }
  const std::string where = at + " (" + out.type + ")";
  if (out.type == "OTP" && !ctx.authentication) {
    return Fail(kInvalidParameter, where + " is only allowed in AUTHENTICATION templates");
  }
  if (out.type != "OTP" && ctx.authentication) {
    return Fail(kInvalidParameter,
                "AUTHENTICATION templates take only an OTP button; " + at + " is " + out.type);
  }

  // The label: Meta fills it in for OTP and COPY_CODE buttons when omitted.
  const Value* label = button.Get("text");
  bool label_optional = out.type == "OTP" || out.type == "COPY_CODE";
  if (label != nullptr && !label->is_null() && label->kind() != Value::Kind::kString) {
    return Fail(kInvalidParameter, where + " text must be a string (the button label)");
  }
  if (label != nullptr && label->kind() == Value::Kind::kString && !label->AsString().empty()) {
    out.text = label->AsString();
    if (Check e = CheckLength(out.text, kMaxButtonLabelChars, where + " text")) return e;
  } else if (!label_optional) {
    return Fail(kInvalidParameter, where + " text is required (the button label)");
  }

  if (out.type == "URL") return CheckUrlButton(button, ctx, where, out);
  if (out.type == "PHONE_NUMBER") {
    if (!NonEmptyString(button, "phone_number")) {
      return Fail(kInvalidParameter, where + " phone_number is required");
    }
  } else if (out.type == "COPY_CODE") {
    std::optional<std::string> code = NonEmptyString(button, "example");
    if (!code) {
      return Fail(kInvalidParameter, where + " example (the sample code to copy) is required");
    }
    if (Check e = CheckLength(*code, kMaxCopyCodeChars, where + " example")) return e;
  } else if (out.type == "OTP") {
    std::optional<std::string> otp = button.GetString("otp_type");
    std::string upper = otp ? ToUpper(*otp) : "";
    if (upper != "COPY_CODE" && upper != "ONE_TAP" && upper != "ZERO_TAP") {
      return Fail(kInvalidParameter, where + " otp_type must be COPY_CODE, ONE_TAP or ZERO_TAP");
    }
    const Value* apps = button.Get("supported_apps");
    if (apps != nullptr && (!apps->is_list() || apps->AsList().size() > kMaxSupportedApps)) {
      return Fail(kInvalidParameter, where + " supported_apps must be a list of at most 5 apps");
    }
  } else if (out.type == "FLOW") {
    return CheckFlowButton(button, where, out);
  }
  return std::nullopt;
}

// BUTTONS: 1-10 buttons within the per-type caps, quick replies kept together. In
// AUTHENTICATION templates the only button is the OTP one.
Check CheckButtons(const Value& component, const Context& ctx, TemplateShape& shape) {
  const Value* buttons = component.Get("buttons");
  if (buttons == nullptr || !buttons->is_list() || buttons->AsList().empty()) {
    return Fail(kInvalidParameter, "BUTTONS needs a non-empty buttons list");
  }
  const ValueList& list = buttons->AsList();
  if (list.size() > kMaxButtons) {
    return Fail(kInvalidParameter, "BUTTONS has " + std::to_string(list.size()) +
                                       " buttons; the limit is " + std::to_string(kMaxButtons));
  }
  for (size_t i = 0; i < list.size(); ++i) {
    TemplateButton button;
    if (Check e = CheckButton(list[i], i, ctx, button)) return e;
    shape.buttons.push_back(std::move(button));
  }
  for (const ButtonCap& cap : kButtonCaps) {
    size_t count = 0;
    for (const TemplateButton& b : shape.buttons) count += b.type == cap.type ? 1 : 0;
    if (count > cap.max) {
      return Fail(kInvalidParameter, "BUTTONS has " + std::to_string(count) + " " +
                                         std::string(cap.type) + " buttons; the limit is " +
                                         std::to_string(cap.max));
    }
  }
  // Grouped means the quick-reply flag changes at most once along the list.
  int changes = 0;
  for (size_t i = 1; i < shape.buttons.size(); ++i) {
    bool previous = shape.buttons[i - 1].type == "QUICK_REPLY";
    bool current = shape.buttons[i].type == "QUICK_REPLY";
    if (previous != current) ++changes;
  }
  if (changes > 1) {
    return Fail(kInvalidParameter,
                "BUTTONS must keep QUICK_REPLY buttons together, before or after the other "
                "buttons, not mixed among them");
  }
  return std::nullopt;
}

// Case-insensitive substring search over ASCII.
bool ContainsFolded(std::string_view haystack, std::string_view needle) {
  return ToLower(haystack).find(ToLower(needle)) != std::string::npos;
}

}  // namespace

std::variant<TemplateShape, MetaError> CheckTemplateDefinition(const Value& definition) {
  if (!definition.is_object()) {
    return Fail(kInvalidParameter, "the template definition must be a JSON object");
  }
  TemplateShape shape;

  std::optional<std::string> name = NonEmptyString(definition, "name");
  if (!name) return Fail(kInvalidParameter, "name is required (a string)");
  if (Check e = CheckLength(*name, kMaxNameChars, "name")) return *e;
  if (!AllOf(*name, IsNameChar)) {
    return Fail(kInvalidParameter,
                "name '" + *name + "' may contain only lowercase letters, digits and underscores");
  }
  shape.name = *name;

  std::optional<std::string> language = NonEmptyString(definition, "language");
  if (!language) {
    return Fail(kInvalidParameter, "language is required (a locale code such as en_US)");
  }
  if (!IsLocale(*language)) {
    return Fail(kInvalidParameter,
                "language '" + *language + "' is not a locale code such as en_US, pt_BR or en");
  }
  shape.language = *language;

  std::optional<std::string> category = definition.GetString("category");
  if (!category) {
    return Fail(kInvalidParameter, "category is required: MARKETING, UTILITY or AUTHENTICATION");
  }
  shape.category = ToUpper(*category);
  if (shape.category != "MARKETING" && shape.category != "UTILITY" &&
      shape.category != "AUTHENTICATION") {
    return Fail(kInvalidParameter, "category '" + *category +
                                       "' is not valid; use MARKETING, UTILITY or AUTHENTICATION");
  }

  shape.parameter_format = "POSITIONAL";
  const Value* format = definition.Get("parameter_format");
  if (format != nullptr && !format->is_null()) {
    std::string given = format->kind() == Value::Kind::kString ? format->AsString() : "";
    shape.parameter_format = ToUpper(given);
    if (shape.parameter_format != "POSITIONAL" && shape.parameter_format != "NAMED") {
      return Fail(kInvalidParameter,
                  "parameter_format '" + given + "' is not valid; use POSITIONAL or NAMED");
    }
  }

  Context ctx;
  ctx.named = shape.parameter_format == "NAMED";
  ctx.authentication = shape.category == "AUTHENTICATION";
  // Meta writes authentication text itself with a positional {{1}} for the code.
  if (ctx.authentication && ctx.named) {
    return Fail(kInvalidParameter,
                "AUTHENTICATION templates use Meta's fixed text; parameter_format must be "
                "POSITIONAL");
  }

  const Value* components = definition.Get("components");
  if (components == nullptr || !components->is_list() || components->AsList().empty()) {
    return Fail(kInvalidParameter, "components must be a non-empty list");
  }
  shape.components = *components;

  bool has_header = false, has_body = false, has_footer = false, has_buttons = false;
  const ValueList& list = components->AsList();
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = "components[" + std::to_string(i) + "]";
    const Value& component = list[i];
    if (!component.is_object()) return Fail(kInvalidParameter, at + " must be an object");
    std::optional<std::string> given = component.GetString("type");
    if (!given) return Fail(kInvalidParameter, at + " type is required");
    std::string type = ToUpper(*given);
    bool* seen = type == "HEADER"    ? &has_header
                 : type == "BODY"    ? &has_body
                 : type == "FOOTER"  ? &has_footer
                 : type == "BUTTONS" ? &has_buttons
                                     : nullptr;
    if (seen == nullptr) {
      return Fail(kInvalidParameter, at + " type '" + *given +
                                         "' is not supported; use HEADER, BODY, FOOTER or BUTTONS");
    }
    if (*seen) {
      return Fail(
          kInvalidParameter,
          type == "BODY"
              ? "a template needs exactly one BODY component; " + at + " is a second one"
              : "a template has at most one " + type + " component; " + at + " is a second one");
    }
    *seen = true;

    Check error;
    if (type == "HEADER") {
      if (ctx.authentication) {
        return Fail(kInvalidParameter, "AUTHENTICATION templates cannot have a HEADER");
      }
      error = CheckHeader(component, ctx, shape);
    } else if (type == "BODY") {
      error = CheckBody(component, ctx, shape);
    } else if (type == "FOOTER") {
      error = CheckFooter(component, ctx, shape);
    } else {
      error = CheckButtons(component, ctx, shape);
    }
    if (error) return *error;
  }
  if (!has_body) {
    return Fail(kInvalidParameter, "a template needs exactly one BODY component; none was given");
  }
  if (ctx.authentication && !has_buttons) {
    return Fail(kInvalidParameter,
                "AUTHENTICATION templates need a BUTTONS component with exactly one OTP button");
  }
  return shape;
}

std::variant<TemplateShape, MetaError> CheckTemplateEdit(
    const TemplateShape& current, const Value* components,
    const std::optional<std::string>& category,
    const std::optional<std::string>& parameter_format) {
  // An edit is judged as the whole template it would produce, so rules spanning components
  // (one BODY, OTP only in AUTHENTICATION, named examples) still hold afterwards.
  Value definition = Value::Object();
  definition.Set("name", current.name);
  definition.Set("language", current.language);
  definition.Set("category", category ? *category : current.category);
  // A shape that predates parameter_format (empty) falls back to Meta's POSITIONAL default.
  if (parameter_format || !current.parameter_format.empty()) {
    definition.Set("parameter_format",
                   parameter_format ? *parameter_format : current.parameter_format);
  }
  definition.Set("components", components != nullptr ? *components : current.components);
  return CheckTemplateDefinition(definition);
}

std::string FillVariables(
    std::string_view text,
    const std::function<std::optional<std::string>(const std::string&)>& value_of) {
  std::string out;
  size_t copied = 0;
  for (const Placeholder& p : FindPlaceholders(text)) {
    out.append(text.substr(copied, p.begin - copied));
    std::optional<std::string> value = value_of(p.inner);
    out.append(value ? *value : std::string(text.substr(p.begin, p.end - p.begin)));
    copied = p.end;
  }
  out.append(text.substr(copied));
  return out;
}

std::optional<Rejection> ReviewTemplate(const TemplateShape& shape,
                                        const std::vector<std::string>& library_names) {
  // The simulated review. Rules are tried in this order; the first match rejects:
  //  1. A MARKETING template whose footer and QUICK_REPLY button labels hold no opt-out wording
  //     ("stop", "unsubscribe", "opt out" or "opt-out", any case) is rejected as PROMOTIONAL.
  //  2. A template whose name equals a template library entry's name (any case) is rejected
  //     as INVALID_FORMAT: library names are reserved for templates created from the library.
  //  3. A body containing a URL-shortener host (bit.ly, tinyurl.com, goo.gl; any case) is
  //     rejected as ABUSIVE_CONTENT, because shorteners hide where a link leads.
  //  4. Anything else is approved.
  if (shape.category == "MARKETING") {
    static constexpr std::array<std::string_view, 4> kOptOut = {"stop", "unsubscribe", "opt out",
                                                                "opt-out"};
    std::vector<std::string_view> places = {shape.footer_text};
    for (const TemplateButton& b : shape.buttons) {
      if (b.type == "QUICK_REPLY") places.push_back(b.text);
    }
    bool has_opt_out = false;
    for (std::string_view place : places) {
      for (std::string_view word : kOptOut)
        has_opt_out = has_opt_out || ContainsFolded(place, word);
    }
    if (!has_opt_out) {
      return Rejection{"PROMOTIONAL",
                       "Marketing templates need opt-out wording (e.g. 'Reply STOP to "
                       "unsubscribe') in a footer or quick-reply button"};
    }
  }
  for (const std::string& library_name : library_names) {
    if (ToLower(library_name) == ToLower(shape.name)) {
      return Rejection{"INVALID_FORMAT", "The template name '" + shape.name +
                                             "' collides with a template library template; "
                                             "choose another name or create it from the library"};
    }
  }
  static constexpr std::array<std::string_view, 3> kShorteners = {"bit.ly", "tinyurl.com",
                                                                  "goo.gl"};
  for (std::string_view host : kShorteners) {
    if (ContainsFolded(shape.body_text, host)) {
      return Rejection{"ABUSIVE_CONTENT", "The body links through the URL shortener " +
                                              std::string(host) +
                                              "; use the full destination URL instead"};
    }
  }
  return std::nullopt;
}

}  // namespace socialite::whatsapp
