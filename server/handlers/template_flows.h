// FLOW buttons of a template being created or edited: Meta accepts only a PUBLISHED flow of
// the same WABA, and stores the flow by id (a flow_name is replaced by the flow's id).
#pragma once

#include "server/handlers/request_context.h"
#include "server/whatsapp/template_rules.h"

namespace socialite {

// Checks every FLOW button of `shape` against the flows of `waba_id` and rewrites
// `shape->components` so each names its flow by flow_id. InvalidParametersException with
// Meta's code 100 for an unknown flow, a flow that is not PUBLISHED, or an inline flow_json.
Status ResolveTemplateFlows(RequestContext& ctx, const std::string& waba_id,
                            whatsapp::TemplateShape* shape);

}  // namespace socialite
