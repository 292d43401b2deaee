// Admin endpoints for templates: decide a review by hand, set the quality score.
#include <algorithm>

#include "server/admin/admin_api.h"
#include "server/handlers/store_errors.h"
#include "server/handlers/template_lifecycle.h"
#include "server/live/notices.h"
#include "storage/statement.h"
#include "storage/template_store.h"

namespace socialite {
namespace {

// Runs `change` on the template named by the route in one transaction.
template <typename Change>
HttpResponse WithTemplate(AdminCall& call, Change change) {
  storage::TemplateStore store(call.services.db);
  auto found = store.FindAnywhere(call.params["id"]);
  if (!found.ok()) return AdminError(500, found.error().message);
  if (!found.value()) return AdminError(404, "No template " + call.params["id"]);
  auto [partition, t] = *found.value();
  storage::Transaction txn(call.services.db);
  Status status = FromStore(txn.begin_status());
  if (status.ok()) status = change(partition, t);
  if (status.ok()) status = FromStore(txn.Commit());
  if (!status.ok()) return AdminError(500, status.error().message);
  Value out = Value::Object();
  out.Set("metaTemplateId", t.meta_template_id);
  out.Set("status", t.status);
  out.Set("qualityScore", t.quality_score);
  if (t.rejected_reason) out.Set("reason", *t.rejected_reason);
  return AdminJson(200, out);
}

bool OneOf(const std::string& value, const std::vector<std::string>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

}  // namespace

HttpResponse ReviewTemplateEndpoint(AdminCall& call) {
  Result<Value> body = AdminBody(call);
  if (!body.ok()) return AdminError(400, body.error().message);
  std::string status = body->GetString("status").value_or("");
  if (!OneOf(status, {"APPROVED", "REJECTED", "PAUSED", "DISABLED"})) {
    return AdminError(400, "status must be APPROVED, REJECTED, PAUSED or DISABLED");
  }
  std::optional<std::string> reason = body->GetString("reason");
  if (status == "REJECTED" && !reason) reason = "INVALID_FORMAT";
  return WithTemplate(call, [&](const storage::Partition& p, storage::TemplateRecord& t) {
    return ChangeTemplateStatus(call.services, p, t, status, reason);
  });
}

HttpResponse TemplateQualityEndpoint(AdminCall& call) {
  Result<Value> body = AdminBody(call);
  if (!body.ok()) return AdminError(400, body.error().message);
  std::string score = body->GetString("score").value_or("");
  if (!OneOf(score, {"GREEN", "YELLOW", "RED", "UNKNOWN"})) {
    return AdminError(400, "score must be GREEN, YELLOW, RED or UNKNOWN");
  }
  return WithTemplate(call, [&](const storage::Partition& p, storage::TemplateRecord& t) -> Status {
    Value value = Value::Object();
    value.Set("previous_quality_score", t.quality_score);
    value.Set("new_quality_score", score);
    value.Set("event", "QUALITY_CHANGE");
    value.Set("message_template_id", static_cast<int64_t>(std::stoll(t.meta_template_id)));
    value.Set("message_template_name", t.name);
    value.Set("message_template_language", t.language);
    t.quality_score = score;
    t.updated_ms = call.services.clock.NowMillis();
    RETURN_IF_ERROR(FromStore(storage::TemplateStore(call.services.db).Update(p, t)));
    RETURN_IF_ERROR(RecordWabaEvent(call.services, p, t.waba_id, "template_quality",
                                    "message_template_quality_update", std::move(value)));
    live::Publish(call.services.live, [&] { return live::TemplateNotice(t, t.status); });
    return Status();
  });
}

}  // namespace socialite
