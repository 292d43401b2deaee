// Status rules: how Meta treats an accepted message over time. By default a message gets
// sent -> delivered -> read at configured delays; a reaction only `sent`; a message whose
// outcome was decided as failed gets `failed` with that error. Rules (from the fixtures or
// PUT /_socialite/rules) override the default for matching messages; the first match wins.
#pragma once

#include <cstdint>
#include <map>
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

// How a message's status events are delivered, beyond when they happen: what Meta does at
// random (at-least-once delivery, no ordering promise, late webhooks), asked for on purpose
// so that a test can assert its application copes. Keys of the maps are a status or "*".
struct DeliveryRealism {
  std::map<std::string, int64_t> duplicates;  // extra deliveries of the same event
  int64_t duplicate_gap_ms = 0;               // between a delivery and its duplicate
  std::map<std::string, int64_t> delay_ms;    // delivered this much after it happened
  // Statuses happening within this window of the window's first are held until it closes
  // and then delivered newest first, 1 ms apart (0: in order).
  int64_t reorder_window_ms = 0;

  bool empty() const { return duplicates.empty() && delay_ms.empty() && reorder_window_ms == 0; }
  int64_t CopiesFor(const std::string& status) const;
  int64_t DelayFor(const std::string& status) const;
};

// Parses the realism fields of `object` ("duplicate", "duplicateAfterSeconds",
// "delaySeconds", "reorderWindowSeconds"); `where` names it in errors.
Result<DeliveryRealism> ParseDeliveryRealism(const Value& object, const std::string& where);
// Adds the realism fields to `object` (none when `realism` is empty).
void DeliveryRealismToValue(const DeliveryRealism& realism, Value& object);

struct StatusRule {
  std::string name;
  std::string recipient = "*";        // glob over the WhatsApp id, with or without '+'
  std::string type = "*";             // glob over the message type
  std::string template_name = "*";    // glob over the template name ("" for non-templates)
  std::vector<std::string> statuses;  // e.g. ["sent", "delivered"]; empty when failed_code
  bool statuses_given = false;        // "statuses" was there (an empty list plans nothing)
  std::optional<int> failed_code;     // Meta error code of a `failed` status
  DeliveryRealism realism;            // applies to whatever statuses the message gets
};

// Parses a JSON list of rules: {"name"?, "recipient"?, "type"?, "template"?, at most one of
// "statuses": [...] (sent, delivered, read, played, warning, deleted) or "failed": CODE, and
// realism fields}. A rule with neither statuses nor failed must have realism fields: the
// message then gets its usual statuses, delivered as the realism says.
Result<std::vector<StatusRule>> ParseStatusRules(const Value& list);
Value StatusRulesToValue(const std::vector<StatusRule>& rules);

struct PlannedStatus {
  std::string status;
  int64_t offset_ms = 0;  // when it happens, after acceptance
  std::optional<whatsapp::MetaError> error;
  int64_t deliver_offset_ms = 0;  // when it is delivered (>= offset_ms)
  int64_t copies = 0;             // duplicate deliveries
  int64_t copy_gap_ms = 0;
};

// Applies `realism` to a plan in the order the statuses happen: sets each one's delivery
// time and copies.
void ApplyDeliveryRealism(const DeliveryRealism& realism, std::vector<PlannedStatus>& plan);

// What a message will go through. `decided` is the outcome the send already decided: it
// replaces the statuses of any rule, but the first matching rule's realism still applies.
// `played` is kept only for audio messages (voice notes).
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
