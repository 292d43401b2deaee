// The 2026-09 additions: business public key get/put, call permission, call events and
// UpdateLinkedWhatsAppBusinessAccountPhoneNumber, plus the callSettings member they add to
// GetLinkedWhatsAppBusinessAccountPhoneNumber's output. Shape names follow the SDKs generated
// from AWS's 2026-09 model; shapes the SDKs do not name are named after their member.
#include "server/spec/spec_builders.h"

namespace socialite::spec {

void AddCallingAndKeyOperations(ServiceSpec& s) {
  // The eight errors every 2026-09 operation lists; SendWhatsAppCallEvent adds a conflict.
  const std::vector<ErrorCode> standard_errors = {
      ErrorCode::kValidation,        ErrorCode::kAccessDenied,       ErrorCode::kResourceNotFound,
      ErrorCode::kInvalidParameters, ErrorCode::kAccessDeniedByMeta, ErrorCode::kThrottledRequest,
      ErrorCode::kInternalService,   ErrorCode::kDependency};
  std::vector<ErrorCode> call_event_errors = standard_errors;
  call_event_errors.push_back(ErrorCode::kConflict);

  // GetWhatsAppBusinessPublicKey
  s.Add(Struct("GetWhatsAppBusinessPublicKeyInput",
               {Query("originationPhoneNumberId", "WhatsAppPhoneNumberId",
                      "originationPhoneNumberId", kRequired)}));
  s.Add(Scalar("BusinessPublicKeyPem", ShapeType::kString, {.min = 1, .max = 8192}));
  // VALID or MISMATCH, but a plain string in AWS's model, not an enum.
  s.Add(Scalar("BusinessPublicKeySignatureStatus", ShapeType::kString, {.min = 1, .max = 20}));
  s.Add(Struct("GetWhatsAppBusinessPublicKeyOutput",
               {Opt("businessPublicKey", "BusinessPublicKeyPem"),
                Opt("businessPublicKeySignatureStatus", "BusinessPublicKeySignatureStatus")}));
  s.Add(Operation{.name = "GetWhatsAppBusinessPublicKey",
                  .method = "GET",
                  .path = "/v1/whatsapp/business-public-key",
                  .input = "GetWhatsAppBusinessPublicKeyInput",
                  .output = "GetWhatsAppBusinessPublicKeyOutput",
                  .errors = standard_errors});

  // PutWhatsAppBusinessPublicKey (exactly one of the two keys: a business rule)
  s.Add(Scalar("KmsKeyArn", ShapeType::kString,
               {.min = 1,
                .max = 256,
                .pattern = R"re(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/.+|alias/.+))re"}));
  s.Add(Struct("PutWhatsAppBusinessPublicKeyInput",
               {Req("originationPhoneNumberId", "WhatsAppPhoneNumberId"),
                Opt("businessPublicKey", "BusinessPublicKeyPem"), Opt("kmsKeyArn", "KmsKeyArn")}));
  s.Add(Struct("PutWhatsAppBusinessPublicKeyOutput", {}));
  s.Add(Operation{.name = "PutWhatsAppBusinessPublicKey",
                  .method = "PUT",
                  .path = "/v1/whatsapp/business-public-key",
                  .input = "PutWhatsAppBusinessPublicKeyInput",
                  .output = "PutWhatsAppBusinessPublicKeyOutput",
                  .errors = standard_errors});

  // GetWhatsAppCallPermission (a read sent as a POST with a JSON body)
  s.Add(Scalar("E164PhoneNumber", ShapeType::kString,
               {.min = 1, .max = 20, .pattern = R"re(\+[1-9]\d{1,14})re"}));
  s.Add(Scalar("EndUserBsuid", ShapeType::kString, {.min = 1, .max = 100}));
  s.Add(Struct(
      "GetWhatsAppCallPermissionInput",
      {Req("originationPhoneNumberId", "WhatsAppPhoneNumberId"),
       Opt("destinationPhoneNumber", "E164PhoneNumber"), Opt("endUserBsuid", "EndUserBsuid")}));
  s.Add(Scalar("WhatsAppCallPermissionStatus", ShapeType::kString, {.min = 1, .max = 50}));
  s.Add(Scalar("Timestamp", ShapeType::kTimestamp));
  s.Add(Struct("WhatsAppCallPermission", {Req("status", "WhatsAppCallPermissionStatus"),
                                          Opt("expirationTime", "Timestamp")}));
  s.Add(Scalar("WhatsAppCallActionName", ShapeType::kString, {.min = 1, .max = 50}));
  s.Add(Scalar("Iso8601Duration", ShapeType::kString, {.min = 1, .max = 20}));
  s.Add(Struct("WhatsAppCallPermissionLimit",
               {Req("timePeriod", "Iso8601Duration"), Req("maxAllowed", "Integer"),
                Req("currentUsage", "Integer"), Opt("limitExpirationTime", "Timestamp")}));
  s.Add(ListOf("WhatsAppCallPermissionLimitList", "WhatsAppCallPermissionLimit",
               {.min = 0, .max = 10}));
  s.Add(Struct("WhatsAppCallPermissionAction",
               {Req("actionName", "WhatsAppCallActionName"), Req("canPerformAction", "Boolean"),
                Req("limits", "WhatsAppCallPermissionLimitList")}));
  s.Add(ListOf("WhatsAppCallPermissionActionList", "WhatsAppCallPermissionAction"));
  s.Add(Struct("GetWhatsAppCallPermissionOutput",
               {Opt("permission", "WhatsAppCallPermission"),
                Req("actions", "WhatsAppCallPermissionActionList")}));
  s.Add(Operation{.name = "GetWhatsAppCallPermission",
                  .method = "POST",
                  .path = "/v1/whatsapp/call/permission/get",
                  .input = "GetWhatsAppCallPermissionInput",
                  .output = "GetWhatsAppCallPermissionOutput",
                  .errors = standard_errors});

  // SendWhatsAppCallEvent (the event is Meta's calling-API JSON, as a blob; it carries SDP,
  // so like the message blob it is never echoed)
  s.Add(Scalar("WhatsAppCallEventBlob", ShapeType::kBlob,
               {.min = 1, .max = 2048000, .sensitive = true}));
  s.Add(Struct("SendWhatsAppCallEventInput",
               {Req("originationPhoneNumberId", "WhatsAppPhoneNumberId"),
                Req("metaApiVersion", "String"), Req("callEvent", "WhatsAppCallEventBlob")}));
  s.Add(Struct("SendWhatsAppCallEventOutput", {Req("callId", "String")}));
  s.Add(Operation{.name = "SendWhatsAppCallEvent",
                  .method = "POST",
                  .path = "/v1/whatsapp/call/event",
                  .input = "SendWhatsAppCallEventInput",
                  .output = "SendWhatsAppCallEventOutput",
                  .errors = call_event_errors});

  // UpdateLinkedWhatsAppBusinessAccountPhoneNumber
  s.Add(Scalar("WhatsAppTimeOfDayHours", ShapeType::kInteger, {.min = 0, .max = 23}));
  s.Add(Scalar("WhatsAppTimeOfDayMinutes", ShapeType::kInteger, {.min = 0, .max = 59}));
  s.Add(Struct("WhatsAppTimeOfDay", {Req("hours", "WhatsAppTimeOfDayHours"),
                                     Req("minutes", "WhatsAppTimeOfDayMinutes")}));
  s.Add(Scalar("WhatsAppDayOfWeek", ShapeType::kString,
               {.enum_values = {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY",
                                "SUNDAY"}}));
  s.Add(Struct("WhatsAppWeeklyOperatingHoursEntry",
               {Req("dayOfWeek", "WhatsAppDayOfWeek"), Req("openTime", "WhatsAppTimeOfDay"),
                Req("closeTime", "WhatsAppTimeOfDay")}));
  s.Add(ListOf("WhatsAppWeeklyOperatingHoursList", "WhatsAppWeeklyOperatingHoursEntry",
               {.min = 0, .max = 14}));
  s.Add(Scalar("WhatsAppHolidayDate", ShapeType::kString,
               {.min = 10, .max = 10, .pattern = R"re([0-9]{4}-[0-9]{2}-[0-9]{2})re"}));
  s.Add(Struct("WhatsAppHolidayScheduleEntry",
               {Req("date", "WhatsAppHolidayDate"), Req("startTime", "WhatsAppTimeOfDay"),
                Req("endTime", "WhatsAppTimeOfDay")}));
  s.Add(
      ListOf("WhatsAppHolidayScheduleList", "WhatsAppHolidayScheduleEntry", {.min = 0, .max = 20}));
  s.Add(Scalar("IanaTimezone", ShapeType::kString, {.min = 1, .max = 100}));
  s.Add(
      Struct("WhatsAppCallHours", {Req("enabled", "Boolean"), Req("timezone", "IanaTimezone"),
                                   Req("weeklyOperatingHours", "WhatsAppWeeklyOperatingHoursList"),
                                   Opt("holidaySchedule", "WhatsAppHolidayScheduleList")}));
  s.Add(Scalar("WhatsAppCallSettingValue", ShapeType::kString, {.min = 1, .max = 50}));
  s.Add(Struct("WhatsAppCallSettings",
               {Req("callEnabled", "Boolean"), Opt("callHours", "WhatsAppCallHours"),
                Opt("callIconVisibility", "WhatsAppCallSettingValue"),
                Opt("callbackPermissionStatus", "WhatsAppCallSettingValue")}));
  s.Add(Struct("UpdateLinkedWhatsAppBusinessAccountPhoneNumberInput",
               {Query("id", "WhatsAppPhoneNumberId", "id", kRequired),
                Req("callSettings", "WhatsAppCallSettings")}));
  s.Add(Struct("UpdateLinkedWhatsAppBusinessAccountPhoneNumberOutput",
               {Req("phoneNumberId", "WhatsAppPhoneNumberId")}));
  s.Add(Operation{.name = "UpdateLinkedWhatsAppBusinessAccountPhoneNumber",
                  .method = "PUT",
                  .path = "/v1/whatsapp/waba/phone",
                  .input = "UpdateLinkedWhatsAppBusinessAccountPhoneNumberInput",
                  .output = "UpdateLinkedWhatsAppBusinessAccountPhoneNumberOutput",
                  .errors = standard_errors});

  // GetLinkedWhatsAppBusinessAccountPhoneNumber (core table) gains the stored settings.
  Shape phone_output = s.shape("GetLinkedWhatsAppBusinessAccountPhoneNumberOutput");
  phone_output.members.push_back(Opt("callSettings", "WhatsAppCallSettings"));
  s.Add(std::move(phone_output));
}

}  // namespace socialite::spec
