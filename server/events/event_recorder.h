// Event recorder: turns a webhook change into an outbox row — Meta's entry wrapped in the AWS
// envelope, addressed to the WABA's event destination. Called inside the transaction of the
// state change, so the event exists exactly when the change does.
#pragma once

#include <optional>
#include <string>

#include "server/core/value.h"
#include "server/handlers/request_context.h"
#include "server/whatsapp/meta_error.h"

namespace socialite::events {

struct EventSpec {
  std::string kind;   // status | inbound | template_status | template_quality
  std::string field;  // Meta's webhook field
  Value value;        // the change's value
  int64_t at_ms = 0;  // when it happens (message_timestamp)
  std::optional<std::string> wamid;
  std::optional<std::string> status;
  std::optional<int64_t> error_code;
  bool account_level = false;  // template updates: entry carries "time", no phone number
  // Delivery realism: delivered at deliver_at_ms (default at_ms) and `copies` more times
  // after that, each `copy_gap_ms` after the one before, with the same id and bytes.
  std::optional<int64_t> deliver_at_ms;
  int64_t copies = 0;
  int64_t copy_gap_ms = 0;
};

// Appends the event. `number` may be null for account-level events.
Status RecordEvent(Services& services, const storage::Partition& partition,
                   const storage::WabaRecord& waba, const storage::PhoneNumberRecord* number,
                   EventSpec spec);

// What a status payload needs beyond the message.
struct StatusExtras {
  std::string meta_waba_id;      // scopes the recipient's BSUID ("" leaves it out)
  bool carries_pricing = false;  // Meta prices `sent` and the first of delivered/read
};

// The `value` of a `messages` change for one status of an outbound message: `pricing` (and
// `conversation` for sends before Graph API v24.0) when `extras.carries_pricing`, the
// recipient's BSUID, Meta's `errors[]` for a failure.
Value StatusChangeValue(const storage::PhoneNumberRecord& number,
                        const storage::MessageRecord& message, const std::string& status,
                        int64_t at_ms, const std::optional<whatsapp::MetaError>& error,
                        const std::optional<std::string>& template_category,
                        const StatusExtras& extras);

// Whether status payloads of a send with this metaApiVersion carry `conversation` (before
// v24.0; nullopt: a message stored before versions were kept).
bool SendsConversation(const std::optional<std::string>& meta_api_version);

// The `metadata` object of a `messages` change.
Value ChangeMetadata(const storage::PhoneNumberRecord& number);

}  // namespace socialite::events
