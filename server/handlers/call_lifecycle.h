// Calls and call permissions, shared by SendWhatsAppCallEvent (the business's side) and the
// admin endpoints that act as the customer: the states a call goes through, which moves are
// legal, and Meta's `calls` webhooks (call events and call statuses) each move produces,
// written in the caller's transaction through the event recorder.
#pragma once

#include <optional>
#include <string>

#include "server/handlers/request_context.h"
#include "storage/calling_store.h"

namespace socialite {

inline constexpr char kBusinessInitiated[] = "BUSINESS_INITIATED";
inline constexpr char kUserInitiated[] = "USER_INITIATED";

// Call states. RINGING, PRE_ACCEPTED and ACCEPTED are open; REJECTED and COMPLETED are final.
inline constexpr char kCallRinging[] = "RINGING";
inline constexpr char kCallPreAccepted[] = "PRE_ACCEPTED";
inline constexpr char kCallAccepted[] = "ACCEPTED";
inline constexpr char kCallRejected[] = "REJECTED";
inline constexpr char kCallCompleted[] = "COMPLETED";

// Meta: a temporary permission lasts 7 days.
inline constexpr int64_t kTemporaryPermissionMs = 7LL * 24 * 60 * 60 * 1000;

// A new Meta call id: "wacid." and URL-safe base64, like Meta's.
std::string NewCallId(IdGenerator& ids);

// The permission as it stands at `now_ms` (an expired temporary one reads as no_permission).
storage::CallPermissionRecord EffectivePermission(
    const std::optional<storage::CallPermissionRecord>& stored, const std::string& phone_number_id,
    const std::string& user, int64_t now_ms);

// Appends a `calls` webhook: the call event `event` (connect | terminate), with `session`
// (Meta's {sdp_type, sdp}) when not null and the customer's `name` on user-initiated connects.
Status RecordCallEvent(Services& services, const storage::Partition& partition,
                       const storage::PhoneNumberRecord& number, const storage::CallRecord& call,
                       const std::string& event, const Value* session,
                       const std::optional<std::string>& name);
// Appends a `calls` webhook with the status of a business-initiated call (RINGING, ACCEPTED,
// REJECTED).
Status RecordCallStatus(Services& services, const storage::Partition& partition,
                        const storage::PhoneNumberRecord& number, const storage::CallRecord& call,
                        const std::string& status);

// Ends an open call (the business's or the customer's terminate, or a rejection): stores the
// final state and appends Meta's terminate event. REQUIRES: an open transaction.
Status EndCall(Services& services, const storage::Partition& partition,
               const storage::PhoneNumberRecord& number, storage::CallRecord& call,
               const std::string& final_state);

bool IsOpenCall(const storage::CallRecord& call);

}  // namespace socialite
