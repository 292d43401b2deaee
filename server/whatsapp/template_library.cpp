#include "server/whatsapp/template_library.h"

#include <algorithm>
#include <cctype>

#include "server/core/json.h"

namespace socialite::whatsapp {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool EqualsIgnoreCase(const std::string& a, const std::string& b) { return Lower(a) == Lower(b); }

// Sentences the body inputs add to a utility template's body (our own wording).
constexpr const char* kLearnMoreSentence = " Tap the button below to learn more.";
constexpr const char* kTrackPackageSentence = " Tap the button below to track your package.";
constexpr const char* kContactNumberSentence = " Questions? Call us with the button below.";

// The first button input of `type` in the request, if any.
const Value* ButtonInput(const Value& request, const std::string& type) {
  const Value* inputs = request.Get("libraryTemplateButtonInputs");
  if (inputs == nullptr || !inputs->is_list()) return nullptr;
  for (const auto& input : inputs->AsList()) {
    if (EqualsIgnoreCase(input.GetString("type").value_or(""), type)) return &input;
  }
  return nullptr;
}

Value AuthenticationComponents(const LibraryTemplate& entry, const Value& request,
                               std::optional<MetaError>& error) {
  const Value* inputs = request.Get("libraryTemplateBodyInputs");
  Value components = Value::List();
  Value body = Value::Object();
  body.Set("type", "BODY");
  body.Set("add_security_recommendation",
           inputs != nullptr && inputs->GetBool("addSecurityRecommendation").value_or(false));
  components.Push(std::move(body));
  if (inputs != nullptr && inputs->GetInt("codeExpirationMinutes")) {
    int64_t minutes = *inputs->GetInt("codeExpirationMinutes");
    if (minutes < 1 || minutes > 90) {
      error = MakeMetaError(100, "libraryTemplateBodyInputs.codeExpirationMinutes must be 1-90");
      return components;
    }
    Value footer = Value::Object();
    footer.Set("type", "FOOTER");
    footer.Set("code_expiration_minutes", minutes);
    components.Push(std::move(footer));
  }
  Value otp = Value::Object();
  otp.Set("type", "OTP");
  const Value* library_buttons = entry.definition.Get("templateButtons");
  std::string otp_type = "COPY_CODE";
  if (library_buttons && library_buttons->is_list() && !library_buttons->AsList().empty()) {
    otp_type = library_buttons->AsList()[0].GetString("otpType").value_or(otp_type);
  }
  if (const Value* input = ButtonInput(request, "OTP")) {
    otp_type = input->GetString("otpType").value_or(otp_type);
    if (auto accepted = input->GetBool("zeroTapTermsAccepted")) {
      otp.Set("zero_tap_terms_accepted", *accepted);
    }
    if (const Value* apps = input->Get("supportedApps")) {
      Value list = Value::List();
      for (const auto& app : apps->AsList()) {
        Value entry_app = Value::Object();
        for (const auto& [key, value] : app.AsObject()) {
          entry_app.Set(key == "packageName"     ? "package_name"
                        : key == "signatureHash" ? "signature_hash"
                                                 : key,
                        value);
        }
        list.Push(std::move(entry_app));
      }
      otp.Set("supported_apps", std::move(list));
    }
  }
  otp.Set("otp_type", otp_type);
  Value buttons = Value::Object();
  buttons.Set("type", "BUTTONS");
  buttons.Set("buttons", Value(ValueList{std::move(otp)}));
  components.Push(std::move(buttons));
  return components;
}

Value UtilityComponents(const LibraryTemplate& entry, const Value& request) {
  const Value* inputs = request.Get("libraryTemplateBodyInputs");
  auto flag = [&](const char* name) {
    return inputs != nullptr && inputs->GetBool(name).value_or(false);
  };
  Value components = Value::List();
  if (!entry.header.empty()) {
    Value header = Value::Object();
    header.Set("type", "HEADER");
    header.Set("format", "TEXT");
    header.Set("text", entry.header);
    components.Push(std::move(header));
  }
  std::string text = entry.body;
  if (flag("addLearnMoreLink")) text += kLearnMoreSentence;
  if (flag("addTrackPackageLink")) text += kTrackPackageSentence;
  if (flag("addContactNumber")) text += kContactNumberSentence;
  Value body = Value::Object();
  body.Set("type", "BODY");
  body.Set("text", text);
  if (const Value* examples = entry.definition.Get("templateBodyExampleParams");
      examples != nullptr && !examples->AsList().empty()) {
    Value example = Value::Object();
    example.Set("body_text", Value(ValueList{*examples}));
    body.Set("example", std::move(example));
  }
  components.Push(std::move(body));

  const Value* library_buttons = entry.definition.Get("templateButtons");
  if (library_buttons == nullptr || library_buttons->AsList().empty()) return components;
  Value buttons = Value::List();
  for (const auto& b : library_buttons->AsList()) {
    std::string type = b.GetString("type").value_or("QUICK_REPLY");
    Value button = Value::Object();
    button.Set("type", type);
    button.Set("text", b.GetString("text").value_or(""));
    if (type == "URL") {
      std::string url = b.GetString("url").value_or("");
      // A URL input's base_url replaces the library's host and path prefix.
      if (const Value* input = ButtonInput(request, "URL"); input && input->Get("url")) {
        url = input->Get("url")->GetString("base_url").value_or(url);
      }
      button.Set("url", url);
      if (url.find("{{") != std::string::npos) {
        button.Set("example", Value(ValueList{Value("12345")}));
      }
    } else if (type == "PHONE_NUMBER") {
      std::string phone = b.GetString("phoneNumber").value_or("");
      if (const Value* input = ButtonInput(request, "PHONE_NUMBER")) {
        phone = input->GetString("phoneNumber").value_or(phone);
      }
      button.Set("phone_number", phone);
    }
    buttons.Push(std::move(button));
  }
  Value component = Value::Object();
  component.Set("type", "BUTTONS");
  component.Set("buttons", std::move(buttons));
  components.Push(std::move(component));
  return components;
}

}  // namespace

Result<TemplateLibrary> TemplateLibrary::Parse(std::string_view json_text) {
  ASSIGN_OR_RETURN(Value doc, ParseJson(json_text));
  const Value* list = doc.Get("libraryTemplates");
  if (list == nullptr || !list->is_list()) {
    return InvalidParameters("template library: expected {\"libraryTemplates\": [...]}");
  }
  TemplateLibrary library;
  int index = 0;
  for (const auto& item : list->AsList()) {
    LibraryTemplate entry;
    entry.definition = item;
    entry.name = item.GetString("templateName").value_or("");
    entry.language = item.GetString("templateLanguage").value_or("");
    entry.category = item.GetString("templateCategory").value_or("");
    entry.topic = item.GetString("templateTopic").value_or("");
    entry.use_case = item.GetString("templateUseCase").value_or("");
    entry.header = item.GetString("templateHeader").value_or("");
    entry.body = item.GetString("templateBody").value_or("");
    if (const Value* industries = item.Get("templateIndustry");
        industries && industries->is_list()) {
      for (const auto& i : industries->AsList()) {
        if (i.kind() == Value::Kind::kString) entry.industries.push_back(i.AsString());
      }
    }
    if (entry.name.empty() || entry.language.empty() || entry.body.empty()) {
      return InvalidParameters("template library: entry " + std::to_string(index) +
                               " needs templateName, templateLanguage and templateBody");
    }
    library.entries_.push_back(std::move(entry));
    ++index;
  }
  return library;
}

const LibraryTemplate* TemplateLibrary::Find(const std::string& name,
                                             const std::string& language) const {
  for (const auto& entry : entries_) {
    if (entry.name == name && entry.language == language) return &entry;
  }
  return nullptr;
}

std::vector<std::string> TemplateLibrary::Names() const {
  std::vector<std::string> names;
  for (const auto& entry : entries_) names.push_back(entry.name);
  return names;
}

Result<std::vector<const LibraryTemplate*>> TemplateLibrary::Filter(const Value& filters) const {
  static const std::vector<std::string> kKeys = {"searchKey", "topic", "usecase", "industry",
                                                 "language"};
  if (filters.is_object()) {
    for (const auto& [key, value] : filters.AsObject()) {
      if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
        return InvalidParameters("Unknown filter '" + key +
                                 "'; use searchKey, topic, usecase, industry or language");
      }
    }
  }
  auto wanted = [&](const char* key) { return filters.GetString(key); };
  std::vector<const LibraryTemplate*> out;
  for (const auto& entry : entries_) {
    if (auto search = wanted("searchKey")) {
      std::string needle = Lower(*search);
      if (Lower(entry.name).find(needle) == std::string::npos &&
          Lower(entry.body).find(needle) == std::string::npos) {
        continue;
      }
    }
    if (auto topic = wanted("topic"); topic && !EqualsIgnoreCase(*topic, entry.topic)) continue;
    if (auto use = wanted("usecase"); use && !EqualsIgnoreCase(*use, entry.use_case)) continue;
    if (auto lang = wanted("language"); lang && !EqualsIgnoreCase(*lang, entry.language)) continue;
    if (auto industry = wanted("industry")) {
      bool any = std::any_of(entry.industries.begin(), entry.industries.end(),
                             [&](const std::string& i) { return EqualsIgnoreCase(i, *industry); });
      if (!any) continue;
    }
    out.push_back(&entry);
  }
  return out;
}

std::variant<Value, MetaError> InstantiateLibraryTemplate(const LibraryTemplate& entry,
                                                          const Value& request) {
  std::optional<MetaError> error;
  Value components = entry.category == "AUTHENTICATION"
                         ? AuthenticationComponents(entry, request, error)
                         : UtilityComponents(entry, request);
  if (error) return *error;
  Value definition = Value::Object();
  definition.Set("name", request.GetString("templateName").value_or(entry.name));
  definition.Set("language", entry.language);
  definition.Set("category", request.GetString("templateCategory").value_or(entry.category));
  definition.Set("components", std::move(components));
  return definition;
}

}  // namespace socialite::whatsapp
