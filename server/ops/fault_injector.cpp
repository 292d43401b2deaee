#include "server/ops/fault_injector.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string_view>
#include <utility>

#include "server/events/sinks/sink.h"

namespace socialite::ops {
namespace {

// The service's own errors, the ones an operation's spec entry can list. Protocol-level
// errors (UnknownOperation, Serialization, …) are left out: a client cannot retry them
// meaningfully, and no operation lists them.
constexpr ErrorCode kInjectable[] = {
    ErrorCode::kThrottledRequest,   ErrorCode::kInternalService,  ErrorCode::kDependency,
    ErrorCode::kAccessDeniedByMeta, ErrorCode::kAccessDenied,     ErrorCode::kLimitExceeded,
    ErrorCode::kInvalidParameters,  ErrorCode::kResourceNotFound, ErrorCode::kValidation,
    ErrorCode::kConflict,
};

constexpr int64_t kMaxLatencyMs = 60000;

std::string InjectableNames() {
  std::string names;
  for (ErrorCode code : kInjectable) {
    if (!names.empty()) names += ", ";
    names += ErrorName(code);
  }
  return names;
}

std::string ErrorNames(const std::vector<ErrorCode>& codes) {
  std::string names;
  for (ErrorCode code : codes) {
    if (!names.empty()) names += ", ";
    names += ErrorName(code);
  }
  return names;
}

bool IsNumber(const Value& value) {
  return value.kind() == Value::Kind::kInt || value.kind() == Value::Kind::kDouble;
}

double AsNumber(const Value& value) {
  return value.kind() == Value::Kind::kInt ? static_cast<double>(value.AsInt()) : value.AsDouble();
}

// Parses and checks one rule; `label` names it in messages ("Fault rule 2").
Result<FaultRule> ParseRule(const spec::ServiceSpec& spec, const Value& item,
                            const std::string& label) {
  if (!item.is_object()) return InvalidParameters(label + " must be a JSON object");
  for (const auto& [name, value] : item.AsObject()) {
    // "id", "fired" and "remainingCalls" are what GET shows; accepting (and ignoring) them lets
    // a client PUT back what it read.
    static constexpr std::string_view kKnown[] = {"operation", "probability",    "nextCalls",
                                                  "error",     "message",        "latencyMs",
                                                  "id",        "remainingCalls", "fired"};
    if (std::find(std::begin(kKnown), std::end(kKnown), name) == std::end(kKnown)) {
      return InvalidParameters(label + " has an unknown member '" + name +
                               "' (known: operation, probability, nextCalls, error, message, "
                               "latencyMs)");
    }
  }

  FaultRule rule;
  if (const Value* operation = item.Get("operation")) {
    if (operation->kind() != Value::Kind::kString || operation->AsString().empty()) {
      return InvalidParameters(label + ": operation must be a non-empty string (a glob)");
    }
    rule.operation = operation->AsString();
  }
  std::vector<const spec::Operation*> matched;
  for (const auto& operation : spec.operations()) {
    if (events::GlobMatches(rule.operation, operation.name)) matched.push_back(&operation);
  }
  if (matched.empty()) {
    return InvalidParameters(label + ": operation '" + rule.operation + "' matches no operation");
  }

  const Value* probability = item.Get("probability");
  const Value* next_calls = item.Get("nextCalls");
  if (probability != nullptr && next_calls != nullptr) {
    return InvalidParameters(label + ": give probability or nextCalls, not both");
  }
  if (probability != nullptr) {
    if (!IsNumber(*probability) || AsNumber(*probability) < 0 || AsNumber(*probability) > 1) {
      return InvalidParameters(label + ": probability must be a number from 0 to 1");
    }
    rule.probability = AsNumber(*probability);
  }
  if (next_calls != nullptr) {
    if (next_calls->kind() != Value::Kind::kInt || next_calls->AsInt() < 1) {
      return InvalidParameters(label + ": nextCalls must be a whole number of at least 1");
    }
    rule.next_calls = next_calls->AsInt();
  }

  if (const Value* latency = item.Get("latencyMs")) {
    if (!IsNumber(*latency) || AsNumber(*latency) < 0 || AsNumber(*latency) > kMaxLatencyMs) {
      return InvalidParameters(label + ": latencyMs must be a number from 0 to 60000");
    }
    rule.latency_ms = std::llround(AsNumber(*latency));
  }

  if (const Value* error = item.Get("error")) {
    if (error->kind() != Value::Kind::kString) {
      return InvalidParameters(label + ": error must be an error name, one of " +
                               InjectableNames());
    }
    std::optional<ErrorCode> code = ErrorCodeByName(error->AsString());
    if (!code) {
      return InvalidParameters(label + ": error '" + error->AsString() + "' is not one of " +
                               InjectableNames());
    }
    // An SDK only knows the errors an operation's model lists; anything else would reach the
    // client as a generic service exception and test nothing real.
    for (const spec::Operation* operation : matched) {
      if (!operation->Lists(*code)) {
        return InvalidParameters(label + ": " + operation->name + " does not answer " +
                                 ErrorName(*code) +
                                 " (its errors: " + ErrorNames(operation->errors) + ")");
      }
    }
    rule.error = *code;
  }
  if (const Value* message = item.Get("message")) {
    if (message->kind() != Value::Kind::kString) {
      return InvalidParameters(label + ": message must be a string");
    }
    if (!rule.error) return InvalidParameters(label + ": message needs an error");
    rule.message = message->AsString();
  } else if (rule.error) {
    rule.message = std::string("Injected fault: ") + ErrorName(*rule.error);
  }

  if (!rule.error && rule.latency_ms == 0) {
    return InvalidParameters(label + " needs an error, a latencyMs above 0, or both");
  }
  return rule;
}

}  // namespace

std::optional<ErrorCode> ErrorCodeByName(const std::string& name) {
  for (ErrorCode code : kInjectable) {
    if (name == ErrorName(code)) return code;
  }
  return std::nullopt;
}

FaultInjector::FaultInjector(const spec::ServiceSpec& spec, uint64_t seed)
    : spec_(spec), random_(seed) {}

Status FaultInjector::Replace(const Value& body) {
  const Value* list = &body;
  if (body.is_object()) list = body.Get("rules");
  if (list == nullptr || !list->is_list()) {
    return InvalidParameters("The body must be {\"rules\":[...]} or a list of rules");
  }
  // All rules are checked before any is installed: a PUT applies whole or not at all.
  std::vector<FaultRule> rules;
  for (const Value& item : list->AsList()) {
    ASSIGN_OR_RETURN(FaultRule rule,
                     ParseRule(spec_, item, "Fault rule " + std::to_string(rules.size() + 1)));
    rules.push_back(std::move(rule));
  }
  std::lock_guard<std::mutex> lock(mu_);
  // Ids number the rules of this PUT, so a test can predict them whatever came before.
  next_id_ = 1;
  for (FaultRule& rule : rules) rule.id = "fault-" + std::to_string(next_id_++);
  rules_ = std::move(rules);
  return {};
}

size_t FaultInjector::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  size_t cleared = rules_.size();
  rules_.clear();
  return cleared;
}

Value FaultInjector::ToValue() const {
  Value list = Value::List();
  std::lock_guard<std::mutex> lock(mu_);
  for (const FaultRule& rule : rules_) {
    Value item = Value::Object();
    item.Set("id", rule.id);
    item.Set("operation", rule.operation);
    if (rule.probability) item.Set("probability", *rule.probability);
    if (rule.next_calls) {
      item.Set("nextCalls", *rule.next_calls + rule.fired);
      item.Set("remainingCalls", *rule.next_calls);
    }
    if (rule.error) {
      item.Set("error", ErrorName(*rule.error));
      item.Set("message", rule.message);
    }
    item.Set("latencyMs", rule.latency_ms);
    item.Set("fired", rule.fired);
    list.Push(std::move(item));
  }
  return Value::Object().Set("rules", std::move(list));
}

FaultDecision FaultInjector::Decide(const spec::Operation& operation) {
  FaultDecision decision;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    FaultRule& rule = *it;
    if (!events::GlobMatches(rule.operation, operation.name)) continue;
    if (rule.probability) {
      // [0, 1): probability 0 never fires and 1 always does.
      double draw = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
      if (draw >= *rule.probability) continue;
    }
    if (rule.error) decision.error = ApiError{*rule.error, rule.message};
    decision.latency_ms = rule.latency_ms;
    decision.rule_id = rule.id;
    ++rule.fired;
    if (rule.next_calls && --*rule.next_calls <= 0) rules_.erase(it);
    return decision;
  }
  return decision;
}

}  // namespace socialite::ops
