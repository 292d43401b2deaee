// libFuzzer target: Meta's checks on a Flow JSON document (whatsapp::CheckFlowJson) on
// arbitrary bytes: the position-keeping scanner, the rules and the error report.
//
// Invariants (a violation prints the input and the report and aborts):
//   - no crash, no exception;
//   - at most 100 errors, sorted by position; each has a known kind, FLOW_JSON_ERROR or
//     JSON_SCHEMA_ERROR, a non-empty valid UTF-8 message, and a span inside the text (lines and
//     columns from 1, start <= end);
//   - INVALID_JSON comes alone; text that the server's JSON parser (RapidJSON) accepts is never
//     INVALID_JSON, unless it breaks the scanner's own bounds (nesting, value count);
//   - ToMetaJson of every error is JSON the server's parser accepts;
//   - the summary's screen ids are unique; the same input gives the same report twice.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "server/core/json.h"
#include "server/core/utf8.h"
#include "server/whatsapp/flow_json_rules.h"
#include "tests/fuzz/printable.h"

namespace {

using socialite::whatsapp::CheckFlowJson;
using socialite::whatsapp::FlowJsonReport;
using socialite::whatsapp::ToMetaJson;

const std::set<std::string> kKinds = {"INVALID_JSON",
                                      "MISSING_REQUIRED_PROPERTY",
                                      "INVALID_PROPERTY",
                                      "INVALID_PROPERTY_VALUE",
                                      "MISSING_FOOTER",
                                      "TOO_MANY_COMPONENTS",
                                      "INCOMPATIBLE_COMPONENTS",
                                      "INVALID_ROUTING_MODEL"};

std::string Describe(const FlowJsonReport& report) {
  std::string out = "version=" + report.json_version + " data_api=" + report.data_api_version +
                    " endpoint=" + (report.uses_data_exchange ? "yes" : "no") + " screens=";
  for (const auto& id : report.screen_ids) out += id + ",";
  for (const auto& e : report.errors) out += "\n  " + ToMetaJson(e);
  return out;
}

[[noreturn]] void Violation(const std::string& what, std::string_view input,
                            const FlowJsonReport& report) {
  std::fprintf(stderr,
               "\n=== flow_json_rules_fuzzer: INVARIANT VIOLATED: %s\ninput: %s\nreport: %s\n",
               what.c_str(), Printable(input).c_str(), Printable(Describe(report)).c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  FlowJsonReport report = CheckFlowJson(input);

  int lines = 1;
  for (char c : input) lines += c == '\n';
  if (report.errors.size() > 100) Violation("more than 100 errors", input, report);
  int previous_line = 0, previous_column = 0;
  for (const auto& e : report.errors) {
    if (kKinds.count(e.error) == 0) Violation("unknown kind " + e.error, input, report);
    if (e.error_type != "FLOW_JSON_ERROR" && e.error_type != "JSON_SCHEMA_ERROR") {
      Violation("unknown error type", input, report);
    }
    if (e.message.empty() || !socialite::IsValidUtf8(e.message)) {
      Violation("empty or invalid UTF-8 message", input, report);
    }
    if (e.line_start < 1 || e.column_start < 1 || e.line_end < e.line_start ||
        (e.line_end == e.line_start && e.column_end < e.column_start) || e.line_end > lines) {
      Violation("span out of the text", input, report);
    }
    if (e.line_start < previous_line ||
        (e.line_start == previous_line && e.column_start < previous_column)) {
      Violation("errors not in document order", input, report);
    }
    previous_line = e.line_start;
    previous_column = e.column_start;
    if (e.error == "INVALID_JSON" && report.errors.size() != 1) {
      Violation("INVALID_JSON with other errors", input, report);
    }
    if (!socialite::ParseJson(ToMetaJson(e)).ok()) {
      Violation("ToMetaJson is not JSON", input, report);
    }
  }

  bool refused = !report.errors.empty() && report.errors[0].error == "INVALID_JSON";
  if (refused && socialite::ParseJson(input).ok()) {
    const std::string& message = report.errors[0].message;
    if (message.find("nesting") == std::string::npos &&
        message.find("values") == std::string::npos) {
      Violation("refused JSON that the server's parser accepts", input, report);
    }
  }

  std::set<std::string> ids(report.screen_ids.begin(), report.screen_ids.end());
  if (ids.size() != report.screen_ids.size()) Violation("repeated screen ids", input, report);

  if (Describe(CheckFlowJson(input)) != Describe(report)) {
    Violation("second call differs", input, report);
  }
  return 0;
}
