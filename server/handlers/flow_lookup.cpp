#include "server/handlers/flow_lookup.h"

namespace socialite {

// Until the Flow operations store flows, no WABA has any: every reference is unknown.
Result<std::optional<FlowFacts>> FindFlowOfWaba(RequestContext& ctx, const std::string& waba_id,
                                                const std::string& flow_id,
                                                const std::string& flow_name) {
  (void)ctx;
  (void)waba_id;
  (void)flow_id;
  (void)flow_name;
  return std::optional<FlowFacts>();
}

}  // namespace socialite
