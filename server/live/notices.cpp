#include "server/live/notices.h"

#include <utility>

#include "server/core/json.h"
#include "server/core/json_line.h"
#include "server/events/envelope.h"

namespace socialite::live {
namespace {

Notice Make(std::string type, std::string data, std::string phone_number_id = {},
            std::string wamid = {}) {
  Notice notice;
  notice.type = std::move(type);
  notice.data = std::move(data);
  notice.phone_number_id = std::move(phone_number_id);
  notice.wamid = std::move(wamid);
  return notice;
}

JsonMember Optional(std::string_view key, const std::optional<std::string>& value) {
  return value ? JsonMember(key, *value) : JsonMember::Skip();
}

}  // namespace

Notice MessageNotice(const storage::MessageRecord& message) {
  std::string data;
  AppendJsonObject({{"wamid", message.wamid},
                    {"direction", message.direction},
                    {"phoneNumberId", message.phone_number_id},
                    {"wabaId", message.waba_id},
                    {"customer", message.wa_id},
                    {"type", message.type},
                    {"at", events::Rfc3339Nanos(message.created_ms)},
                    {"atMs", message.created_ms}},
                   data);
  return Make(message.direction == "inbound" ? "inbound" : "message", std::move(data),
              message.phone_number_id, message.wamid);
}

Notice StatusNotice(const storage::EventRecord& event, const std::string& customer) {
  std::string data;
  AppendJsonObject(
      {Optional("wamid", event.wamid),
       Optional("status", event.status),
       Optional("phoneNumberId", event.phone_number_id),
       {"customer", customer},
       {"at", events::Rfc3339Nanos(event.occurs_ms)},
       {"atMs", event.occurs_ms},
       event.error_code ? JsonMember("errorCode", *event.error_code) : JsonMember::Skip()},
      data);
  Notice notice =
      Make("status", std::move(data), event.phone_number_id.value_or(""), event.wamid.value_or(""));
  notice.at_ms = event.occurs_ms;
  return notice;
}

std::string StatusRecipient(const Value& status_change_value) {
  const Value* statuses = status_change_value.Get("statuses");
  if (statuses == nullptr || !statuses->is_list() || statuses->AsList().empty()) return {};
  return statuses->AsList().front().GetString("recipient_id").value_or("");
}

Notice StoredStatusNotice(const storage::EventRecord& event) {
  // {"whatsAppWebhookEntry": "<{"changes": [{"value": {...}}]} as a string>", ...}
  std::string recipient;
  Result<Value> envelope = ParseJson(event.envelope_json);
  std::optional<std::string> entry_text =
      envelope.ok() ? envelope->GetString("whatsAppWebhookEntry") : std::nullopt;
  Result<Value> entry = ParseJson(entry_text.value_or("{}"));
  const Value* changes = entry.ok() ? entry->Get("changes") : nullptr;
  if (changes != nullptr && changes->is_list() && !changes->AsList().empty()) {
    if (const Value* value = changes->AsList().front().Get("value")) {
      recipient = StatusRecipient(*value);
    }
  }
  return StatusNotice(event, recipient);
}

namespace {

Notice EventNoticeOf(const storage::EventRecord& event, const std::string& delivery_state,
                     int64_t attempts) {
  std::string data;
  AppendJsonObject({{"id", event.id},
                    {"kind", event.kind},
                    Optional("wamid", event.wamid),
                    {"wabaId", event.waba_id},
                    Optional("phoneNumberId", event.phone_number_id),
                    {"deliveryState", delivery_state},
                    {"attempts", attempts},
                    Optional("destination", event.destination_arn)},
                   data);
  return Make("event", std::move(data), event.phone_number_id.value_or(""),
              event.wamid.value_or(""));
}

}  // namespace

Notice EventNotice(const storage::EventRecord& event) {
  return EventNoticeOf(event, event.delivery_state, event.attempts);
}

Notice EventNotice(const storage::EventRecord& event, const storage::EventOutcome& outcome) {
  return EventNoticeOf(event, outcome.delivery_state, outcome.attempts);
}

void PublishAppended(NoticeSink& sink, const storage::EventRecord& event,
                     const std::string& recipient) {
  std::vector<Notice> notices;
  notices.push_back(EventNotice(event));
  if (event.kind == "status") notices.push_back(StatusNotice(event, recipient));
  sink.PublishAll(std::move(notices));
}

Notice RequestNotice(const std::string& request_id, const std::string& operation, int http_status,
                     int64_t at_ms) {
  std::string data;
  AppendJsonObject({{"requestId", request_id},
                    {"operation", operation},
                    {"httpStatus", http_status},
                    {"at", events::Rfc3339Nanos(at_ms)}},
                   data);
  return Make("request", std::move(data));
}

Notice TemplateNotice(const storage::TemplateRecord& t, const std::string& status) {
  std::string data;
  AppendJsonObject({{"metaTemplateId", t.meta_template_id},
                    {"wabaId", t.waba_id},
                    {"name", t.name},
                    {"language", t.language},
                    {"status", status},
                    {"qualityScore", t.quality_score}},
                   data);
  return Make("template", std::move(data));
}

Notice ClockNotice(int64_t now_ms) {
  std::string data;
  AppendJsonObject({{"nowMs", now_ms}, {"now", events::Rfc3339Nanos(now_ms)}}, data);
  return Make("clock", std::move(data));
}

Notice ResetNotice() { return Make("reset", "{}"); }

}  // namespace socialite::live
