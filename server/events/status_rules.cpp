#include "server/events/status_rules.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "server/events/sinks/sink.h"

namespace socialite::events {
namespace {

const std::vector<std::string>& KnownStatuses() {
  static const std::vector<std::string> statuses = {"sent", "delivered", "read", "warning",
                                                    "deleted"};
  return statuses;
}

bool MatchesRecipient(const std::string& glob, const std::string& wa_id) {
  return GlobMatches(glob, wa_id) || GlobMatches(glob, "+" + wa_id);
}

}  // namespace

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
    if ((statuses != nullptr) == failed.has_value()) {
      return InvalidParameters(where + " needs exactly one of \"statuses\" or \"failed\"");
    }
    if (failed) {
      if (*failed <= 0 || *failed > 99999999) {
        return InvalidParameters(where + ".failed must be a Meta error code");
      }
      rule.failed_code = static_cast<int>(*failed);
    } else {
      if (!statuses->is_list()) return InvalidParameters(where + ".statuses must be a list");
      for (const auto& status : statuses->AsList()) {
        const auto& known = KnownStatuses();
        if (status.kind() != Value::Kind::kString ||
            std::find(known.begin(), known.end(), status.AsString()) == known.end()) {
          return InvalidParameters(where +
                                   ".statuses takes sent, delivered, read, warning, deleted");
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
    } else {
      Value statuses = Value::List();
      for (const auto& s : rule.statuses) statuses.Push(s);
      item.Set("statuses", std::move(statuses));
    }
    list.Push(std::move(item));
  }
  return list;
}

std::vector<PlannedStatus> PlanStatuses(const std::string& wa_id, const std::string& type,
                                        const std::string& template_name,
                                        const std::optional<whatsapp::MetaError>& decided,
                                        const std::vector<StatusRule>& rules,
                                        const StatusDelays& delays) {
  // Meta's own verdict comes first: the message fails, whatever the rules say.
  if (decided) return {{"failed", delays.sent_ms, decided}};
  const int64_t steps[] = {delays.sent_ms, delays.delivered_ms, delays.read_ms};
  auto step_delay = [&](size_t i) {
    return i < 3 ? steps[i] : delays.read_ms + static_cast<int64_t>(i - 2) * 1000;
  };
  for (const auto& rule : rules) {
    if (!MatchesRecipient(rule.recipient, wa_id) || !GlobMatches(rule.type, type) ||
        !GlobMatches(rule.template_name, template_name)) {
      continue;
    }
    if (rule.failed_code) {
      return {{"failed", delays.sent_ms, whatsapp::MakeMetaError(*rule.failed_code, "")}};
    }
    std::vector<PlannedStatus> plan;
    for (size_t i = 0; i < rule.statuses.size(); ++i) {
      plan.push_back({rule.statuses[i], step_delay(i), std::nullopt});
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

std::vector<StatusRule> RuleBook::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rules_;
}

void RuleBook::Set(std::vector<StatusRule> rules) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_ = std::move(rules);
}

}  // namespace socialite::events
