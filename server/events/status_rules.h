// Status rules: how Meta treats an accepted message over time. By default a message gets
// sent -> delivered -> read at configured delays; a reaction only `sent`; a message whose
// outcome was decided as failed gets `failed` with that error. Rules (from the fixtures or
// PUT /_socialite/rules) override the default for matching messages; the first match wins.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/core/result.h"
#include "server/core/value.h"
#include "server/whatsapp/meta_error.h"

namespace socialite::events {

// Milliseconds from acceptance to each status.
struct StatusDelays {
  int64_t sent_ms = 100;
  int64_t delivered_ms = 500;
  int64_t read_ms = 2000;
};

// "sent=0.1,delivered=0.5,read=2" (seconds; any subset, in any order).
Result<StatusDelays> ParseStatusDelays(const std::string& text);

struct StatusRule {
  std::string name;
  std::string recipient = "*";        // glob over the WhatsApp id, with or without '+'
  std::string type = "*";             // glob over the message type
  std::string template_name = "*";    // glob over the template name ("" for non-templates)
  std::vector<std::string> statuses;  // e.g. ["sent", "delivered"]; empty when failed_code
  std::optional<int> failed_code;     // Meta error code of a `failed` status
};

// Parses a JSON list of rules: {"name"?, "recipient"?, "type"?, "template"?, and exactly one
// of "statuses": [...] (sent, delivered, read, warning, deleted) or "failed": CODE}.
Result<std::vector<StatusRule>> ParseStatusRules(const Value& list);
Value StatusRulesToValue(const std::vector<StatusRule>& rules);

struct PlannedStatus {
  std::string status;
  int64_t offset_ms = 0;
  std::optional<whatsapp::MetaError> error;
};

// What a message will go through. `decided` is the outcome the send already decided.
std::vector<PlannedStatus> PlanStatuses(const std::string& wa_id, const std::string& type,
                                        const std::string& template_name,
                                        const std::optional<whatsapp::MetaError>& decided,
                                        const std::vector<StatusRule>& rules,
                                        const StatusDelays& delays);

// The rules in force, shared by handlers and the admin API. Thread-safe.
class RuleBook {
 public:
  std::vector<StatusRule> Get() const;
  void Set(std::vector<StatusRule> rules);

 private:
  mutable std::mutex mu_;
  std::vector<StatusRule> rules_;
};

}  // namespace socialite::events
