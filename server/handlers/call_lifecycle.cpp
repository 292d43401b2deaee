#include "server/handlers/call_lifecycle.h"

#include <cctype>

#include "server/core/json.h"
#include "server/events/event_recorder.h"
#include "server/handlers/store_errors.h"
#include "storage/waba_store.h"

namespace socialite {
namespace {

std::string Digits(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  }
  return digits;
}

Status Record(Services& services, const storage::Partition& partition,
              const storage::PhoneNumberRecord& number, const storage::CallRecord& call,
              const std::string& kind, Value value) {
  ASSIGN_OR_RETURN(auto waba,
                   FromStore(storage::WabaStore(services.db).Find(partition, number.waba_id)));
  if (!waba) return InternalService("The WABA of " + number.id + " is gone");
  events::EventSpec spec;
  spec.kind = kind;
  spec.field = "calls";
  spec.value = std::move(value);
  spec.at_ms = services.clock.NowMillis();
  spec.wamid = call.call_id;  // lets GET /_socialite/events?wamid= find a call's events
  return events::RecordEvent(services, partition, *waba, &number, std::move(spec));
}

Value ChangeBase(const storage::PhoneNumberRecord& number) {
  Value value = Value::Object();
  value.Set("messaging_product", "whatsapp");
  value.Set("metadata", events::ChangeMetadata(number));
  return value;
}

}  // namespace

std::string NewCallId(IdGenerator& ids) { return "wacid." + ids.UrlSafeBase64(20); }

storage::CallPermissionRecord EffectivePermission(
    const std::optional<storage::CallPermissionRecord>& stored, const std::string& phone_number_id,
    const std::string& user, int64_t now_ms) {
  if (stored && (stored->status == "permanent" ||
                 (stored->status == "temporary" && stored->expires_ms.value_or(0) > now_ms))) {
    return *stored;
  }
  return storage::CallPermissionRecord{phone_number_id, user, "no_permission", std::nullopt,
                                       now_ms};
}

bool IsOpenCall(const storage::CallRecord& call) { return !call.ended_ms.has_value(); }

Status RecordCallEvent(Services& services, const storage::Partition& partition,
                       const storage::PhoneNumberRecord& number, const storage::CallRecord& call,
                       const std::string& event, const Value* session,
                       const std::optional<std::string>& name) {
  std::string business = Digits(number.meta.phone_number);
  bool from_user = call.direction == kUserInitiated;
  int64_t now = services.clock.NowMillis();
  Value item = Value::Object();
  item.Set("id", call.call_id);
  item.Set("to", from_user ? business : call.user);
  item.Set("from", from_user ? call.user : business);
  item.Set("event", event);
  item.Set("timestamp", std::to_string(now / 1000));
  item.Set("direction", call.direction);
  if (session != nullptr) item.Set("session", *session);
  if (event == "terminate") {
    item.Set("status", call.accepted_ms ? "COMPLETED" : "FAILED");
    if (call.accepted_ms) {
      int64_t end = call.ended_ms.value_or(now);
      item.Set("start_time", std::to_string(*call.accepted_ms / 1000));
      item.Set("end_time", std::to_string(end / 1000));
      item.Set("duration", (end - *call.accepted_ms) / 1000);
    }
  }
  if (call.biz_opaque_callback_data) {
    item.Set("biz_opaque_callback_data", *call.biz_opaque_callback_data);
  }
  Value value = ChangeBase(number);
  if (from_user && event == "connect") {
    Value profile = Value::Object();
    profile.Set("name", name.value_or(call.user));
    Value contact = Value::Object();
    contact.Set("profile", std::move(profile));
    contact.Set("wa_id", call.user);
    value.Set("contacts", Value(ValueList{std::move(contact)}));
  }
  value.Set("calls", Value(ValueList{std::move(item)}));
  return Record(services, partition, number, call, "call", std::move(value));
}

Status RecordCallStatus(Services& services, const storage::Partition& partition,
                        const storage::PhoneNumberRecord& number, const storage::CallRecord& call,
                        const std::string& status) {
  Value item = Value::Object();
  item.Set("id", call.call_id);
  item.Set("timestamp", std::to_string(services.clock.NowMillis() / 1000));
  item.Set("type", "call");
  item.Set("status", status);
  item.Set("recipient_id", call.user);
  if (call.biz_opaque_callback_data) {
    item.Set("biz_opaque_callback_data", *call.biz_opaque_callback_data);
  }
  Value value = ChangeBase(number);
  value.Set("statuses", Value(ValueList{std::move(item)}));
  return Record(services, partition, number, call, "call_status", std::move(value));
}

Status EndCall(Services& services, const storage::Partition& partition,
               const storage::PhoneNumberRecord& number, storage::CallRecord& call,
               const std::string& final_state) {
  call.state = final_state;
  call.ended_ms = services.clock.NowMillis();
  RETURN_IF_ERROR(FromStore(storage::CallingStore(services.db).UpdateCall(partition, call)));
  if (final_state == kCallRejected && call.direction == kBusinessInitiated) {
    RETURN_IF_ERROR(RecordCallStatus(services, partition, number, call, kCallRejected));
  }
  return RecordCallEvent(services, partition, number, call, "terminate", nullptr, std::nullopt);
}

}  // namespace socialite
