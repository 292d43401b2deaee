// WhatsApp Flows: the 10 Flow operations of the 2026-08 model (and the 2026-09
// endpointUri/metaAppId members of CreateWhatsAppFlow and UpdateWhatsAppFlow).
// Reuses the core shapes LinkedWhatsAppBusinessAccountId, Boolean, String, NextToken,
// MaxResults, WhatsAppBusinessAccountId and WhatsAppBusinessAccountName.
#include "server/spec/spec_builders.h"

namespace socialite::spec {

void AddFlowOperations(ServiceSpec& s) {
  // Shapes shared by the Flow operations.
  s.Add(
      Scalar("MetaFlowId", ShapeType::kString, {.min = 1, .max = 100, .pattern = R"re([0-9]+)re"}));
  s.Add(Scalar("MetaFlowName", ShapeType::kString, {.min = 1, .max = 200}));
  s.Add(Scalar("MetaFlowCategory", ShapeType::kString,
               {.enum_values = {"SIGN_UP", "SIGN_IN", "APPOINTMENT_BOOKING", "LEAD_GENERATION",
                                "SHOPPING", "CONTACT_US", "CUSTOMER_SUPPORT", "SURVEY", "OTHER"}}));
  s.Add(ListOf("MetaFlowCategoryList", "MetaFlowCategory", {.min = 1, .max = 9}));
  s.Add(Scalar("MetaFlowJsonBlob", ShapeType::kBlob, {.min = 1, .max = 10485760}));
  s.Add(Scalar("MetaFlowValidationError", ShapeType::kString, {.min = 0, .max = 1048576}));
  s.Add(ListOf("ValidationErrorList", "MetaFlowValidationError"));
  s.Add(Scalar("MetaFlowEndpointUri", ShapeType::kString, {.min = 1, .max = 2048}));
  s.Add(Scalar("MetaFlowApplicationId", ShapeType::kString, {.min = 1, .max = 100}));

  // CreateWhatsAppFlow
  s.Add(Struct("CreateWhatsAppFlowInput",
               {Req("id", "LinkedWhatsAppBusinessAccountId"), Req("flowName", "MetaFlowName"),
                Req("categories", "MetaFlowCategoryList"), Opt("flowJson", "MetaFlowJsonBlob"),
                Opt("publish", "Boolean"), Opt("cloneFlowId", "MetaFlowId"),
                Opt("endpointUri", "MetaFlowEndpointUri")}));
  s.Add(Struct("CreateWhatsAppFlowOutput",
               {Opt("flowId", "MetaFlowId"), Opt("validationErrors", "ValidationErrorList")}));
  s.Add(Operation{.name = "CreateWhatsAppFlow",
                  .method = "POST",
                  .path = "/v1/whatsapp/flow/create",
                  .input = "CreateWhatsAppFlowInput",
                  .output = "CreateWhatsAppFlowOutput",
                  .errors = kMetaBackedErrors});

  // DeleteWhatsAppFlow
  s.Add(Struct("DeleteWhatsAppFlowInput",
               {Query("id", "LinkedWhatsAppBusinessAccountId", "id", kRequired),
                Query("flowId", "MetaFlowId", "flowId", kRequired)}));
  s.Add(Struct("DeleteWhatsAppFlowOutput", {}));
  s.Add(Operation{.name = "DeleteWhatsAppFlow",
                  .method = "DELETE",
                  .path = "/v1/whatsapp/flow",
                  .input = "DeleteWhatsAppFlowInput",
                  .output = "DeleteWhatsAppFlowOutput",
                  .errors = kMetaBackedErrors});

  // DeprecateWhatsAppFlow
  s.Add(Struct("DeprecateWhatsAppFlowInput",
               {Req("id", "LinkedWhatsAppBusinessAccountId"), Req("flowId", "MetaFlowId")}));
  s.Add(Struct("DeprecateWhatsAppFlowOutput", {}));
  s.Add(Operation{.name = "DeprecateWhatsAppFlow",
                  .method = "POST",
                  .path = "/v1/whatsapp/flow/deprecate",
                  .input = "DeprecateWhatsAppFlowInput",
                  .output = "DeprecateWhatsAppFlowOutput",
                  .errors = kMetaBackedErrors});

  // GetWhatsAppFlow
  s.Add(Struct("GetWhatsAppFlowInput",
               {Query("id", "LinkedWhatsAppBusinessAccountId", "id", kRequired),
                Query("flowId", "MetaFlowId", "flowId", kRequired)}));
  s.Add(Scalar("MetaFlowStatus", ShapeType::kString, {.min = 1, .max = 20}));
  s.Add(Scalar("MetaFlowJsonVersion", ShapeType::kString, {.min = 1, .max = 10}));
  s.Add(Scalar("MetaFlowDataApiVersion", ShapeType::kString, {.min = 1, .max = 10}));
  s.Add(Scalar("MetaFlowPreviewUrl", ShapeType::kString, {.min = 1, .max = 2048}));
  s.Add(Scalar("MetaFlowTimestamp", ShapeType::kString, {.min = 1, .max = 50}));
  s.Add(Struct("MetaFlowPreviewInfo",
               {Req("previewUrl", "MetaFlowPreviewUrl"), Req("expiresAt", "MetaFlowTimestamp")}));
  s.Add(Scalar("MetaFlowWabaCurrency", ShapeType::kString, {.min = 1, .max = 10}));
  s.Add(Scalar("MetaFlowWabaTimezoneId", ShapeType::kString, {.min = 1, .max = 10}));
  s.Add(Scalar("MetaFlowWabaTemplateNamespace", ShapeType::kString, {.min = 1, .max = 200}));
  s.Add(
      Struct("MetaFlowWhatsAppBusinessAccountInfo",
             {Req("id", "WhatsAppBusinessAccountId"), Req("name", "WhatsAppBusinessAccountName"),
              Opt("currency", "MetaFlowWabaCurrency"), Opt("timezoneId", "MetaFlowWabaTimezoneId"),
              Opt("messageTemplateNamespace", "MetaFlowWabaTemplateNamespace")}));
  s.Add(Scalar("MetaFlowApplicationLink", ShapeType::kString, {.min = 1, .max = 2048}));
  s.Add(Scalar("MetaFlowApplicationName", ShapeType::kString, {.min = 1, .max = 200}));
  s.Add(Struct("MetaFlowApplicationInfo",
               {Opt("link", "MetaFlowApplicationLink"), Req("name", "MetaFlowApplicationName"),
                Req("id", "MetaFlowApplicationId")}));
  s.Add(Scalar("MetaFlowHealthStatusAvailability", ShapeType::kString, {.min = 1, .max = 50}));
  s.Add(Scalar("MetaFlowHealthEntityType", ShapeType::kString, {.min = 1, .max = 50}));
  s.Add(Struct("MetaFlowHealthEntity",
               {Req("entityType", "MetaFlowHealthEntityType"), Req("id", "String"),
                Req("canSendMessage", "MetaFlowHealthStatusAvailability")}));
  s.Add(ListOf("MetaFlowHealthEntityList", "MetaFlowHealthEntity"));
  s.Add(Struct("MetaFlowHealthStatus", {Req("canSendMessage", "MetaFlowHealthStatusAvailability"),
                                        Opt("entities", "MetaFlowHealthEntityList")}));
  s.Add(Struct(
      "GetWhatsAppFlowOutput",
      {Req("flowId", "MetaFlowId"), Req("flowName", "MetaFlowName"),
       Req("flowStatus", "MetaFlowStatus"), Opt("categories", "MetaFlowCategoryList"),
       Opt("validationErrors", "ValidationErrorList"), Opt("jsonVersion", "MetaFlowJsonVersion"),
       Opt("dataApiVersion", "MetaFlowDataApiVersion"), Opt("endpointUri", "MetaFlowEndpointUri"),
       Opt("preview", "MetaFlowPreviewInfo"),
       Opt("whatsAppBusinessAccount", "MetaFlowWhatsAppBusinessAccountInfo"),
       Opt("application", "MetaFlowApplicationInfo"),
       Opt("healthStatus", "MetaFlowHealthStatus")}));
  s.Add(Operation{.name = "GetWhatsAppFlow",
                  .method = "GET",
                  .path = "/v1/whatsapp/flow",
                  .input = "GetWhatsAppFlowInput",
                  .output = "GetWhatsAppFlowOutput",
                  .errors = kMetaBackedErrors});

  // GetWhatsAppFlowPreview
  s.Add(Struct("GetWhatsAppFlowPreviewInput",
               {Query("id", "LinkedWhatsAppBusinessAccountId", "id", kRequired),
                Query("flowId", "MetaFlowId", "flowId", kRequired),
                Query("invalidate", "Boolean", "invalidate")}));
  s.Add(Struct("GetWhatsAppFlowPreviewOutput",
               {Req("flowId", "MetaFlowId"), Req("preview", "MetaFlowPreviewInfo")}));
  s.Add(Operation{.name = "GetWhatsAppFlowPreview",
                  .method = "GET",
                  .path = "/v1/whatsapp/flow/preview",
                  .input = "GetWhatsAppFlowPreviewInput",
                  .output = "GetWhatsAppFlowPreviewOutput",
                  .errors = kMetaBackedErrors});

  // ListWhatsAppFlowAssets
  s.Add(Struct("ListWhatsAppFlowAssetsInput",
               {Query("id", "LinkedWhatsAppBusinessAccountId", "id", kRequired),
                Query("flowId", "MetaFlowId", "flowId", kRequired),
                Query("nextToken", "NextToken", "nextToken"),
                Query("maxResults", "MaxResults", "maxResults")}));
  s.Add(Scalar("MetaFlowAssetName", ShapeType::kString, {.min = 1, .max = 100}));
  s.Add(Scalar("MetaFlowAssetType", ShapeType::kString, {.min = 1, .max = 50}));
  s.Add(Scalar("MetaFlowAssetDownloadUrl", ShapeType::kString, {.min = 1, .max = 2048}));
  s.Add(Struct("MetaFlowAsset",
               {Req("name", "MetaFlowAssetName"), Req("assetType", "MetaFlowAssetType"),
                Req("downloadUrl", "MetaFlowAssetDownloadUrl")}));
  s.Add(ListOf("MetaFlowAssetList", "MetaFlowAsset"));
  s.Add(Struct("ListWhatsAppFlowAssetsOutput",
               {Req("flowAssets", "MetaFlowAssetList"), Opt("nextToken", "NextToken")}));
  s.Add(Operation{.name = "ListWhatsAppFlowAssets",
                  .method = "GET",
                  .path = "/v1/whatsapp/flow/assets",
                  .input = "ListWhatsAppFlowAssetsInput",
                  .output = "ListWhatsAppFlowAssetsOutput",
                  .errors = kMetaBackedErrors,
                  .page_items = "flowAssets",
                  .default_page_size = 20});

  // ListWhatsAppFlows
  s.Add(Struct("ListWhatsAppFlowsInput",
               {Query("id", "LinkedWhatsAppBusinessAccountId", "id", kRequired),
                Query("nextToken", "NextToken", "nextToken"),
                Query("maxResults", "MaxResults", "maxResults")}));
  s.Add(Struct("MetaFlowSummary",
               {Req("flowId", "MetaFlowId"), Req("flowName", "MetaFlowName"),
                Req("flowStatus", "MetaFlowStatus"), Req("flowCategories", "MetaFlowCategoryList"),
                Req("validationErrors", "ValidationErrorList")}));
  s.Add(ListOf("MetaFlowSummaryList", "MetaFlowSummary"));
  s.Add(Struct("ListWhatsAppFlowsOutput",
               {Req("flows", "MetaFlowSummaryList"), Opt("nextToken", "NextToken")}));
  s.Add(Operation{.name = "ListWhatsAppFlows",
                  .method = "GET",
                  .path = "/v1/whatsapp/flow/list",
                  .input = "ListWhatsAppFlowsInput",
                  .output = "ListWhatsAppFlowsOutput",
                  .errors = kMetaBackedErrors,
                  .page_items = "flows",
                  .default_page_size = 20});

  // PublishWhatsAppFlow
  s.Add(Struct("PublishWhatsAppFlowInput",
               {Req("id", "LinkedWhatsAppBusinessAccountId"), Req("flowId", "MetaFlowId")}));
  s.Add(Struct("PublishWhatsAppFlowOutput", {}));
  s.Add(Operation{.name = "PublishWhatsAppFlow",
                  .method = "POST",
                  .path = "/v1/whatsapp/flow/publish",
                  .input = "PublishWhatsAppFlowInput",
                  .output = "PublishWhatsAppFlowOutput",
                  .errors = kMetaBackedErrors});

  // UpdateWhatsAppFlow
  s.Add(Struct(
      "UpdateWhatsAppFlowInput",
      {Req("id", "LinkedWhatsAppBusinessAccountId"), Req("flowId", "MetaFlowId"),
       Opt("flowName", "MetaFlowName"), Opt("categories", "MetaFlowCategoryList"),
       Opt("endpointUri", "MetaFlowEndpointUri"), Opt("metaAppId", "MetaFlowApplicationId")}));
  s.Add(Struct("UpdateWhatsAppFlowOutput", {}));
  s.Add(Operation{.name = "UpdateWhatsAppFlow",
                  .method = "POST",
                  .path = "/v1/whatsapp/flow/update",
                  .input = "UpdateWhatsAppFlowInput",
                  .output = "UpdateWhatsAppFlowOutput",
                  .errors = kMetaBackedErrors});

  // UpdateWhatsAppFlowAssets
  s.Add(Struct("UpdateWhatsAppFlowAssetsInput",
               {Req("id", "LinkedWhatsAppBusinessAccountId"), Req("flowId", "MetaFlowId"),
                Req("flowJson", "MetaFlowJsonBlob")}));
  s.Add(Struct("UpdateWhatsAppFlowAssetsOutput", {Opt("validationErrors", "ValidationErrorList")}));
  s.Add(Operation{.name = "UpdateWhatsAppFlowAssets",
                  .method = "POST",
                  .path = "/v1/whatsapp/flow/assets/update",
                  .input = "UpdateWhatsAppFlowAssetsInput",
                  .output = "UpdateWhatsAppFlowAssetsOutput",
                  .errors = kMetaBackedErrors});
}

}  // namespace socialite::spec
