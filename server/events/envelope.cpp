#include "server/events/envelope.h"

#include <cstdio>
#include <ctime>

#include "server/core/json.h"

namespace socialite::events {
namespace {

// Appends `text` as a JSON string escaped exactly as rapidjson's writer escapes it (the same
// bytes), a run of plain bytes at a time: every event's envelope is written on the writer's
// path, and its entry alone is about 700 bytes of JSON text with a quote every few bytes.
void AppendQuoted(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '"';
  size_t plain = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escaped, sizeof(escaped));
      }
    }
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

}  // namespace

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

std::string EntryJson(const std::string& meta_waba_id, const std::string& field, const Value& value,
                      std::optional<int64_t> time_seconds) {
  // The bytes of WriteJson(WebhookEntry(...)), without copying `value` into a new tree.
  std::string value_json = WriteJson(value);
  std::string out;
  out.reserve(value_json.size() + meta_waba_id.size() + field.size() + 64);
  out += R"({"id":)";
  AppendQuoted(out, meta_waba_id);
  if (time_seconds) {
    out += R"(,"time":)";
    out += std::to_string(*time_seconds);
  }
  out += R"(,"changes":[{"value":)";
  out += value_json;
  out += R"(,"field":)";
  AppendQuoted(out, field);
  out += "}]}";
  return out;
}

std::string WrapEntry(const EnvelopeContext& context, std::string_view entry_json, int64_t at_ms,
                      const std::string& message_id) {
  // The bytes of the Value tree EnvelopeJson used to build, written straight into the text.
  std::string out;
  out.reserve(entry_json.size() + entry_json.size() / 4 + 512);
  out += R"({"context":{"MetaWabaIds":[{"wabaId":)";
  AppendQuoted(out, context.meta_waba_id);
  out += R"(,"arn":)";
  AppendQuoted(out, context.waba_arn);
  out += R"(}],"MetaPhoneNumberIds":[)";
  if (context.meta_phone_number_id && context.phone_number_arn) {
    out += R"({"metaPhoneNumberId":)";
    AppendQuoted(out, *context.meta_phone_number_id);
    out += R"(,"arn":)";
    AppendQuoted(out, *context.phone_number_arn);
    out += '}';
  }
  out += R"(]},"whatsAppWebhookEntry":)";
  AppendQuoted(out, entry_json);
  out += R"(,"aws_account_id":)";
  AppendQuoted(out, context.account);
  out += R"(,"message_timestamp":)";
  AppendQuoted(out, Rfc3339Nanos(at_ms));
  out += R"(,"messageId":)";
  AppendQuoted(out, message_id);
  out += '}';
  return out;
}

std::string EnvelopeJson(const EnvelopeContext& context, const Value& entry, int64_t at_ms,
                         const std::string& message_id) {
  return WrapEntry(context, WriteJson(entry), at_ms, message_id);
}

}  // namespace socialite::events
