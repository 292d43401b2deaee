#include "server/whatsapp/template_rendering.h"

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "server/whatsapp/template_rules.h"

namespace socialite::whatsapp {
namespace {

std::string Upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

// The values a send gives one component: by position ({{1}} is the first) and, for NAMED
// templates, by parameter_name.
struct Parameters {
  std::vector<std::optional<std::string>> positional;
  std::map<std::string, std::string> named;

  std::optional<std::string> operator()(const std::string& variable) const {
    if (auto found = named.find(variable); found != named.end()) return found->second;
    if (variable.empty() || variable.find_first_not_of("0123456789") != std::string::npos ||
        variable.size() > 3) {
      return std::nullopt;
    }
    size_t position = std::stoul(variable);
    if (position == 0 || position > positional.size()) return std::nullopt;
    return positional[position - 1];
  }
};

// What a parameter shows as text: a currency or date shows its fallback_value.
std::optional<std::string> ParameterText(const Value& parameter) {
  std::string type = parameter.GetString("type").value_or("");
  if (type == "text" || type == "payload" || type == "coupon_code") {
    return parameter.GetString(type);
  }
  if (type == "currency" || type == "date_time") {
    const Value* object = parameter.Get(type);
    return object == nullptr ? std::nullopt : object->GetString("fallback_value");
  }
  return std::nullopt;
}

const ValueList* ParameterList(const Value* component) {
  const Value* list = component == nullptr ? nullptr : component->Get("parameters");
  return list != nullptr && list->is_list() ? &list->AsList() : nullptr;
}

Parameters ParametersOf(const Value* component) {
  Parameters out;
  const ValueList* list = ParameterList(component);
  if (list == nullptr) return out;
  for (const Value& parameter : *list) {
    std::optional<std::string> text = ParameterText(parameter);
    if (auto name = parameter.GetString("parameter_name"); name && text) out.named[*name] = *text;
    out.positional.push_back(std::move(text));
  }
  return out;
}

// The send's components: its header, its body and its buttons by index.
struct SentComponents {
  const Value* header = nullptr;
  const Value* body = nullptr;
  std::map<int64_t, const Value*> buttons;
};

SentComponents SentComponentsOf(const Value& sent) {
  SentComponents out;
  const Value* components = sent.Get("components");
  if (components == nullptr || !components->is_list()) return out;
  for (const Value& component : components->AsList()) {
    std::string type = Upper(component.GetString("type").value_or(""));
    if (type == "HEADER") out.header = &component;
    if (type == "BODY") out.body = &component;
    if (type != "BUTTON") continue;
    const Value* index = component.Get("index");
    if (index == nullptr) continue;
    if (index->kind() == Value::Kind::kInt) out.buttons[index->AsInt()] = &component;
    if (index->kind() == Value::Kind::kString && index->AsString().size() == 1 &&
        index->AsString()[0] >= '0' && index->AsString()[0] <= '9') {
      out.buttons[index->AsString()[0] - '0'] = &component;
    }
  }
  return out;
}

// The definition's component of `type` (HEADER, BUTTONS, ...), or nullptr.
const Value* DefinitionComponent(const TemplateShape& shape, const std::string& type) {
  if (!shape.components.is_list()) return nullptr;
  for (const Value& component : shape.components.AsList()) {
    if (Upper(component.GetString("type").value_or("")) == type) return &component;
  }
  return nullptr;
}

Value RenderHeader(const TemplateShape& shape, const Value* sent_header) {
  Value header = Value::Object();
  header.Set("format", shape.header_format);
  if (shape.header_format == "TEXT") {
    const Value* component = DefinitionComponent(shape, "HEADER");
    std::string text = component == nullptr ? "" : component->GetString("text").value_or("");
    header.Set("text", FillVariables(text, ParametersOf(sent_header)));
    return header;
  }
  const ValueList* parameters = ParameterList(sent_header);
  if (parameters == nullptr || parameters->empty()) return header;
  const Value& parameter = parameters->front();
  std::string type = parameter.GetString("type").value_or("");
  const Value* object = parameter.Get(type);
  if (object == nullptr || !object->is_object()) return header;
  if (type == "location") {
    header.Set("location", *object);
    return header;
  }
  if (auto id = object->GetString("id")) header.Set("mediaId", *id);
  if (auto link = object->GetString("link")) header.Set("link", *link);
  if (auto filename = object->GetString("filename")) header.Set("filename", *filename);
  return header;
}

Value RenderButtons(const TemplateShape& shape, const SentComponents& sent) {
  const Value* component = DefinitionComponent(shape, "BUTTONS");
  const Value* defined = component == nullptr ? nullptr : component->Get("buttons");
  Value buttons = Value::List();
  for (size_t i = 0; i < shape.buttons.size(); ++i) {
    const TemplateButton& button = shape.buttons[i];
    const Value* raw = defined != nullptr && defined->is_list() && i < defined->AsList().size()
                           ? &defined->AsList()[i]
                           : nullptr;
    auto given = sent.buttons.find(static_cast<int64_t>(i));
    const Value* sent_button = given == sent.buttons.end() ? nullptr : given->second;
    Parameters parameters = ParametersOf(sent_button);

    Value out = Value::Object();
    out.Set("type", button.type);
    // Meta labels OTP and COPY_CODE buttons itself when the template gives no text.
    out.Set("text", button.text.empty() ? "Copy code" : button.text);
    if (button.type == "URL" && raw != nullptr) {
      // The one URL variable takes the button's one parameter, whatever the variable's name.
      auto suffix = [&](const std::string& variable) {
        std::optional<std::string> value = parameters(variable);
        if (!value && !parameters.positional.empty()) value = parameters.positional.front();
        return value;
      };
      out.Set("url", FillVariables(raw->GetString("url").value_or(""), suffix));
    }
    if (button.type == "PHONE_NUMBER" && raw != nullptr) {
      out.Set("phoneNumber", raw->GetString("phone_number").value_or(""));
    }
    if (button.type == "FLOW" && !button.flow_id.empty()) out.Set("flowId", button.flow_id);
    if ((button.type == "QUICK_REPLY" || button.type == "COPY_CODE") &&
        !parameters.positional.empty() && parameters.positional.front()) {
      out.Set("payload", *parameters.positional.front());
    }
    buttons.Push(std::move(out));
  }
  return buttons;
}

}  // namespace

std::optional<Value> RenderTemplate(const Value& definition, const Value& sent) {
  auto checked = CheckTemplateDefinition(definition);
  const TemplateShape* shape = std::get_if<TemplateShape>(&checked);
  if (shape == nullptr) return std::nullopt;
  SentComponents components = SentComponentsOf(sent);
  Value rendered = Value::Object();
  if (!shape->header_format.empty())
    rendered.Set("header", RenderHeader(*shape, components.header));
  rendered.Set("body", FillVariables(shape->body_text, ParametersOf(components.body)));
  if (!shape->footer_text.empty()) rendered.Set("footer", shape->footer_text);
  rendered.Set("buttons", RenderButtons(*shape, components));
  return rendered;
}

}  // namespace socialite::whatsapp
