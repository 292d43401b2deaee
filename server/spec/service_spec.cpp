// AWS End User Messaging Social (socialmessaging, restJson1), as Socialite implements it.
//
// The 21 operations of the API reference with every member, wire location and constraint,
// reconciled with the shape current SDKs send (see README "Spec sources"): where the two
// differ both are accepted — GetWhatsAppMessageTemplate and UpdateWhatsAppMessageTemplate take
// metaTemplateId or templateName + templateLanguageCode; linked accounts carry the reference's
// enableSending/enableReceiving and the newer marketingMessagesOnboardingStatus/datasetId.
//
// Shapes are declared before the shapes that refer to them, grouped by the first operation
// that uses them.
#include "server/spec/spec_builders.h"
#include "server/spec/spec_types.h"

namespace socialite::spec {
namespace {

ServiceSpec Build() {
  ServiceSpec s;

  // AssociateWhatsAppBusinessAccount
  s.Add(Scalar("WhatsAppSignupCallbackAccessTokenString", ShapeType::kString,
               {.min = 0, .max = 1000}));
  s.Add(Scalar("WhatsAppSignupCallbackCallbackUrlString", ShapeType::kString,
               {.min = 0, .max = 100}));
  s.Add(Struct("WhatsAppSignupCallback",
               {Req("accessToken", "WhatsAppSignupCallbackAccessTokenString"),
                Opt("callbackUrl", "WhatsAppSignupCallbackCallbackUrlString")}));
  s.Add(Scalar("AssociateInProgressToken", ShapeType::kString,
               {.min = 0, .max = 50, .sensitive = true}));
  s.Add(Scalar("WhatsAppPhoneNumber", ShapeType::kString, {.min = 1, .max = 100}));
  s.Add(Scalar("TwoFactorPin", ShapeType::kString, {.min = 1, .max = 6, .sensitive = true}));
  s.Add(Scalar("IsoCountryCode", ShapeType::kString, {.pattern = R"re([A-Z]{2})re"}));
  s.Add(Scalar("TagKeyString", ShapeType::kString, {.min = 1, .max = 128}));
  s.Add(Scalar("TagValueString", ShapeType::kString, {.min = 0, .max = 256}));
  s.Add(Struct("Tag", {Req("key", "TagKeyString"), Opt("value", "TagValueString")}));
  s.Add(ListOf("TagList", "Tag"));
  s.Add(Struct("WabaPhoneNumberSetupFinalization",
               {Req("id", "WhatsAppPhoneNumber"), Req("twoFactorPin", "TwoFactorPin"),
                Opt("dataLocalizationRegion", "IsoCountryCode"), Opt("tags", "TagList")}));
  s.Add(ListOf("WabaPhoneNumberSetupFinalizationList", "WabaPhoneNumberSetupFinalization"));
  s.Add(Scalar(
      "LinkedWhatsAppBusinessAccountId", ShapeType::kString,
      {.min = 1, .max = 115, .pattern = R"re(.*(^waba-.*$)|(^arn:.*:waba/[0-9a-zA-Z]+$).*)re"}));
  s.Add(Scalar("WhatsAppBusinessAccountId", ShapeType::kString, {.min = 1, .max = 100}));
  s.Add(Scalar("EventDestinationArn", ShapeType::kString,
               {.min = 0, .max = 2048, .pattern = R"re(arn:.*:[a-z-]+([/:](.*))?)re"}));
  s.Add(Scalar("RoleArn", ShapeType::kString,
               {.pattern = R"re(arn:.*:iam::\d{12}:role\/[a-zA-Z0-9+=,.@\-_]+)re"}));
  s.Add(Struct("WhatsAppBusinessAccountEventDestination",
               {Req("eventDestinationArn", "EventDestinationArn"), Opt("roleArn", "RoleArn")}));
  s.Add(ListOf("WhatsAppBusinessAccountEventDestinations",
               "WhatsAppBusinessAccountEventDestination", {.min = 0, .max = 1}));
  s.Add(Struct("WabaSetupFinalization",
               {Opt("id", "WhatsAppBusinessAccountId"),
                Opt("eventDestinations", "WhatsAppBusinessAccountEventDestinations"),
                Opt("tags", "TagList")}));
  s.Add(Struct("WhatsAppSetupFinalization",
               {Req("associateInProgressToken", "AssociateInProgressToken"),
                Req("phoneNumbers", "WabaPhoneNumberSetupFinalizationList"),
                Opt("phoneNumberParent", "LinkedWhatsAppBusinessAccountId"),
                Opt("waba", "WabaSetupFinalization")}));
  s.Add(Struct("AssociateWhatsAppBusinessAccountInput",
               {Opt("signupCallback", "WhatsAppSignupCallback"),
                Opt("setupFinalization", "WhatsAppSetupFinalization")}));
  s.Add(Scalar("WhatsAppBusinessAccountName", ShapeType::kString, {.min = 0, .max = 200}));
  s.Add(Scalar("RegistrationStatus", ShapeType::kString,
               {.enum_values = {"COMPLETE", "INCOMPLETE"}}));
  s.Add(Scalar("LinkedWhatsAppPhoneNumberArn", ShapeType::kString,
               {.min = 0, .max = 2048, .pattern = R"re(arn:.*:phone-number-id/[0-9a-zA-Z]+)re"}));
  s.Add(Scalar("PhoneNumber", ShapeType::kString, {.min = 1, .max = 20}));
  s.Add(Scalar(
      "WhatsAppPhoneNumberId", ShapeType::kString,
      {.min = 1,
       .max = 115,
       .pattern = R"re(.*(^phone-number-id-.*$)|(^arn:.*:phone-number-id/[0-9a-zA-Z]+$).*)re"}));
  s.Add(Scalar("WhatsAppPhoneNumberName", ShapeType::kString, {.min = 0, .max = 200}));
  s.Add(Scalar("WhatsAppDisplayPhoneNumber", ShapeType::kString, {.min = 0, .max = 20}));
  s.Add(Scalar("WhatsAppPhoneNumberQualityRating", ShapeType::kString, {.min = 0, .max = 10}));
  s.Add(Struct("WhatsAppPhoneNumberDetail",
               {Req("arn", "LinkedWhatsAppPhoneNumberArn"), Req("phoneNumber", "PhoneNumber"),
                Req("phoneNumberId", "WhatsAppPhoneNumberId"),
                Req("metaPhoneNumberId", "WhatsAppPhoneNumber"),
                Req("displayPhoneNumberName", "WhatsAppPhoneNumberName"),
                Req("displayPhoneNumber", "WhatsAppDisplayPhoneNumber"),
                Req("qualityRating", "WhatsAppPhoneNumberQualityRating"),
                Opt("dataLocalizationRegion", "IsoCountryCode")}));
  s.Add(ListOf("WhatsAppPhoneNumberDetailList", "WhatsAppPhoneNumberDetail"));
  s.Add(Struct("LinkedWhatsAppBusinessAccountIdMetaData",
               {Opt("accountName", "WhatsAppBusinessAccountName"),
                Opt("registrationStatus", "RegistrationStatus"),
                Opt("unregisteredWhatsAppPhoneNumbers", "WhatsAppPhoneNumberDetailList"),
                Opt("wabaId", "LinkedWhatsAppBusinessAccountId")}));
  s.Add(MapOf("LinkedAccountWithIncompleteSetup", "WhatsAppBusinessAccountId",
              "LinkedWhatsAppBusinessAccountIdMetaData"));
  s.Add(Struct("WhatsAppSignupCallbackResult",
               {Opt("associateInProgressToken", "AssociateInProgressToken"),
                Opt("linkedAccountsWithIncompleteSetup", "LinkedAccountWithIncompleteSetup")}));
  s.Add(Scalar("Integer", ShapeType::kInteger));
  s.Add(Struct(
      "AssociateWhatsAppBusinessAccountOutput",
      {Opt("signupCallbackResult", "WhatsAppSignupCallbackResult"), Opt("statusCode", "Integer"),
       Opt("linkedWhatsAppBusinessAccountId", "LinkedWhatsAppBusinessAccountId")}));
  s.Add(Operation{.name = "AssociateWhatsAppBusinessAccount",
                  .method = "POST",
                  .path = "/v1/whatsapp/signup",
                  .input = "AssociateWhatsAppBusinessAccountInput",
                  .output = "AssociateWhatsAppBusinessAccountOutput",
                  .errors = {ErrorCode::kValidation, ErrorCode::kLimitExceeded,
                             ErrorCode::kAccessDenied, ErrorCode::kInvalidParameters,
                             ErrorCode::kThrottledRequest, ErrorCode::kDependency}});

  // CreateWhatsAppMessageTemplate
  s.Add(Scalar("MetaTemplateDefinition", ShapeType::kBlob, {.min = 1, .max = 6000}));
  s.Add(Struct("CreateWhatsAppMessageTemplateInput",
               {Req("templateDefinition", "MetaTemplateDefinition"),
                Req("id", "LinkedWhatsAppBusinessAccountId")}));
  s.Add(Scalar("MetaTemplateId", ShapeType::kString,
               {.min = 1, .max = 100, .pattern = R"re([0-9]+)re"}));
  s.Add(Scalar("String", ShapeType::kString));
  s.Add(Scalar("MetaTemplateCategory", ShapeType::kString, {.min = 1, .max = 100}));
  s.Add(Struct("CreateWhatsAppMessageTemplateOutput",
               {Opt("metaTemplateId", "MetaTemplateId"), Opt("templateStatus", "String"),
                Opt("category", "MetaTemplateCategory")}));
  s.Add(Operation{.name = "CreateWhatsAppMessageTemplate",
                  .method = "POST",
                  .path = "/v1/whatsapp/template/put",
                  .input = "CreateWhatsAppMessageTemplateInput",
                  .output = "CreateWhatsAppMessageTemplateOutput",
                  .errors = kMetaBackedErrors});

  // CreateWhatsAppMessageTemplateFromLibrary
  s.Add(Scalar("MetaTemplateName", ShapeType::kString, {.min = 1, .max = 512}));
  s.Add(Scalar("MetaTemplateLanguage", ShapeType::kString, {.min = 1, .max = 6}));
  s.Add(Scalar("ButtonType", ShapeType::kString, {.min = 1, .max = 25}));
  s.Add(Scalar("MetaUrlWithSuffixExampleKeyString", ShapeType::kString, {.min = 1, .max = 30}));
  s.Add(Scalar("MetaUrlWithSuffixExampleValueString", ShapeType::kString, {.min = 1, .max = 400}));
  s.Add(MapOf("MetaUrlWithSuffixExample", "MetaUrlWithSuffixExampleKeyString",
              "MetaUrlWithSuffixExampleValueString", {.min = 0, .max = 10}));
  s.Add(Scalar("OtpType", ShapeType::kString, {.min = 1, .max = 25}));
  s.Add(Scalar("ZeroTapTermsAccepted", ShapeType::kBoolean));
  s.Add(Scalar("SupportedAppKeyString", ShapeType::kString, {.min = 1, .max = 30}));
  s.Add(Scalar("SupportedAppValueString", ShapeType::kString, {.min = 1, .max = 100}));
  s.Add(MapOf("SupportedApp", "SupportedAppKeyString", "SupportedAppValueString",
              {.min = 0, .max = 10}));
  s.Add(ListOf("SupportedApps", "SupportedApp"));
  s.Add(Struct("LibraryTemplateButtonInput",
               {Opt("type", "ButtonType"), Opt("phoneNumber", "PhoneNumber"),
                Opt("url", "MetaUrlWithSuffixExample"), Opt("otpType", "OtpType"),
                Opt("zeroTapTermsAccepted", "ZeroTapTermsAccepted"),
                Opt("supportedApps", "SupportedApps")}));
  s.Add(ListOf("MetaLibraryTemplateButtonInputs", "LibraryTemplateButtonInput"));
  s.Add(Scalar("AddContactNumber", ShapeType::kBoolean));
  s.Add(Scalar("AddLearnMoreLink", ShapeType::kBoolean));
  s.Add(Scalar("AddSecurityRecommendation", ShapeType::kBoolean));
  s.Add(Scalar("AddTrackPackageLink", ShapeType::kBoolean));
  s.Add(Scalar("CodeExpirationMinutes", ShapeType::kInteger));
  s.Add(Struct(
      "LibraryTemplateBodyInputs",
      {Opt("addContactNumber", "AddContactNumber"), Opt("addLearnMoreLink", "AddLearnMoreLink"),
       Opt("addSecurityRecommendation", "AddSecurityRecommendation"),
       Opt("addTrackPackageLink", "AddTrackPackageLink"),
       Opt("codeExpirationMinutes", "CodeExpirationMinutes")}));
  s.Add(Struct(
      "MetaLibraryTemplate",
      {Req("templateName", "MetaTemplateName"), Req("libraryTemplateName", "MetaTemplateName"),
       Req("templateCategory", "MetaTemplateCategory"),
       Req("templateLanguage", "MetaTemplateLanguage"),
       Opt("libraryTemplateButtonInputs", "MetaLibraryTemplateButtonInputs"),
       Opt("libraryTemplateBodyInputs", "LibraryTemplateBodyInputs")}));
  s.Add(Struct("CreateWhatsAppMessageTemplateFromLibraryInput",
               {Req("metaLibraryTemplate", "MetaLibraryTemplate"),
                Req("id", "LinkedWhatsAppBusinessAccountId")}));
  s.Add(Struct("CreateWhatsAppMessageTemplateFromLibraryOutput",
               {Opt("metaTemplateId", "MetaTemplateId"), Opt("templateStatus", "String"),
                Opt("category", "MetaTemplateCategory")}));
  s.Add(Operation{.name = "CreateWhatsAppMessageTemplateFromLibrary",
                  .method = "POST",
                  .path = "/v1/whatsapp/template/create",
                  .input = "CreateWhatsAppMessageTemplateFromLibraryInput",
                  .output = "CreateWhatsAppMessageTemplateFromLibraryOutput",
                  .errors = kMetaBackedErrors});

  // CreateWhatsAppMessageTemplateMedia
  s.Add(Scalar("S3FileBucketNameString", ShapeType::kString,
               {.min = 3, .max = 63, .pattern = R"re([a-z0-9][a-z0-9.-]*[a-z0-9])re"}));
  s.Add(Scalar("S3FileKeyString", ShapeType::kString, {.min = 0, .max = 1024}));
  s.Add(Struct("S3File",
               {Req("bucketName", "S3FileBucketNameString"), Req("key", "S3FileKeyString")},
               {.sensitive = true}));
  s.Add(Struct("CreateWhatsAppMessageTemplateMediaInput",
               {Req("id", "LinkedWhatsAppBusinessAccountId"), Opt("sourceS3File", "S3File")}));
  s.Add(Struct("CreateWhatsAppMessageTemplateMediaOutput", {Opt("metaHeaderHandle", "String")}));
  s.Add(Operation{.name = "CreateWhatsAppMessageTemplateMedia",
                  .method = "POST",
                  .path = "/v1/whatsapp/template/media",
                  .input = "CreateWhatsAppMessageTemplateMediaInput",
                  .output = "CreateWhatsAppMessageTemplateMediaOutput",
                  .errors = kMetaBackedErrors});

  // DeleteWhatsAppMessageMedia
  s.Add(Scalar("WhatsAppMediaId", ShapeType::kString,
               {.min = 1, .max = 100, .pattern = R"re([A-Za-z0-9]+)re"}));
  s.Add(Struct("DeleteWhatsAppMessageMediaInput",
               {Query("mediaId", "WhatsAppMediaId", "mediaId", kRequired),
                Query("originationPhoneNumberId", "WhatsAppPhoneNumberId",
                      "originationPhoneNumberId", kRequired)}));
  s.Add(Scalar("Boolean", ShapeType::kBoolean));
  s.Add(Struct("DeleteWhatsAppMessageMediaOutput", {Opt("success", "Boolean")}));
  s.Add(Operation{.name = "DeleteWhatsAppMessageMedia",
                  .method = "DELETE",
                  .path = "/v1/whatsapp/media",
                  .input = "DeleteWhatsAppMessageMediaInput",
                  .output = "DeleteWhatsAppMessageMediaOutput",
                  .errors = kMetaBackedErrors});

  // DeleteWhatsAppMessageTemplate
  s.Add(Scalar("DeleteAllLanguages", ShapeType::kBoolean));
  s.Add(Struct("DeleteWhatsAppMessageTemplateInput",
               {Query("metaTemplateId", "MetaTemplateId", "metaTemplateId"),
                Query("deleteAllLanguages", "DeleteAllLanguages", "deleteAllTemplates"),
                Query("id", "LinkedWhatsAppBusinessAccountId", "id", kRequired),
                Query("templateName", "MetaTemplateName", "templateName", kRequired)}));
  s.Add(Struct("DeleteWhatsAppMessageTemplateOutput", {}));
  s.Add(Operation{.name = "DeleteWhatsAppMessageTemplate",
                  .method = "DELETE",
                  .path = "/v1/whatsapp/template",
                  .input = "DeleteWhatsAppMessageTemplateInput",
                  .output = "DeleteWhatsAppMessageTemplateOutput",
                  .errors = kMetaBackedErrors});

  // DisassociateWhatsAppBusinessAccount
  s.Add(Struct("DisassociateWhatsAppBusinessAccountInput",
               {Query("id", "LinkedWhatsAppBusinessAccountId", "id", kRequired)}));
  s.Add(Struct("DisassociateWhatsAppBusinessAccountOutput", {}));
  s.Add(Operation{.name = "DisassociateWhatsAppBusinessAccount",
                  .method = "DELETE",
                  .path = "/v1/whatsapp/waba/disassociate",
                  .input = "DisassociateWhatsAppBusinessAccountInput",
                  .output = "DisassociateWhatsAppBusinessAccountOutput",
                  .errors = {ErrorCode::kValidation, ErrorCode::kAccessDenied,
                             ErrorCode::kInvalidParameters, ErrorCode::kResourceNotFound,
                             ErrorCode::kThrottledRequest, ErrorCode::kDependency}});

  // GetLinkedWhatsAppBusinessAccount
  s.Add(Struct("GetLinkedWhatsAppBusinessAccountInput",
               {Query("id", "LinkedWhatsAppBusinessAccountId", "id", kRequired)}));
  s.Add(Scalar("LinkedWhatsAppBusinessAccountArn", ShapeType::kString,
               {.min = 0, .max = 2048, .pattern = R"re(arn:.*:waba/[0-9a-zA-Z]+)re"}));
  s.Add(Scalar("WhatsAppBusinessAccountLinkDate", ShapeType::kTimestamp));
  s.Add(Scalar("WhatsAppBusinessAccountMarketingMessagesOnboardingStatus", ShapeType::kString,
               {.min = 0, .max = 100}));
  s.Add(Scalar("WhatsAppDatasetId", ShapeType::kString,
               {.min = 10, .max = 20, .pattern = R"re([0-9]+)re"}));
  s.Add(Struct("WhatsAppPhoneNumberSummary",
               {Req("arn", "LinkedWhatsAppPhoneNumberArn"), Req("phoneNumber", "PhoneNumber"),
                Req("phoneNumberId", "WhatsAppPhoneNumberId"),
                Req("metaPhoneNumberId", "WhatsAppPhoneNumber"),
                Req("displayPhoneNumberName", "WhatsAppPhoneNumberName"),
                Req("displayPhoneNumber", "WhatsAppDisplayPhoneNumber"),
                Req("qualityRating", "WhatsAppPhoneNumberQualityRating"),
                Opt("dataLocalizationRegion", "IsoCountryCode")}));
  s.Add(ListOf("WhatsAppPhoneNumberSummaryList", "WhatsAppPhoneNumberSummary"));
  s.Add(Struct(
      "LinkedWhatsAppBusinessAccount",
      {Req("arn", "LinkedWhatsAppBusinessAccountArn"), Req("id", "LinkedWhatsAppBusinessAccountId"),
       Req("wabaId", "WhatsAppBusinessAccountId"), Req("registrationStatus", "RegistrationStatus"),
       Req("linkDate", "WhatsAppBusinessAccountLinkDate"),
       Req("wabaName", "WhatsAppBusinessAccountName"),
       Req("eventDestinations", "WhatsAppBusinessAccountEventDestinations"),
       Opt("marketingMessagesOnboardingStatus",
           "WhatsAppBusinessAccountMarketingMessagesOnboardingStatus"),
       Opt("datasetId", "WhatsAppDatasetId"), Req("phoneNumbers", "WhatsAppPhoneNumberSummaryList"),
       Opt("enableReceiving", "Boolean") /* seed-only member */,
       Opt("enableSending", "Boolean") /* seed-only member */}));
  s.Add(Struct("GetLinkedWhatsAppBusinessAccountOutput",
               {Opt("account", "LinkedWhatsAppBusinessAccount")}));
  s.Add(Operation{.name = "GetLinkedWhatsAppBusinessAccount",
                  .method = "GET",
                  .path = "/v1/whatsapp/waba/details",
                  .input = "GetLinkedWhatsAppBusinessAccountInput",
                  .output = "GetLinkedWhatsAppBusinessAccountOutput",
                  .errors = kLinkedResourceErrors});

  // GetLinkedWhatsAppBusinessAccountPhoneNumber
  s.Add(Struct("GetLinkedWhatsAppBusinessAccountPhoneNumberInput",
               {Query("id", "WhatsAppPhoneNumberId", "id", kRequired)}));
  s.Add(Struct("GetLinkedWhatsAppBusinessAccountPhoneNumberOutput",
               {Opt("phoneNumber", "WhatsAppPhoneNumberDetail"),
                Opt("linkedWhatsAppBusinessAccountId", "LinkedWhatsAppBusinessAccountId")}));
  s.Add(Operation{.name = "GetLinkedWhatsAppBusinessAccountPhoneNumber",
                  .method = "GET",
                  .path = "/v1/whatsapp/waba/phone/details",
                  .input = "GetLinkedWhatsAppBusinessAccountPhoneNumberInput",
                  .output = "GetLinkedWhatsAppBusinessAccountPhoneNumberOutput",
                  .errors = kLinkedResourceErrors});

  // GetWhatsAppMessageMedia
  s.Add(Scalar("S3PresignedUrlUrlString", ShapeType::kString,
               {.min = 1, .max = 2000, .pattern = R"re(https://(.*)s3(.*).amazonaws.com/(.*))re"}));
  s.Add(MapOf("Headers", "String", "String"));
  s.Add(Struct("S3PresignedUrl", {Req("url", "S3PresignedUrlUrlString"), Req("headers", "Headers")},
               {.sensitive = true}));
  s.Add(Struct(
      "GetWhatsAppMessageMediaInput",
      {Req("mediaId", "WhatsAppMediaId"), Req("originationPhoneNumberId", "WhatsAppPhoneNumberId"),
       Opt("metadataOnly", "Boolean"), Opt("destinationS3PresignedUrl", "S3PresignedUrl"),
       Opt("destinationS3File", "S3File")}));
  s.Add(Scalar("Long", ShapeType::kLong));
  s.Add(Struct("GetWhatsAppMessageMediaOutput",
               {Opt("mimeType", "String"), Opt("fileSize", "Long")}));
  s.Add(Operation{.name = "GetWhatsAppMessageMedia",
                  .method = "POST",
                  .path = "/v1/whatsapp/media/get",
                  .input = "GetWhatsAppMessageMediaInput",
                  .output = "GetWhatsAppMessageMediaOutput",
                  .errors = kMetaBackedErrors});

  // GetWhatsAppMessageTemplate
  s.Add(Struct("GetWhatsAppMessageTemplateInput",
               {Query("metaTemplateId", "MetaTemplateId", "metaTemplateId"),
                Query("id", "LinkedWhatsAppBusinessAccountId", "id", kRequired),
                Query("templateName", "MetaTemplateName", "templateName"),
                Query("templateLanguageCode", "MetaTemplateLanguage", "templateLanguageCode")}));
  s.Add(Scalar("MetaTemplate", ShapeType::kString, {.min = 1, .max = 6000}));
  s.Add(Struct("GetWhatsAppMessageTemplateOutput", {Opt("template", "MetaTemplate")}));
  s.Add(Operation{.name = "GetWhatsAppMessageTemplate",
                  .method = "GET",
                  .path = "/v1/whatsapp/template",
                  .input = "GetWhatsAppMessageTemplateInput",
                  .output = "GetWhatsAppMessageTemplateOutput",
                  .errors = kMetaBackedErrors});

  // ListLinkedWhatsAppBusinessAccounts
  s.Add(Scalar("NextToken", ShapeType::kString, {.min = 1, .max = 600}));
  s.Add(Scalar("MaxResults", ShapeType::kInteger, {.min = 1, .max = 100}));
  s.Add(Struct("ListLinkedWhatsAppBusinessAccountsInput",
               {Query("nextToken", "NextToken", "nextToken"),
                Query("maxResults", "MaxResults", "maxResults")}));
  s.Add(Struct(
      "LinkedWhatsAppBusinessAccountSummary",
      {Req("arn", "LinkedWhatsAppBusinessAccountArn"), Req("id", "LinkedWhatsAppBusinessAccountId"),
       Req("wabaId", "WhatsAppBusinessAccountId"), Req("registrationStatus", "RegistrationStatus"),
       Req("linkDate", "WhatsAppBusinessAccountLinkDate"),
       Req("wabaName", "WhatsAppBusinessAccountName"),
       Req("eventDestinations", "WhatsAppBusinessAccountEventDestinations"),
       Opt("marketingMessagesOnboardingStatus",
           "WhatsAppBusinessAccountMarketingMessagesOnboardingStatus"),
       Opt("datasetId", "WhatsAppDatasetId"),
       Opt("enableReceiving", "Boolean") /* seed-only member */,
       Opt("enableSending", "Boolean") /* seed-only member */}));
  s.Add(ListOf("LinkedWhatsAppBusinessAccountSummaryList", "LinkedWhatsAppBusinessAccountSummary"));
  s.Add(Struct("ListLinkedWhatsAppBusinessAccountsOutput",
               {Opt("linkedAccounts", "LinkedWhatsAppBusinessAccountSummaryList"),
                Opt("nextToken", "NextToken")}));
  s.Add(Operation{.name = "ListLinkedWhatsAppBusinessAccounts",
                  .method = "GET",
                  .path = "/v1/whatsapp/waba/list",
                  .input = "ListLinkedWhatsAppBusinessAccountsInput",
                  .output = "ListLinkedWhatsAppBusinessAccountsOutput",
                  .errors = {ErrorCode::kValidation, ErrorCode::kAccessDenied,
                             ErrorCode::kInvalidParameters, ErrorCode::kResourceNotFound,
                             ErrorCode::kThrottledRequest, ErrorCode::kInternalService},
                  .page_items = "linkedAccounts",
                  .default_page_size = 20});

  // ListTagsForResource
  s.Add(Scalar("Arn", ShapeType::kString, {.min = 0, .max = 2048, .pattern = R"re(arn:.*)re"}));
  s.Add(
      Struct("ListTagsForResourceInput", {Query("resourceArn", "Arn", "resourceArn", kRequired)}));
  s.Add(
      Struct("ListTagsForResourceOutput", {Opt("statusCode", "Integer"), Opt("tags", "TagList")}));
  s.Add(Operation{.name = "ListTagsForResource",
                  .method = "GET",
                  .path = "/v1/tags/list",
                  .input = "ListTagsForResourceInput",
                  .output = "ListTagsForResourceOutput",
                  .errors = kAccountResourceErrors});

  // ListWhatsAppMessageTemplates
  s.Add(Struct("ListWhatsAppMessageTemplatesInput",
               {Query("id", "LinkedWhatsAppBusinessAccountId", "id", kRequired),
                Query("nextToken", "NextToken", "nextToken"),
                Query("maxResults", "MaxResults", "maxResults")}));
  s.Add(Scalar("MetaTemplateStatus", ShapeType::kString, {.min = 1, .max = 20}));
  s.Add(Scalar("MetaTemplateQualityScore", ShapeType::kString, {.min = 1, .max = 20}));
  s.Add(Struct("TemplateSummary",
               {Opt("templateName", "MetaTemplateName"), Opt("metaTemplateId", "MetaTemplateId"),
                Opt("templateStatus", "MetaTemplateStatus"),
                Opt("templateQualityScore", "MetaTemplateQualityScore"),
                Opt("templateLanguage", "MetaTemplateLanguage"),
                Opt("templateCategory", "MetaTemplateCategory")}));
  s.Add(ListOf("TemplateSummaryList", "TemplateSummary"));
  s.Add(Struct("ListWhatsAppMessageTemplatesOutput",
               {Opt("templates", "TemplateSummaryList"), Opt("nextToken", "NextToken")}));
  s.Add(Operation{.name = "ListWhatsAppMessageTemplates",
                  .method = "GET",
                  .path = "/v1/whatsapp/template/list",
                  .input = "ListWhatsAppMessageTemplatesInput",
                  .output = "ListWhatsAppMessageTemplatesOutput",
                  .errors = kMetaBackedErrors,
                  .page_items = "templates",
                  .default_page_size = 20});

  // ListWhatsAppTemplateLibrary
  s.Add(Scalar("FilterKeyString", ShapeType::kString, {.min = 1, .max = 100}));
  s.Add(Scalar("FilterValueString", ShapeType::kString, {.min = 1, .max = 100}));
  s.Add(MapOf("Filter", "FilterKeyString", "FilterValueString", {.min = 0, .max = 10}));
  s.Add(Struct(
      "ListWhatsAppTemplateLibraryInput",
      {Opt("nextToken", "NextToken"), Opt("maxResults", "MaxResults"),
       Query("id", "LinkedWhatsAppBusinessAccountId", "id", kRequired), Opt("filters", "Filter")}));
  s.Add(Scalar("MetaTemplateTopic", ShapeType::kString, {.min = 1, .max = 20}));
  s.Add(Scalar("MetaTemplateUseCase", ShapeType::kString, {.min = 1, .max = 30}));
  s.Add(Scalar("MetaIndustry", ShapeType::kString, {.min = 1, .max = 25}));
  s.Add(ListOf("MetaIndustries", "MetaIndustry"));
  s.Add(Scalar("MetaTemplateHeader", ShapeType::kString, {.min = 1, .max = 200}));
  s.Add(Scalar("MetaTemplateBody", ShapeType::kString, {.min = 1, .max = 2000}));
  s.Add(Scalar("MetaText", ShapeType::kString, {.min = 1, .max = 40}));
  s.Add(Scalar("MetaUrl", ShapeType::kString, {.min = 1, .max = 400}));
  s.Add(Struct("LibraryTemplateButtonList",
               {Opt("type", "ButtonType"), Opt("text", "MetaText"),
                Opt("phoneNumber", "PhoneNumber"), Opt("url", "MetaUrl"), Opt("otpType", "OtpType"),
                Opt("zeroTapTermsAccepted", "ZeroTapTermsAccepted"),
                Opt("supportedApps", "SupportedApps")}));
  s.Add(ListOf("MetaLibraryTemplateButtonList", "LibraryTemplateButtonList"));
  s.Add(ListOf("MetaTemplateBodyExampleParams", "String"));
  s.Add(Struct(
      "MetaLibraryTemplateDefinition",
      {Opt("templateName", "MetaTemplateName"), Opt("templateLanguage", "MetaTemplateLanguage"),
       Opt("templateCategory", "MetaTemplateCategory"), Opt("templateTopic", "MetaTemplateTopic"),
       Opt("templateUseCase", "MetaTemplateUseCase"), Opt("templateIndustry", "MetaIndustries"),
       Opt("templateHeader", "MetaTemplateHeader"), Opt("templateBody", "MetaTemplateBody"),
       Opt("templateButtons", "MetaLibraryTemplateButtonList"), Opt("templateId", "MetaTemplateId"),
       Opt("templateBodyExampleParams", "MetaTemplateBodyExampleParams")}));
  s.Add(ListOf("MetaLibraryTemplatesList", "MetaLibraryTemplateDefinition"));
  s.Add(Struct(
      "ListWhatsAppTemplateLibraryOutput",
      {Opt("metaLibraryTemplates", "MetaLibraryTemplatesList"), Opt("nextToken", "NextToken")}));
  s.Add(Operation{.name = "ListWhatsAppTemplateLibrary",
                  .method = "POST",
                  .path = "/v1/whatsapp/template/library",
                  .input = "ListWhatsAppTemplateLibraryInput",
                  .output = "ListWhatsAppTemplateLibraryOutput",
                  .errors = kMetaBackedErrors,
                  .page_items = "metaLibraryTemplates",
                  .default_page_size = 20});

  // PostWhatsAppMessageMedia
  s.Add(Struct("PostWhatsAppMessageMediaInput",
               {Req("originationPhoneNumberId", "WhatsAppPhoneNumberId"),
                Opt("sourceS3PresignedUrl", "S3PresignedUrl"), Opt("sourceS3File", "S3File")}));
  s.Add(Struct("PostWhatsAppMessageMediaOutput", {Opt("mediaId", "WhatsAppMediaId")}));
  s.Add(Operation{.name = "PostWhatsAppMessageMedia",
                  .method = "POST",
                  .path = "/v1/whatsapp/media",
                  .input = "PostWhatsAppMessageMediaInput",
                  .output = "PostWhatsAppMessageMediaOutput",
                  .errors = kMetaBackedErrors});

  // PutWhatsAppBusinessAccountEventDestinations
  s.Add(Struct("PutWhatsAppBusinessAccountEventDestinationsInput",
               {Req("id", "LinkedWhatsAppBusinessAccountId"),
                Req("eventDestinations", "WhatsAppBusinessAccountEventDestinations")}));
  s.Add(Struct("PutWhatsAppBusinessAccountEventDestinationsOutput", {}));
  s.Add(Operation{.name = "PutWhatsAppBusinessAccountEventDestinations",
                  .method = "PUT",
                  .path = "/v1/whatsapp/waba/eventdestinations",
                  .input = "PutWhatsAppBusinessAccountEventDestinationsInput",
                  .output = "PutWhatsAppBusinessAccountEventDestinationsOutput",
                  .errors = kAccountResourceErrors});

  // SendWhatsAppMessage
  s.Add(Scalar("WhatsAppMessageBlob", ShapeType::kBlob,
               {.min = 1, .max = 2048000, .sensitive = true}));
  s.Add(Struct("SendWhatsAppMessageInput",
               {Req("originationPhoneNumberId", "WhatsAppPhoneNumberId"),
                Req("message", "WhatsAppMessageBlob"), Req("metaApiVersion", "String")}));
  s.Add(Struct("SendWhatsAppMessageOutput", {Opt("messageId", "String")}));
  s.Add(Operation{.name = "SendWhatsAppMessage",
                  .method = "POST",
                  .path = "/v1/whatsapp/send",
                  .input = "SendWhatsAppMessageInput",
                  .output = "SendWhatsAppMessageOutput",
                  .errors = kLinkedResourceErrors});

  // TagResource
  s.Add(Struct("TagResourceInput", {Req("resourceArn", "Arn"), Req("tags", "TagList")}));
  s.Add(Struct("TagResourceOutput", {Opt("statusCode", "Integer")}));
  s.Add(Operation{.name = "TagResource",
                  .method = "POST",
                  .path = "/v1/tags/tag-resource",
                  .input = "TagResourceInput",
                  .output = "TagResourceOutput",
                  .errors = kAccountResourceErrors});

  // UntagResource
  s.Add(ListOf("StringList", "String"));
  s.Add(Struct("UntagResourceInput", {Req("resourceArn", "Arn"), Req("tagKeys", "StringList")}));
  s.Add(Struct("UntagResourceOutput", {Opt("statusCode", "Integer")}));
  s.Add(Operation{.name = "UntagResource",
                  .method = "POST",
                  .path = "/v1/tags/untag-resource",
                  .input = "UntagResourceInput",
                  .output = "UntagResourceOutput",
                  .errors = kAccountResourceErrors});

  // UpdateWhatsAppMessageTemplate
  s.Add(Scalar("MetaParameterFormat", ShapeType::kString, {.min = 1, .max = 15}));
  s.Add(Scalar("MetaTemplateComponents", ShapeType::kBlob, {.min = 1, .max = 3000}));
  s.Add(Scalar("MetaTemplateCtaLinkTrackingOptedOut", ShapeType::kBoolean));
  s.Add(Struct(
      "UpdateWhatsAppMessageTemplateInput",
      {Req("id", "LinkedWhatsAppBusinessAccountId"), Opt("metaTemplateId", "MetaTemplateId"),
       Opt("templateName", "MetaTemplateName"), Opt("templateLanguageCode", "MetaTemplateLanguage"),
       Opt("parameterFormat", "MetaParameterFormat"),
       Opt("templateCategory", "MetaTemplateCategory"),
       Opt("templateComponents", "MetaTemplateComponents"),
       Opt("ctaUrlLinkTrackingOptedOut", "MetaTemplateCtaLinkTrackingOptedOut")}));
  s.Add(Struct("UpdateWhatsAppMessageTemplateOutput", {}));
  s.Add(Operation{.name = "UpdateWhatsAppMessageTemplate",
                  .method = "POST",
                  .path = "/v1/whatsapp/template",
                  .input = "UpdateWhatsAppMessageTemplateInput",
                  .output = "UpdateWhatsAppMessageTemplateOutput",
                  .errors = kMetaBackedErrors});

  // The operations added after the January reference, one file per area.
  AddFlowOperations(s);
  AddDatasetOperations(s);
  AddCallingAndKeyOperations(s);
  s.Link();
  return s;
}

}  // namespace

const ServiceSpec& Service() {
  static const ServiceSpec spec = Build();
  return spec;
}

}  // namespace socialite::spec
