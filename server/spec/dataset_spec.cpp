// Conversion datasets: CreateWhatsAppDataset and SendWhatsAppConversionEvent (2026-08 model).
#include "server/spec/spec_builders.h"

namespace socialite::spec {

void AddDatasetOperations(ServiceSpec& s) {
  // The model lists the same eight errors for both operations, in its own order.
  const std::vector<ErrorCode> dataset_errors = {
      ErrorCode::kValidation,        ErrorCode::kAccessDenied,       ErrorCode::kResourceNotFound,
      ErrorCode::kInvalidParameters, ErrorCode::kAccessDeniedByMeta, ErrorCode::kThrottledRequest,
      ErrorCode::kInternalService,   ErrorCode::kDependency};

  // CreateWhatsAppDataset (WhatsAppDatasetId is a core shape: linked accounts show it)
  s.Add(Struct("CreateWhatsAppDatasetInput", {Req("id", "LinkedWhatsAppBusinessAccountId")}));
  s.Add(Struct("CreateWhatsAppDatasetOutput", {Req("datasetId", "WhatsAppDatasetId")}));
  s.Add(Operation{.name = "CreateWhatsAppDataset",
                  .method = "POST",
                  .path = "/v1/whatsapp/waba/dataset",
                  .input = "CreateWhatsAppDatasetInput",
                  .output = "CreateWhatsAppDatasetOutput",
                  .errors = dataset_errors});

  // SendWhatsAppConversionEvent
  s.Add(Scalar("WhatsAppConversionEventBlob", ShapeType::kBlob,
               {.min = 1, .max = 1024000, .sensitive = true}));
  s.Add(Struct("SendWhatsAppConversionEventInput",
               {Req("id", "LinkedWhatsAppBusinessAccountId"), Req("datasetId", "WhatsAppDatasetId"),
                Req("eventData", "WhatsAppConversionEventBlob")}));
  s.Add(Struct("SendWhatsAppConversionEventOutput", {Req("requestId", "String")}));
  s.Add(Operation{.name = "SendWhatsAppConversionEvent",
                  .method = "POST",
                  .path = "/v1/whatsapp/waba/dataset/events",
                  .input = "SendWhatsAppConversionEventInput",
                  .output = "SendWhatsAppConversionEventOutput",
                  .errors = dataset_errors});
}

}  // namespace socialite::spec
