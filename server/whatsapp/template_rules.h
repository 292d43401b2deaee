// Template rules: Meta's checks on a message template definition (creation and edits), the
// simulated review's rejection rules, and the parameter counts that sends are held to.
// Pure functions over the untyped JSON Value; no storage.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/core/value.h"
#include "server/whatsapp/meta_error.h"

namespace socialite::whatsapp {

struct TemplateButton {
  std::string type;  // QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, FLOW, VOICE_CALL, ...
  std::string text;
  bool url_has_variable = false;
  // FLOW buttons: the flow as named (one of the three).
  std::string flow_id;
  std::string flow_name;
  bool has_flow_json = false;
};

// What a checked template definition declares.
struct TemplateShape {
  std::string name;
  std::string language;
  std::string category;          // MARKETING | UTILITY | AUTHENTICATION
  std::string parameter_format;  // POSITIONAL | NAMED
  Value components;              // the components list as given (kept for Get)
  std::string header_format;     // "" (no header), TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION, ...
  int header_variables = 0;
  int body_variables = 0;
  std::vector<std::string> body_variable_names;  // NAMED format only, in order of appearance
  std::string body_text;
  std::string footer_text;
  std::vector<TemplateButton> buttons;
};

// Checks a full definition {name, language, category, components, parameter_format?} as
// Meta does on creation. The error names the broken rule with Meta's code where one exists
// (e.g. 2388040 over a character limit, 2388299 variable at start/end, 100 otherwise).
std::variant<TemplateShape, MetaError> CheckTemplateDefinition(const Value& definition);

// Checks components (and the category/parameter format) for an edit of an existing template.
std::variant<TemplateShape, MetaError> CheckTemplateEdit(
    const TemplateShape& current, const Value* components,
    const std::optional<std::string>& category, const std::optional<std::string>& parameter_format);

// `text` with each {{variable}} replaced by value_of(its name: "1", "first_name"); a variable
// it answers nullopt for is kept as written. The same placeholder syntax the checks parse.
std::string FillVariables(
    std::string_view text,
    const std::function<std::optional<std::string>(const std::string&)>& value_of);

// The simulated review's verdict: a rejection reason (Meta's reason strings such as
// "INVALID_FORMAT", "PROMOTIONAL" ... with a human explanation), or nullopt for approval.
// `library_names` are the names of the template library's entries.
struct Rejection {
  std::string reason;       // Meta's enum-like reason, e.g. "INVALID_FORMAT"
  std::string explanation;  // for people
};
std::optional<Rejection> ReviewTemplate(const TemplateShape& shape,
                                        const std::vector<std::string>& library_names);

}  // namespace socialite::whatsapp
