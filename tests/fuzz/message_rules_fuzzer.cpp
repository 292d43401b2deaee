// libFuzzer target: Meta's synchronous checks on an outbound message object
// (whatsapp::CheckOutboundMessage) on arbitrary bytes.
//
// Invariants (a violation prints the input and the outcome and aborts):
//   - no crash, no exception;
//   - a rejection carries one of Meta's codes for a refused message object — 100, 131008,
//     131009, 131051 (the rules also know 131021, which the send handler decides against
//     state) — a non-empty title, and a message "(#CODE) ..." that is valid UTF-8 (it ends up
//     in a JSON error body);
//   - an accepted message has a known type and a non-empty recipient; an individual recipient
//     is 7 to 15 digits; a mark-as-read has the message id it marks;
//   - the same input gives the same outcome twice (no hidden state).
// IsSupportedMetaApiVersion also gets the input (when short), for the same reasons.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "server/core/json.h"
#include "server/core/utf8.h"
#include "server/whatsapp/message_rules.h"
#include "server/whatsapp/meta_error.h"
#include "tests/fuzz/printable.h"

namespace {

using socialite::whatsapp::CheckOutboundMessage;
using socialite::whatsapp::MessagePlan;
using socialite::whatsapp::MetaError;

const std::set<int> kAllowedCodes = {100, 131008, 131009, 131021, 131051};
const std::set<std::string> kTypes = {"text",        "image",    "audio",    "video",
                                      "document",    "sticker",  "location", "contacts",
                                      "interactive", "template", "reaction"};

[[noreturn]] void Violation(const std::string& what, std::string_view input,
                            const std::string& outcome) {
  std::fprintf(stderr,
               "\n=== message_rules_fuzzer: INVARIANT VIOLATED: %s\ninput: %s\noutcome: %s\n",
               what.c_str(), Printable(input).c_str(), Printable(outcome).c_str());
  std::abort();
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string Describe(const std::variant<MessagePlan, MetaError>& outcome) {
  if (const auto* error = std::get_if<MetaError>(&outcome)) return "error " + error->Message();
  const auto& plan = std::get<MessagePlan>(outcome);
  std::string out = plan.kind == MessagePlan::Kind::kMarkRead ? "mark-read " : "message ";
  out += "type=" + plan.type + " to=" + plan.to + " wa_id=" + plan.wa_id +
         " recipient_type=" + plan.recipient_type + " media=" + std::to_string(plan.media.size());
  if (plan.read_message_id) out += " read=" + *plan.read_message_id;
  if (plan.template_send) {
    out += " template=" + plan.template_send->name + "/" + plan.template_send->language +
           " h=" + std::to_string(plan.template_send->header_parameters) +
           " b=" + std::to_string(plan.template_send->body_parameters) +
           " btn=" + std::to_string(plan.template_send->button_parameters);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto outcome = CheckOutboundMessage(input);
  std::string described = Describe(outcome);

  if (const auto* error = std::get_if<MetaError>(&outcome)) {
    if (kAllowedCodes.count(error->code) == 0) Violation("unexpected Meta code", input, described);
    if (error->title.empty()) Violation("error without a title", input, described);
    std::string message = error->Message();
    std::string prefix = "(#" + std::to_string(error->code) + ") ";
    if (message.rfind(prefix, 0) != 0) Violation("message without (#code)", input, described);
    if (!socialite::IsValidUtf8(message))
      Violation("error message is not valid UTF-8", input, described);
  } else {
    const auto& plan = std::get<MessagePlan>(outcome);
    if (plan.kind == MessagePlan::Kind::kMarkRead) {
      if (!plan.read_message_id || plan.read_message_id->empty()) {
        Violation("mark-read without a message id", input, described);
      }
    } else {
      if (kTypes.count(plan.type) == 0) Violation("accepted an unknown type", input, described);
      if (plan.wa_id.empty()) Violation("accepted without a recipient", input, described);
      if (plan.recipient_type == "individual" &&
          (!AllDigits(plan.wa_id) || plan.wa_id.size() < 7 || plan.wa_id.size() > 15)) {
        Violation("individual recipient is not 7-15 digits", input, described);
      }
      if (plan.type == "template" && !plan.template_send) {
        Violation("template message without a template plan", input, described);
      }
    }
  }

  if (Describe(CheckOutboundMessage(input)) != described) {
    Violation("second call differs", input, described);
  }

  if (size <= 64) {
    (void)socialite::whatsapp::IsSupportedMetaApiVersion(input);
  }
  return 0;
}
