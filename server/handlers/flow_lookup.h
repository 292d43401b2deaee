// The flows a message may open: a flow of the sending WABA, found by id or by name, with the
// status Meta's send rules look at.
#pragma once

#include <optional>
#include <string>

#include "server/handlers/request_context.h"

namespace socialite {

struct FlowFacts {
  std::string flow_id;
  std::string name;
  std::string status;  // DRAFT | PUBLISHED | THROTTLED | BLOCKED | DEPRECATED
};

// The flow `flow_id` (or, when that is empty, the flow named `flow_name`) of WABA `waba_id`
// in the caller's partition; nullopt when that WABA has no such flow (another WABA's flow
// is not found either).
Result<std::optional<FlowFacts>> FindFlowOfWaba(RequestContext& ctx, const std::string& waba_id,
                                                const std::string& flow_id,
                                                const std::string& flow_name);

}  // namespace socialite
