#include "server/events/envelope.h"

#include <cstdio>
#include <ctime>

#include "server/core/json.h"

namespace socialite::events {

Value WebhookEntry(const std::string& meta_waba_id, const std::string& field, Value value,
                   std::optional<int64_t> time_seconds) {
  Value change = Value::Object();
  change.Set("value", std::move(value));
  change.Set("field", field);
  Value entry = Value::Object();
  entry.Set("id", meta_waba_id);
  if (time_seconds) entry.Set("time", *time_seconds);
  entry.Set("changes", Value(ValueList{std::move(change)}));
  return entry;
}

std::string Rfc3339Nanos(int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  int millis = static_cast<int>(epoch_ms % 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03d000000Z", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return text;
}

std::string EnvelopeJson(const EnvelopeContext& context, const Value& entry, int64_t at_ms,
                         const std::string& message_id) {
  Value waba = Value::Object();
  waba.Set("wabaId", context.meta_waba_id);
  waba.Set("arn", context.waba_arn);
  Value phones = Value::List();
  if (context.meta_phone_number_id && context.phone_number_arn) {
    Value phone = Value::Object();
    phone.Set("metaPhoneNumberId", *context.meta_phone_number_id);
    phone.Set("arn", *context.phone_number_arn);
    phones.Push(std::move(phone));
  }
  Value aws_context = Value::Object();
  aws_context.Set("MetaWabaIds", Value(ValueList{std::move(waba)}));
  aws_context.Set("MetaPhoneNumberIds", std::move(phones));

  Value envelope = Value::Object();
  envelope.Set("context", std::move(aws_context));
  envelope.Set("whatsAppWebhookEntry", WriteJson(entry));
  envelope.Set("aws_account_id", context.account);
  envelope.Set("message_timestamp", Rfc3339Nanos(at_ms));
  envelope.Set("messageId", message_id);
  return WriteJson(envelope);
}

}  // namespace socialite::events
