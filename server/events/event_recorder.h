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
};

// Appends the event. `number` may be null for account-level events.
Status RecordEvent(Services& services, const storage::Partition& partition,
                   const storage::WabaRecord& waba, const storage::PhoneNumberRecord* number,
                   EventSpec spec);

// The `value` of a `messages` change for one status of an outbound message.
Value StatusChangeValue(const storage::PhoneNumberRecord& number,
                        const storage::MessageRecord& message, const std::string& status,
                        int64_t at_ms, const std::optional<whatsapp::MetaError>& error,
                        const std::optional<std::string>& template_category);

// The `metadata` object of a `messages` change.
Value ChangeMetadata(const storage::PhoneNumberRecord& number);

}  // namespace socialite::events
