// Flow send rules: whether Meta lets a message open a flow in the status the flow is in.
// Pure; the handler finds the flow in the sending WABA and counts its recent messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/whatsapp/meta_error.h"

namespace socialite::whatsapp {

// A THROTTLED flow may be sent this many times per hour (Meta's health monitoring).
inline constexpr int64_t kThrottledFlowMessagesPerHour = 10;
inline constexpr int64_t kFlowThrottleWindowMs = 60LL * 60 * 1000;

// The verdict on opening flow `flow_id` in `status` (DRAFT, PUBLISHED, THROTTLED, BLOCKED,
// DEPRECATED) with `mode` ("draft" or "published"); `sends_last_hour` counts the messages
// of this flow accepted in the last hour. nullopt when the send may go ahead. Draft mode is
// for testing DRAFT flows only, and a DRAFT flow only opens in draft mode (131009); BLOCKED
// flows cannot be sent (132068), THROTTLED ones 10 times an hour (132069); DEPRECATED ones
// never again (131009). `where` names the message member in the details.
std::optional<MetaError> FlowSendVerdict(const std::string& flow_id, const std::string& status,
                                         const std::string& mode, int64_t sends_last_hour,
                                         const std::string& where);

// The error for a flow id or name the sending WABA does not have (131009).
MetaError UnknownFlow(const std::string& where, const std::string& reference);

}  // namespace socialite::whatsapp
