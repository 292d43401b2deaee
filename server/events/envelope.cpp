#include "server/events/envelope.h"

#include "server/core/json.h"
#include "server/core/json_escape.h"

namespace socialite::events {
namespace {

// Writes `value` as `width` decimal digits (zero-padded) at `out`.
void PutDigits(char* out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
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
  // The proleptic Gregorian date of a day count (H. Hinnant's civil_from_days): no gmtime_r
  // and snprintf, which cost about 4,000 instructions per timestamp on the writer's path.
  constexpr int64_t kDayMs = 86'400'000;
  int64_t days = epoch_ms / kDayMs;
  int64_t ms_of_day = epoch_ms % kDayMs;
  if (ms_of_day < 0) {
    ms_of_day += kDayMs;
    --days;
  }
  days += 719'468;  // from 1970-01-01 to 0000-03-01
  int64_t era = (days >= 0 ? days : days - 146'096) / 146'097;
  int64_t day_of_era = days - era * 146'097;
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t month_from_march = (5 * day_of_year + 2) / 153;
  int64_t day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
  int64_t month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
  int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return "0000-01-01T00:00:00.000000000Z";  // never on our clocks
  std::string text = "0000-00-00T00:00:00.000000000Z";
  PutDigits(&text[0], year, 4);
  PutDigits(&text[5], month, 2);
  PutDigits(&text[8], day, 2);
  PutDigits(&text[11], ms_of_day / 3'600'000, 2);
  PutDigits(&text[14], ms_of_day / 60'000 % 60, 2);
  PutDigits(&text[17], ms_of_day / 1000 % 60, 2);
  PutDigits(&text[20], ms_of_day % 1000, 3);
  return text;
}

std::string EntryJson(const std::string& meta_waba_id, const std::string& field, const Value& value,
                      std::optional<int64_t> time_seconds) {
  // The bytes of WriteJson(WebhookEntry(...)), without copying `value` into a new tree.
  std::string value_json = WriteJson(value);
  std::string out;
  out.reserve(value_json.size() + meta_waba_id.size() + field.size() + 64);
  out += R"({"id":)";
  AppendJsonQuoted(out, meta_waba_id);
  if (time_seconds) {
    out += R"(,"time":)";
    out += std::to_string(*time_seconds);
  }
  out += R"(,"changes":[{"value":)";
  out += value_json;
  out += R"(,"field":)";
  AppendJsonQuoted(out, field);
  out += "}]}";
  return out;
}

std::string WrapEntry(const EnvelopeContext& context, std::string_view entry_json, int64_t at_ms,
                      const std::string& message_id) {
  // The bytes of the Value tree EnvelopeJson used to build, written straight into the text.
  std::string out;
  out.reserve(entry_json.size() + entry_json.size() / 4 + 512);
  out += R"({"context":{"MetaWabaIds":[{"wabaId":)";
  AppendJsonQuoted(out, context.meta_waba_id);
  out += R"(,"arn":)";
  AppendJsonQuoted(out, context.waba_arn);
  out += R"(}],"MetaPhoneNumberIds":[)";
  if (context.meta_phone_number_id && context.phone_number_arn) {
    out += R"({"metaPhoneNumberId":)";
    AppendJsonQuoted(out, *context.meta_phone_number_id);
    out += R"(,"arn":)";
    AppendJsonQuoted(out, *context.phone_number_arn);
    out += '}';
  }
  out += R"(]},"whatsAppWebhookEntry":)";
  AppendJsonQuoted(out, entry_json);
  out += R"(,"aws_account_id":)";
  AppendJsonQuoted(out, context.account);
  out += R"(,"message_timestamp":)";
  AppendJsonQuoted(out, Rfc3339Nanos(at_ms));
  out += R"(,"messageId":)";
  AppendJsonQuoted(out, message_id);
  out += '}';
  return out;
}

std::string EnvelopeJson(const EnvelopeContext& context, const Value& entry, int64_t at_ms,
                         const std::string& message_id) {
  return WrapEntry(context, WriteJson(entry), at_ms, message_id);
}

}  // namespace socialite::events
