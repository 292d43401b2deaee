#include "server/events/status_rules.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "server/events/sinks/sink.h"

namespace socialite::events {
namespace {

const std::vector<std::string>& KnownStatuses() {
  static const std::vector<std::string> statuses = {"sent",   "delivered", "read",
                                                    "played", "warning",   "deleted"};
  return statuses;
}

bool IsKnownStatusKey(const std::string& key) {
  const auto& known = KnownStatuses();
  return key == "*" || key == "failed" || std::find(known.begin(), known.end(), key) != known.end();
}

constexpr int64_t kMaxCopies = 10;
constexpr double kMaxSeconds = 86400;

Result<int64_t> Millis(const Value& value, const std::string& where, bool positive) {
  std::optional<double> seconds;
  if (value.kind() == Value::Kind::kInt) seconds = static_cast<double>(value.AsInt());
  if (value.kind() == Value::Kind::kDouble) seconds = value.AsDouble();
  if (!seconds || !std::isfinite(*seconds) || *seconds < 0 || *seconds > kMaxSeconds ||
      (positive && *seconds <= 0)) {
    return InvalidParameters(where + " must be seconds from " + (positive ? "above 0" : "0") +
                             " to 86400");
  }
  return static_cast<int64_t>(*seconds * 1000 + 0.5);
}

Result<int64_t> Copies(const Value& value, const std::string& where) {
  if (value.kind() != Value::Kind::kInt || value.AsInt() < 0 || value.AsInt() > kMaxCopies) {
    return InvalidParameters(where + " must be a count of extra deliveries from 0 to 10");
  }
  return value.AsInt();
}

// A number for every status ("*"), or an object of status -> number.
template <typename ParseOne>
Status ParsePerStatus(const Value& value, const std::string& where, ParseOne parse_one,
                      std::map<std::string, int64_t>& out) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.AsObject()) {
      if (!IsKnownStatusKey(key)) {
        return InvalidParameters(where + " has an unknown status '" + key + "'");
      }
      ASSIGN_OR_RETURN(int64_t parsed, parse_one(item, where + "." + key));
      out[key] = parsed;
    }
    return {};
  }
  ASSIGN_OR_RETURN(int64_t parsed, parse_one(value, where));
  out["*"] = parsed;
  return {};
}

int64_t Lookup(const std::map<std::string, int64_t>& values, const std::string& status) {
  auto exact = values.find(status);
  if (exact != values.end()) return exact->second;
  auto all = values.find("*");
  return all != values.end() ? all->second : 0;
}

// Whole seconds as an integer, others as a fraction.
Value SecondsValue(int64_t ms) {
  if (ms % 1000 == 0) return Value(ms / 1000);
  return Value(static_cast<double>(ms) / 1000.0);
}

Value PerStatusValue(const std::map<std::string, int64_t>& values, bool seconds) {
  auto item = [&](int64_t v) { return seconds ? SecondsValue(v) : Value(v); };
  if (values.size() == 1 && values.count("*")) return item(values.at("*"));
  Value object = Value::Object();
  for (const auto& [key, v] : values) object.Set(key, item(v));
  return object;
}

bool MatchesRecipient(const std::string& glob, const std::string& wa_id) {
  return GlobMatches(glob, wa_id) || GlobMatches(glob, "+" + wa_id);
}

}  // namespace

int64_t DeliveryRealism::CopiesFor(const std::string& status) const {
  return Lookup(duplicates, status);
}

int64_t DeliveryRealism::DelayFor(const std::string& status) const {
  return Lookup(delay_ms, status);
}

Result<DeliveryRealism> ParseDeliveryRealism(const Value& object, const std::string& where) {
  DeliveryRealism realism;
  if (const Value* duplicate = object.Get("duplicate")) {
    RETURN_IF_ERROR(ParsePerStatus(*duplicate, where + ".duplicate", Copies, realism.duplicates));
  }
  if (const Value* gap = object.Get("duplicateAfterSeconds")) {
    ASSIGN_OR_RETURN(realism.duplicate_gap_ms,
                     Millis(*gap, where + ".duplicateAfterSeconds", /*positive=*/false));
  }
  if (const Value* delay = object.Get("delaySeconds")) {
    RETURN_IF_ERROR(ParsePerStatus(
        *delay, where + ".delaySeconds",
        [](const Value& v, const std::string& w) { return Millis(v, w, /*positive=*/false); },
        realism.delay_ms));
  }
  if (const Value* window = object.Get("reorderWindowSeconds")) {
    ASSIGN_OR_RETURN(realism.reorder_window_ms,
                     Millis(*window, where + ".reorderWindowSeconds", /*positive=*/true));
  }
  // Zeros ask for nothing: drop them, so that an empty realism means none.
  std::erase_if(realism.duplicates, [](const auto& item) { return item.second == 0; });
  std::erase_if(realism.delay_ms, [](const auto& item) { return item.second == 0; });
  return realism;
}

void DeliveryRealismToValue(const DeliveryRealism& realism, Value& object) {
  if (!realism.duplicates.empty()) {
    object.Set("duplicate", PerStatusValue(realism.duplicates, /*seconds=*/false));
  }
  if (realism.duplicate_gap_ms > 0) {
    object.Set("duplicateAfterSeconds", SecondsValue(realism.duplicate_gap_ms));
  }
  if (!realism.delay_ms.empty()) {
    object.Set("delaySeconds", PerStatusValue(realism.delay_ms, /*seconds=*/true));
  }
  if (realism.reorder_window_ms > 0) {
    object.Set("reorderWindowSeconds", SecondsValue(realism.reorder_window_ms));
  }
}

void ApplyDeliveryRealism(const DeliveryRealism& realism, std::vector<PlannedStatus>& plan) {
  for (PlannedStatus& planned : plan) {
    planned.deliver_offset_ms = planned.offset_ms + realism.DelayFor(planned.status);
    planned.copies = realism.CopiesFor(planned.status);
    planned.copy_gap_ms = realism.duplicate_gap_ms;
  }
  if (realism.reorder_window_ms <= 0) return;
  // Windows over the times the statuses happen; the plan is in that order.
  for (size_t first = 0; first < plan.size();) {
    size_t last = first;
    while (last + 1 < plan.size() &&
           plan[last + 1].offset_ms < plan[first].offset_ms + realism.reorder_window_ms) {
      ++last;
    }
    if (last > first) {
      int64_t close = plan[first].offset_ms + realism.reorder_window_ms;
      int64_t latest = 0;
      for (size_t i = first; i <= last; ++i) {
        latest = std::max(latest, plan[i].deliver_offset_ms - plan[i].offset_ms);
      }
      // Newest first: the last to happen goes at the window's close, each earlier 1 ms later.
      for (size_t i = first; i <= last; ++i) {
        plan[i].deliver_offset_ms = close + latest + static_cast<int64_t>(last - i);
      }
    }
    first = last + 1;
  }
}

Result<StatusDelays> ParseStatusDelays(const std::string& text) {
  StatusDelays delays;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    std::string item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? text.size() : comma + 1;
    size_t eq = item.find('=');
    if (eq == std::string::npos) {
      return InvalidParameters("status delays: expected NAME=SECONDS, got '" + item + "'");
    }
    std::string name = item.substr(0, eq);
    double seconds = 0;
    const char* begin = item.data() + eq + 1;
    const char* end = item.data() + item.size();
    auto [stop, ec] = std::from_chars(begin, end, seconds);
    if (ec != std::errc() || stop != end || !std::isfinite(seconds) || seconds < 0 ||
        seconds > 86400) {
      return InvalidParameters("status delays: '" + item + "' needs seconds from 0 to 86400");
    }
    int64_t ms = static_cast<int64_t>(seconds * 1000 + 0.5);
    if (name == "sent") {
      delays.sent_ms = ms;
    } else if (name == "delivered") {
      delays.delivered_ms = ms;
    } else if (name == "read") {
      delays.read_ms = ms;
    } else {
      return InvalidParameters("status delays: unknown status '" + name +
                               "'; use sent, delivered, read");
    }
  }
  return delays;
}

Result<std::vector<StatusRule>> ParseStatusRules(const Value& list) {
  if (!list.is_list()) return InvalidParameters("rules must be a JSON list");
  std::vector<StatusRule> rules;
  int index = 0;
  for (const auto& item : list.AsList()) {
    std::string where = "rules[" + std::to_string(index++) + "]";
    if (!item.is_object()) return InvalidParameters(where + " must be an object");
    StatusRule rule;
    rule.name = item.GetString("name").value_or(where);
    rule.recipient = item.GetString("recipient").value_or("*");
    rule.type = item.GetString("type").value_or("*");
    rule.template_name = item.GetString("template").value_or("*");
    const Value* statuses = item.Get("statuses");
    auto failed = item.GetInt("failed");
    ASSIGN_OR_RETURN(rule.realism, ParseDeliveryRealism(item, where));
    if (item.Get("failed") != nullptr && !failed) {
      return InvalidParameters(where + ".failed must be a Meta error code");
    }
    if (statuses != nullptr && failed.has_value()) {
      return InvalidParameters(where + " takes \"statuses\" or \"failed\", not both");
    }
    if (statuses == nullptr && !failed && rule.realism.empty()) {
      return InvalidParameters(where +
                               " needs \"statuses\", \"failed\" or a realism field "
                               "(duplicate, delaySeconds, reorderWindowSeconds)");
    }
    if (failed) {
      if (*failed <= 0 || *failed > 99999999) {
        return InvalidParameters(where + ".failed must be a Meta error code");
      }
      rule.failed_code = static_cast<int>(*failed);
    } else if (statuses != nullptr) {
      if (!statuses->is_list()) return InvalidParameters(where + ".statuses must be a list");
      rule.statuses_given = true;
      for (const auto& status : statuses->AsList()) {
        const auto& known = KnownStatuses();
        if (status.kind() != Value::Kind::kString ||
            std::find(known.begin(), known.end(), status.AsString()) == known.end()) {
          return InvalidParameters(
              where + ".statuses takes sent, delivered, read, played, warning, deleted");
        }
        rule.statuses.push_back(status.AsString());
      }
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

Value StatusRulesToValue(const std::vector<StatusRule>& rules) {
  Value list = Value::List();
  for (const auto& rule : rules) {
    Value item = Value::Object();
    item.Set("name", rule.name);
    item.Set("recipient", rule.recipient);
    item.Set("type", rule.type);
    item.Set("template", rule.template_name);
    if (rule.failed_code) {
      item.Set("failed", static_cast<int64_t>(*rule.failed_code));
    } else if (rule.statuses_given || rule.realism.empty()) {
      Value statuses = Value::List();
      for (const auto& s : rule.statuses) statuses.Push(s);
      item.Set("statuses", std::move(statuses));
    }
    DeliveryRealismToValue(rule.realism, item);
    list.Push(std::move(item));
  }
  return list;
}

namespace {

// The statuses alone: the decided verdict, the first matching rule's, or Meta's default.
std::vector<PlannedStatus> PlanSteps(const std::string& type,
                                     const std::optional<whatsapp::MetaError>& decided,
                                     const StatusRule* rule, const StatusDelays& delays) {
  // Meta's own verdict comes first: the message fails, whatever the rules say.
  if (decided) return {{"failed", delays.sent_ms, decided}};
  const int64_t steps[] = {delays.sent_ms, delays.delivered_ms, delays.read_ms};
  auto step_delay = [&](size_t i) {
    return i < 3 ? steps[i] : delays.read_ms + static_cast<int64_t>(i - 2) * 1000;
  };
  if (rule != nullptr && rule->failed_code) {
    return {{"failed", delays.sent_ms, whatsapp::MakeMetaError(*rule->failed_code, "")}};
  }
  if (rule != nullptr && rule->statuses_given) {
    std::vector<PlannedStatus> plan;
    for (const std::string& status : rule->statuses) {
      // Only a voice note is played.
      if (status == "played" && type != "audio") continue;
      plan.push_back({status, step_delay(plan.size()), std::nullopt});
    }
    return plan;
  }
  // Reactions you send only ever get `sent`.
  if (type == "reaction") return {{"sent", delays.sent_ms, std::nullopt}};
  // Meta sends no `delivered` when a message is delivered and read at the same moment.
  if (delays.read_ms <= delays.delivered_ms) {
    return {{"sent", delays.sent_ms, std::nullopt}, {"read", delays.read_ms, std::nullopt}};
  }
  return {{"sent", delays.sent_ms, std::nullopt},
          {"delivered", delays.delivered_ms, std::nullopt},
          {"read", delays.read_ms, std::nullopt}};
}

}  // namespace

std::vector<PlannedStatus> PlanStatuses(const std::string& wa_id, const std::string& type,
                                        const std::string& template_name,
                                        const std::optional<whatsapp::MetaError>& decided,
                                        const std::vector<StatusRule>& rules,
                                        const StatusDelays& delays) {
  const StatusRule* match = nullptr;
  for (const auto& rule : rules) {
    if (MatchesRecipient(rule.recipient, wa_id) && GlobMatches(rule.type, type) &&
        GlobMatches(rule.template_name, template_name)) {
      match = &rule;
      break;
    }
  }
  std::vector<PlannedStatus> plan = PlanSteps(type, decided, match, delays);
  ApplyDeliveryRealism(match != nullptr ? match->realism : DeliveryRealism{}, plan);
  return plan;
}

std::vector<StatusRule> RuleBook::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rules_;
}

void RuleBook::Set(std::vector<StatusRule> rules) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_ = std::move(rules);
}

}  // namespace socialite::events
