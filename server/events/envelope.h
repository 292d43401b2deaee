// The AWS End User Messaging Social event envelope around one Meta webhook entry:
//   {"context": {"MetaWabaIds": [{wabaId, arn}], "MetaPhoneNumberIds": [{metaPhoneNumberId, arn}]},
//    "whatsAppWebhookEntry": "<Meta's entry as a JSON string>",
//    "aws_account_id": "...", "message_timestamp": "2025-01-08T23:30:43.271279391Z",
//    "messageId": "<uuid>"}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/core/value.h"

namespace socialite::events {

struct EnvelopeContext {
  std::string account;
  std::string meta_waba_id;
  std::string waba_arn;
  std::optional<std::string> meta_phone_number_id;  // absent for account-level events
  std::optional<std::string> phone_number_arn;
};

// Meta's entry: {"id": WABA, "changes": [{"value": value, "field": field}]}; account-level
// fields (template updates) also carry "time".
Value WebhookEntry(const std::string& meta_waba_id, const std::string& field, Value value,
                   std::optional<int64_t> time_seconds);

// The envelope JSON text. `at_ms` becomes message_timestamp (RFC 3339, UTC, nanoseconds).
std::string EnvelopeJson(const EnvelopeContext& context, const Value& entry, int64_t at_ms,
                         const std::string& message_id);

// The JSON text of WebhookEntry(meta_waba_id, field, value, time_seconds), written directly.
std::string EntryJson(const std::string& meta_waba_id, const std::string& field, const Value& value,
                      std::optional<int64_t> time_seconds);

// The envelope JSON text around an entry already written as JSON text (EnvelopeJson's bytes).
std::string WrapEntry(const EnvelopeContext& context, std::string_view entry_json, int64_t at_ms,
                      const std::string& message_id);

// "2025-01-08T23:30:43.271000000Z"
std::string Rfc3339Nanos(int64_t epoch_ms);

}  // namespace socialite::events
