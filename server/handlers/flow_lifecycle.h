// Flow lifecycle: Meta's rules for what a flow's status allows (edit, publish, deprecate,
// delete), the errors a wrong transition gets, the flows-webhook FLOW_STATUS_CHANGE events, and
// the tokens behind the preview page and the flow.json download that Socialite serves.
#pragma once

#include <optional>
#include <string>

#include "server/handlers/request_context.h"
#include "storage/flow_store.h"

namespace socialite {

// Meta's preview links live 30 days.
inline constexpr int64_t kFlowPreviewLifetimeMs = 30LL * 24 * 60 * 60 * 1000;

// Meta's flow management errors, as the InvalidParametersException an AWS operation answers.
ApiError FlowNotUpdatable(const storage::FlowRecord& flow, const std::string& what);   // 139001
ApiError FlowNotPublishable(const storage::FlowRecord& flow, const std::string& why);  // 139002
ApiError FlowNotDeprecatable(const storage::FlowRecord& flow);                         // 139003
ApiError FlowNotDeletable(const storage::FlowRecord& flow);                            // 139004
ApiError FlowNameTaken(const std::string& name);                                       // 100

// Why `flow` cannot be published now (nullopt: it can). `waba_has_numbers`: Meta refuses to
// publish for a WABA without a phone number.
std::optional<std::string> PublishBlocker(const storage::FlowRecord& flow, bool waba_has_numbers);

// Replaces the flow.json asset: checks it as Meta does, keeps its errors and versions, and
// names the new asset with a fresh download token (the previous download URL stops working).
void ApplyFlowJson(Services& services, storage::FlowRecord& flow, std::string text);

// A new preview link for `flow`, valid 30 days from now (the previous one stops working).
void IssuePreview(Services& services, storage::FlowRecord& flow);
bool PreviewValid(const Services& services, const storage::FlowRecord& flow);

// Sets the status, stores the flow and appends the FLOW_STATUS_CHANGE event when Meta
// announces the change (PUBLISHED, DEPRECATED, THROTTLED, BLOCKED). REQUIRES: a transaction.
Status ChangeFlowStatus(Services& services, const storage::Partition& partition,
                        storage::FlowRecord& flow, const std::string& status);
// Appends the creation event (new_status DRAFT, no old_status). REQUIRES: a transaction.
Status RecordFlowCreated(Services& services, const storage::Partition& partition,
                         const storage::FlowRecord& flow);

// URLs served by Socialite under `origin` (see server/admin/flow_endpoints.cpp).
std::string FlowPreviewUrl(const std::string& origin, const storage::FlowRecord& flow);
std::string FlowAssetUrl(const std::string& origin, const storage::FlowRecord& flow);

// Meta's time format in flow payloads: "2026-07-01T23:46:55+0000".
std::string MetaFlowTimestamp(int64_t epoch_ms);

}  // namespace socialite
