#include "server/handlers/template_lifecycle.h"

#include "server/core/json.h"
#include "server/events/event_recorder.h"
#include "server/handlers/store_errors.h"
#include "server/live/notices.h"
#include "server/whatsapp/template_library.h"
#include "server/whatsapp/template_rules.h"
#include "storage/statement.h"
#include "storage/template_store.h"
#include "storage/waba_store.h"

namespace socialite {

std::string NewMetaId(IdGenerator& ids) {
  std::string hex = ids.Hex(16);
  std::string digits = "1";  // a leading 1 keeps the length fixed at 16
  for (size_t i = 1; i < hex.size(); ++i)
    digits += static_cast<char>('0' + std::stoi(hex.substr(i, 1), nullptr, 16) % 10);
  return digits;
}

Status RecordTemplateEvent(Services& services, const storage::Partition& partition,
                           const storage::TemplateRecord& t, const std::string& event,
                           const std::optional<std::string>& reason) {
  Value value = Value::Object();
  value.Set("event", event);
  // Meta sends the template id as a number in this payload.
  value.Set("message_template_id", static_cast<int64_t>(std::stoll(t.meta_template_id)));
  value.Set("message_template_name", t.name);
  value.Set("message_template_language", t.language);
  value.Set("reason", reason.value_or("NONE"));
  value.Set("message_template_category", t.category);
  RETURN_IF_ERROR(RecordWabaEvent(services, partition, t.waba_id, "template_status",
                                  "message_template_status_update", std::move(value)));
  live::Publish(services.live, [&] { return live::TemplateNotice(t, event); });
  return {};
}

Status RecordWabaEvent(Services& services, const storage::Partition& partition,
                       const std::string& waba_id, const std::string& kind,
                       const std::string& field, Value value) {
  ASSIGN_OR_RETURN(auto waba, FromStore(storage::WabaStore(services.db).Find(partition, waba_id)));
  if (!waba) return {};  // the WABA is gone: nobody to tell
  events::EventSpec spec;
  spec.kind = kind;
  spec.field = field;
  spec.value = std::move(value);
  spec.at_ms = services.clock.NowMillis();
  spec.account_level = true;
  return events::RecordEvent(services, partition, *waba, nullptr, std::move(spec));
}

Status ChangeTemplateStatus(Services& services, const storage::Partition& partition,
                            storage::TemplateRecord& t, const std::string& status,
                            const std::optional<std::string>& reason) {
  t.status = status;
  t.rejected_reason = status == "REJECTED" ? reason : std::nullopt;
  t.review_due_ms.reset();
  t.updated_ms = services.clock.NowMillis();
  RETURN_IF_ERROR(FromStore(storage::TemplateStore(services.db).Update(partition, t)));
  return RecordTemplateEvent(services, partition, t, status, reason);
}

std::optional<int64_t> NextReviewDue(const Services& services) {
  if (services.options.template_review != "auto") return std::nullopt;
  return services.clock.NowMillis() +
         static_cast<int64_t>(services.options.template_review_delay_seconds) * 1000;
}

Status RunDueTemplateReviews(Services& services) {
  storage::TemplateStore store(services.db);
  ASSIGN_OR_RETURN(auto due, FromStore(store.DueForReview(services.clock.NowMillis())));
  if (due.empty()) return {};
  if (services.read_only) return NeedsWriter();
  std::vector<std::string> library_names;
  if (services.library != nullptr) library_names = services.library->Names();
  storage::Transaction txn(services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  for (auto& [partition, t] : due) {
    std::optional<whatsapp::Rejection> rejection;
    Result<Value> definition = ParseJson(t.definition_json);
    if (definition.ok()) {
      auto checked = whatsapp::CheckTemplateDefinition(*definition);
      if (auto* shape = std::get_if<whatsapp::TemplateShape>(&checked)) {
        // A template made from the library may keep the library's name.
        rejection = whatsapp::ReviewTemplate(
            *shape, t.library_template_name ? std::vector<std::string>{} : library_names);
      } else {
        rejection =
            whatsapp::Rejection{"INVALID_FORMAT", std::get<whatsapp::MetaError>(checked).Message()};
      }
    }
    if (rejection) {
      RETURN_IF_ERROR(ChangeTemplateStatus(services, partition, t, "REJECTED", rejection->reason));
    } else {
      RETURN_IF_ERROR(ChangeTemplateStatus(services, partition, t, "APPROVED", std::nullopt));
    }
  }
  return FromStore(txn.Commit());
}

}  // namespace socialite
