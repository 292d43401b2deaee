// First cut of the Flow JSON checks: the document parses and names a version and screens.
// The full rule set (screens, layout, components, routing, actions) replaces it.
#include "server/whatsapp/flow_json_rules.h"

#include "server/core/json.h"

namespace socialite::whatsapp {
namespace {

FlowValidationError SchemaError(std::string error, std::string message) {
  return FlowValidationError{.error = std::move(error),
                             .error_type = "JSON_SCHEMA_ERROR",
                             .message = std::move(message),
                             .line_start = 1,
                             .line_end = 1,
                             .column_start = 1,
                             .column_end = 1};
}

}  // namespace

FlowJsonReport CheckFlowJson(std::string_view text) {
  FlowJsonReport report;
  auto parsed = ParseJson(text);
  if (!parsed.ok()) {
    report.errors.push_back(SchemaError("INVALID_JSON", "The Flow JSON is not valid JSON."));
    return report;
  }
  const Value& doc = parsed.value();
  if (auto version = doc.GetString("version")) report.json_version = *version;
  if (auto version = doc.GetString("data_api_version")) report.data_api_version = *version;
  if (report.json_version.empty()) {
    report.errors.push_back(
        SchemaError("MISSING_REQUIRED_PROPERTY", "The property \"version\" is required."));
  }
  const Value* screens = doc.Get("screens");
  if (screens == nullptr || !screens->is_list() || screens->AsList().empty()) {
    report.errors.push_back(
        SchemaError("MISSING_REQUIRED_PROPERTY", "The property \"screens\" is required."));
    return report;
  }
  for (const Value& screen : screens->AsList()) {
    if (auto id = screen.GetString("id")) report.screen_ids.push_back(*id);
  }
  return report;
}

std::string ToMetaJson(const FlowValidationError& error) {
  Value object = Value::Object();
  object.Set("error", error.error)
      .Set("error_type", error.error_type)
      .Set("message", error.message)
      .Set("line_start", error.line_start)
      .Set("line_end", error.line_end)
      .Set("column_start", error.column_start)
      .Set("column_end", error.column_end);
  if (!error.pointers.empty()) {
    Value pointers = Value::List();
    for (const auto& p : error.pointers) {
      Value pointer = Value::Object();
      pointer.Set("line_start", p.line_start)
          .Set("line_end", p.line_end)
          .Set("column_start", p.column_start)
          .Set("column_end", p.column_end)
          .Set("path", p.path);
      pointers.Push(std::move(pointer));
    }
    object.Set("pointers", std::move(pointers));
  }
  return WriteJson(object);
}

}  // namespace socialite::whatsapp
