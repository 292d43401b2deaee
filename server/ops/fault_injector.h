// FaultInjector: error and latency rules set through /_socialite/faults, so teams can test
// their retries. A rule matches operations by glob and fires with a probability or for the
// next N matching calls; it answers an error the operation lists and/or adds latency.
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "server/core/api_error.h"
#include "server/core/result.h"
#include "server/core/value.h"
#include "server/spec/spec_types.h"

namespace socialite::ops {

struct FaultRule {
  std::string id;
  std::string operation = "*";        // glob over operation names
  std::optional<double> probability;  // 0..1; absent with next_calls: always
  std::optional<int64_t> next_calls;  // fires for this many more matching calls, then retires
  std::optional<ErrorCode> error;     // must be listed by every operation the glob matches
  std::string message;
  int64_t latency_ms = 0;  // 0..60000
  int64_t fired = 0;       // calls it has decided so far
};

struct FaultDecision {
  std::optional<ApiError> error;
  int64_t latency_ms = 0;
  std::string rule_id;
};

class FaultInjector {
 public:
  explicit FaultInjector(const spec::ServiceSpec& spec, uint64_t seed = std::random_device{}());

  // Replaces all rules from {"rules":[{operation, probability?, nextCalls?, error?, message?,
  // latencyMs?}]} (or a bare list). An error an operation does not list, an unknown error
  // name, or a rule with neither error nor latency is InvalidParameters.
  Status Replace(const Value& body);
  size_t Clear();  // returns how many rules it removed
  Value ToValue() const;

  // The first matching rule that fires decides (retiring next-N rules as they are used up).
  FaultDecision Decide(const spec::Operation& operation);

 private:
  const spec::ServiceSpec& spec_;
  mutable std::mutex mu_;
  std::vector<FaultRule> rules_;
  std::mt19937_64 random_;
  int64_t next_id_ = 1;
};

// The error code for a wire name ("ThrottledRequestException"), if it is one of the service's.
std::optional<ErrorCode> ErrorCodeByName(const std::string& name);

}  // namespace socialite::ops
