// Flow JSON rules: Meta's checks on an uploaded Flow JSON document (the `flow.json` asset of a
// WhatsApp Flow), reported as Meta's `validation_errors` with their kinds and positions.
// Pure functions over the JSON text; no storage.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace socialite::whatsapp {

// A position range in the uploaded text (lines and columns count from 1).
struct FlowErrorPointer {
  int line_start = 0;
  int line_end = 0;
  int column_start = 0;
  int column_end = 0;
  std::string path;  // e.g. "screens[0].layout.children[0].type"
};

// One of Meta's validation_errors entries.
struct FlowValidationError {
  std::string error;       // e.g. INVALID_PROPERTY_VALUE, MISSING_REQUIRED_PROPERTY
  std::string error_type;  // FLOW_JSON_ERROR or JSON_SCHEMA_ERROR
  std::string message;
  int line_start = 0;
  int line_end = 0;
  int column_start = 0;
  int column_end = 0;
  std::vector<FlowErrorPointer> pointers;
};

// What a checked Flow JSON declares, and what is wrong with it.
struct FlowJsonReport {
  std::vector<FlowValidationError> errors;  // empty: the flow can be published
  std::string json_version;                 // "version", when present
  std::string data_api_version;             // "data_api_version", when present
  bool uses_data_exchange = false;          // an endpoint flow (data_exchange / routing_model)
  std::vector<std::string> screen_ids;      // in document order
};

// Meta's file limit for flow.json (AWS's flowJson blob has the same bound).
constexpr size_t kMaxFlowJsonBytes = 10 * 1024 * 1024;

// Checks the text of a Flow JSON document as Meta does on upload. Errors come in document order
// (at most 100); lines and columns count from 1, columns in characters, and column_end is the
// column of the last character of the token pointed at.
FlowJsonReport CheckFlowJson(std::string_view text);

// Meta's JSON object for one error (compact), the string AWS returns in validationErrors.
std::string ToMetaJson(const FlowValidationError& error);

}  // namespace socialite::whatsapp
