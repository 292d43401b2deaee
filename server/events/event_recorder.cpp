#include "server/events/event_recorder.h"

#include <algorithm>
#include <cctype>

#include "server/core/sha256.h"
#include "server/events/envelope.h"
#include "server/handlers/resource_ids.h"
#include "server/handlers/store_errors.h"
#include "server/live/notices.h"
#include "server/whatsapp/bsuid.h"
#include "storage/event_store.h"

namespace socialite::events {
namespace {

std::string Digits(const std::string& phone_number) {
  std::string digits;
  for (char c : phone_number) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  }
  return digits;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

constexpr int64_t kConversationMs = 24LL * 60 * 60 * 1000;
// Webhooks of Graph API v24.0 and later omit `conversation` (free entry points aside).
constexpr int kConversationDroppedInMajor = 24;

}  // namespace

Value ChangeMetadata(const storage::PhoneNumberRecord& number) {
  Value metadata = Value::Object();
  metadata.Set("display_phone_number", Digits(number.meta.phone_number));
  metadata.Set("phone_number_id", number.meta.meta_phone_number_id);
  return metadata;
}

bool SendsConversation(const std::optional<std::string>& meta_api_version) {
  // Messages stored before the version was kept were sent as before v24.0.
  if (!meta_api_version || meta_api_version->size() < 2) return true;
  int major = 0;
  for (size_t i = 1; i < meta_api_version->size() && (*meta_api_version)[i] != '.'; ++i) {
    char c = (*meta_api_version)[i];
    if (!std::isdigit(static_cast<unsigned char>(c)) || major > 1000) return false;
    major = major * 10 + (c - '0');
  }
  return major < kConversationDroppedInMajor;
}

Value StatusChangeValue(const storage::PhoneNumberRecord& number,
                        const storage::MessageRecord& message, const std::string& status,
                        int64_t at_ms, const std::optional<whatsapp::MetaError>& error,
                        const std::optional<std::string>& template_category,
                        const StatusExtras& extras) {
  Value item = Value::Object();
  item.Set("id", message.wamid);
  item.Set("status", status);
  item.Set("timestamp", std::to_string(at_ms / 1000));
  item.Set("recipient_id", message.wa_id);
  // Meta names the user by its business-scoped id too, on every status but a failure of a
  // message sent to a phone number (ours always are).
  if (status != "failed" && !extras.meta_waba_id.empty()) {
    item.Set("recipient_user_id",
             whatsapp::BusinessScopedUserId(extras.meta_waba_id, message.wa_id));
  }
  if (extras.carries_pricing && status != "failed") {
    std::string category = template_category ? Lower(*template_category) : "service";
    // Per-message pricing: free inside the customer service window, regular for templates.
    std::string type = template_category ? "regular" : "free_customer_service";
    // The conversation object went away with v24.0, except for free entry points (which
    // the emulator does not open).
    if (SendsConversation(message.meta_api_version) || type == "free_entry_point") {
      Value conversation = Value::Object();
      conversation.Set("id", Sha256Hex(number.id + "|" + message.wa_id + "|" + category + "|" +
                                       std::to_string(message.created_ms / kConversationMs))
                                 .substr(0, 32));
      if (status == "sent") {
        conversation.Set("expiration_timestamp",
                         std::to_string((message.created_ms + kConversationMs) / 1000));
      }
      Value origin = Value::Object();
      origin.Set("type", category);
      conversation.Set("origin", std::move(origin));
      item.Set("conversation", std::move(conversation));
    }
    Value pricing = Value::Object();
    pricing.Set("billable", template_category.has_value());
    pricing.Set("pricing_model", "PMP");
    pricing.Set("type", type);
    pricing.Set("category", category);
    item.Set("pricing", std::move(pricing));
  }
  if (message.biz_opaque_callback_data) {
    item.Set("biz_opaque_callback_data", *message.biz_opaque_callback_data);
  }
  if (error) {
    Value detail = Value::Object();
    detail.Set("details", error->details.empty() ? error->title : error->details);
    Value entry = Value::Object();
    entry.Set("code", static_cast<int64_t>(error->code));
    entry.Set("title", error->title);
    entry.Set("message", error->title);
    entry.Set("error_data", std::move(detail));
    entry.Set("href",
              "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/");
    item.Set("errors", Value(ValueList{std::move(entry)}));
  }
  Value value = Value::Object();
  value.Set("messaging_product", "whatsapp");
  value.Set("metadata", ChangeMetadata(number));
  value.Set("statuses", Value(ValueList{std::move(item)}));
  return value;
}

Status RecordEvent(Services& services, const storage::Partition& partition,
                   const storage::WabaRecord& waba, const storage::PhoneNumberRecord* number,
                   EventSpec spec) {
  storage::EventRecord record;
  // Time-ordered: the unique index on event ids, and the attempts keyed by them, then take
  // each batch's new ids in one leaf instead of one random leaf per event.
  record.id = services.ids.TimeOrderedUuid(services.clock.NowMillis());
  record.partition = partition;
  record.waba_id = waba.id;
  if (number != nullptr) record.phone_number_id = number->id;
  record.wamid = spec.wamid;
  record.kind = spec.kind;
  record.field = spec.field;
  record.status = spec.status;
  record.error_code = spec.error_code;
  record.created_ms = services.clock.NowMillis();
  record.occurs_ms = spec.at_ms;
  record.due_ms = std::max(spec.at_ms, spec.deliver_at_ms.value_or(spec.at_ms));
  record.copies_owed = spec.copies;
  record.copy_gap_ms = spec.copy_gap_ms;
  if (!waba.event_destinations.empty()) {
    record.destination_arn = waba.event_destinations.front().event_destination_arn;
  }
  EnvelopeContext context{partition.account, waba.meta_waba_id, WabaArn(partition, waba.id),
                          std::nullopt, std::nullopt};
  if (number != nullptr && !spec.account_level) {
    context.meta_phone_number_id = number->meta.meta_phone_number_id;
    context.phone_number_arn = PhoneNumberArn(partition, number->id);
  }
  bool told = live::Wanted(services.live);
  std::string recipient = told && record.kind == "status" ? live::StatusRecipient(spec.value) : "";
  std::optional<int64_t> time;
  if (spec.account_level) time = spec.at_ms / 1000;
  record.envelope_json = WrapEntry(
      context, EntryJson(waba.meta_waba_id, spec.field, spec.value, time), spec.at_ms, record.id);
  RETURN_IF_ERROR(FromStore(storage::EventStore(services.db).Append(record)));
  if (told) live::PublishAppended(*services.live, record, recipient);
  // On the writer this only notes the event; the dispatcher is nudged after the COMMIT.
  if (services.notify_events) services.notify_events();
  return {};
}

}  // namespace socialite::events
