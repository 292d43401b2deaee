#include "server/handlers/flow_lookup.h"

#include "server/handlers/store_errors.h"
#include "storage/flow_store.h"

namespace socialite {

Result<std::optional<FlowFacts>> FindFlowOfWaba(RequestContext& ctx, const std::string& waba_id,
                                                const std::string& flow_id,
                                                const std::string& flow_name) {
  storage::FlowStore flows(ctx.services.db);
  std::optional<storage::FlowRecord> found;
  if (!flow_id.empty()) {
    ASSIGN_OR_RETURN(found, FromStore(flows.FindById(ctx.partition, waba_id, flow_id)));
  } else {
    ASSIGN_OR_RETURN(found, FromStore(flows.FindByName(ctx.partition, waba_id, flow_name)));
  }
  if (!found) return std::optional<FlowFacts>();
  return std::optional<FlowFacts>(FlowFacts{found->flow_id, found->name, found->status});
}

}  // namespace socialite
