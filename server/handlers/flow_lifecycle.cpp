#include "server/handlers/flow_lifecycle.h"

#include <array>
#include <cstdio>
#include <ctime>

#include "server/handlers/store_errors.h"
#include "server/handlers/template_lifecycle.h"
#include "server/whatsapp/flow_json_rules.h"
#include "server/whatsapp/meta_error.h"

namespace socialite {
namespace {

// Flow JSON versions Meta lets a flow be published with (the AWS user guide's list).
constexpr const char* kPublishableVersions[] = {"5.1", "6.0", "6.1", "6.2", "6.3",
                                                "7.0", "7.1", "7.2", "7.3"};

ApiError Meta(int code, const std::string& title, const std::string& details) {
  return InvalidParameters(whatsapp::MetaError{code, title, details}.Message());
}

std::string Describe(const storage::FlowRecord& flow) {
  return "flow " + flow.flow_id + " is " + flow.status;
}

bool Announced(const std::string& status) {
  return status == storage::kFlowPublished || status == storage::kFlowDeprecated ||
         status == storage::kFlowThrottled || status == storage::kFlowBlocked;
}

}  // namespace

ApiError FlowNotUpdatable(const storage::FlowRecord& flow, const std::string& what) {
  return Meta(139001, "Flow can't be updated", Describe(flow) + "; " + what);
}

ApiError FlowNotPublishable(const storage::FlowRecord& flow, const std::string& why) {
  return Meta(139002, "Flow can't be published", "flow " + flow.flow_id + ": " + why);
}

ApiError FlowNotDeprecatable(const storage::FlowRecord& flow) {
  if (flow.status == storage::kFlowDeprecated) {
    return Meta(139003, "Flow can't be deprecated",
                "flow " + flow.flow_id + " is already deprecated");
  }
  return Meta(139003, "Flow can't be deprecated",
              "can't deprecate an unpublished flow; " + Describe(flow) +
                  " and only PUBLISHED flows can be deprecated");
}

ApiError FlowNotDeletable(const storage::FlowRecord& flow) {
  return Meta(139004, "Flow failed to delete",
              Describe(flow) + "; only DRAFT flows can be deleted (deprecate a published flow)");
}

ApiError FlowNameTaken(const std::string& name) {
  return Meta(100, "Invalid parameter",
              "Flow name is not unique: the WABA has a flow named '" + name + "' already");
}

std::optional<std::string> PublishBlocker(const storage::FlowRecord& flow, bool waba_has_numbers) {
  if (flow.status != storage::kFlowDraft) {
    return "only DRAFT flows can be published; " + Describe(flow);
  }
  if (!flow.flow_json) return "the flow has no Flow JSON; upload one with UpdateWhatsAppFlowAssets";
  if (!flow.validation_errors.empty()) {
    return "the Flow JSON has " + std::to_string(flow.validation_errors.size()) +
           " validation error(s); fix them before publishing";
  }
  std::string version = flow.json_version.value_or("");
  bool publishable = false;
  for (const char* v : kPublishableVersions) {
    if (version == v) publishable = true;
  }
  if (!publishable) {
    return "Flow JSON version '" + version +
           "' cannot be published; use 5.1, 6.0-6.3 or 7.0-7.3 (7.3 recommended)";
  }
  if (flow.uses_data_exchange && !flow.endpoint_uri) {
    return "the flow exchanges data with an endpoint; set endpointUri before publishing";
  }
  if (!waba_has_numbers) return "the WhatsApp Business Account has no phone number";
  return std::nullopt;
}

void ApplyFlowJson(Services& services, storage::FlowRecord& flow, std::string text) {
  whatsapp::FlowJsonReport report = whatsapp::CheckFlowJson(text);
  flow.validation_errors.clear();
  for (const auto& error : report.errors) flow.validation_errors.push_back(ToMetaJson(error));
  flow.json_version =
      report.json_version.empty() ? std::nullopt : std::optional<std::string>(report.json_version);
  flow.data_api_version = report.data_api_version.empty()
                              ? std::nullopt
                              : std::optional<std::string>(report.data_api_version);
  flow.uses_data_exchange = report.uses_data_exchange;
  flow.flow_json = std::move(text);
  flow.asset_token = services.ids.Hex(32);
}

void IssuePreview(Services& services, storage::FlowRecord& flow) {
  flow.preview_token = services.ids.Hex(32);
  flow.preview_expires_ms = services.clock.NowMillis() + kFlowPreviewLifetimeMs;
}

bool PreviewValid(const Services& services, const storage::FlowRecord& flow) {
  return flow.preview_token.has_value() && services.clock.NowMillis() < flow.preview_expires_ms;
}

Status ChangeFlowStatus(Services& services, const storage::Partition& partition,
                        storage::FlowRecord& flow, const std::string& status) {
  std::string old_status = flow.status;
  flow.status = status;
  flow.updated_ms = services.clock.NowMillis();
  RETURN_IF_ERROR(FromStore(storage::FlowStore(services.db).Update(partition, flow)));
  if (old_status == status || !Announced(status)) return {};
  Value value = Value::Object();
  value.Set("event", "FLOW_STATUS_CHANGE");
  value.Set("message",
            "Flow " + flow.name + " changed status from " + old_status + " to " + status);
  value.Set("flow_id", flow.flow_id);
  value.Set("old_status", old_status);
  value.Set("new_status", status);
  return RecordWabaEvent(services, partition, flow.waba_id, "flow_status", "flows",
                         std::move(value));
}

Status RecordFlowCreated(Services& services, const storage::Partition& partition,
                         const storage::FlowRecord& flow) {
  Value value = Value::Object();
  value.Set("event", "FLOW_STATUS_CHANGE");
  value.Set("message", "Flow " + flow.name + " has been created with DRAFT status");
  value.Set("flow_id", flow.flow_id);
  value.Set("new_status", storage::kFlowDraft);
  return RecordWabaEvent(services, partition, flow.waba_id, "flow_status", "flows",
                         std::move(value));
}

std::string FlowPreviewUrl(const std::string& origin, const storage::FlowRecord& flow) {
  return origin + "/_socialite/flows/" + flow.flow_id +
         "/preview?token=" + flow.preview_token.value_or("");
}

std::string FlowAssetUrl(const std::string& origin, const storage::FlowRecord& flow) {
  return origin + "/_socialite/flows/" + flow.flow_id +
         "/assets/flow.json?token=" + flow.asset_token.value_or("");
}

std::string MetaFlowTimestamp(int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d+0000", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

}  // namespace socialite
