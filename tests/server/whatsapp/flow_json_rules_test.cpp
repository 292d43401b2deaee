#include "server/whatsapp/flow_json_rules.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "server/core/json.h"

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

TEST(FlowJsonRulesDebug, Samples) {
  for (const char* name : {"sign_up.json", "endpoint_booking.json", "several_errors.json"}) {
    auto report = CheckFlowJson(Sample(name));
    std::cout << name << "\n";
    for (const auto& l : Lines(report)) std::cout << "  " << l << "\n";
  }
}

}  // namespace
}  // namespace socialite::whatsapp
