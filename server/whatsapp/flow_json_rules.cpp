// Meta's checks on a Flow JSON document: scan the text keeping positions
// (flow_json/json_scanner), run the rules (flow_json/checker), report in document order.
#include "server/whatsapp/flow_json_rules.h"

#include "server/core/json.h"
#include "server/whatsapp/flow_json/checker.h"
#include "server/whatsapp/flow_json/error_list.h"
#include "server/whatsapp/flow_json/json_scanner.h"

namespace socialite::whatsapp {

FlowJsonReport CheckFlowJson(std::string_view text) {
  using flow_json::ErrorList;
  FlowJsonReport report;
  ErrorList errors;
  if (text.size() > kMaxFlowJsonBytes) {
    errors.Add("INVALID_JSON", "JSON_SCHEMA_ERROR",
               "The Flow JSON is larger than " + std::to_string(kMaxFlowJsonBytes) + " bytes.",
               {{flow_json::TextSpan{0, 0}, ""}});
    report.errors = errors.Finish(text.substr(0, 1));
    return report;
  }
  flow_json::JsonDocument doc = flow_json::JsonDocument::Scan(text);
  if (!doc.ok()) {
    uint32_t at = doc.error()->offset;
    errors.Add("INVALID_JSON", "JSON_SCHEMA_ERROR",
               "The Flow JSON is not valid JSON: " + doc.error()->reason + ".",
               {{flow_json::TextSpan{at, at}, ""}});
  } else {
    flow_json::FlowChecker(doc, errors, report).Run();
  }
  report.errors = errors.Finish(text);
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
