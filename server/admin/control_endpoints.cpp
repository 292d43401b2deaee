// Admin endpoints that steer the simulation: the manual clock and the status rules.
#include "server/admin/admin_api.h"
#include "server/admin/inbox_reads.h"
#include "server/core/json.h"
#include "server/events/envelope.h"
#include "server/events/status_rules.h"
#include "server/exec/state_access.h"
#include "server/handlers/store_errors.h"
#include "server/live/live_hub.h"
#include "server/live/notices.h"
#include "storage/event_store.h"

namespace socialite {

HttpResponse GetClockEndpoint(AdminCall& call) {
  return AdminJson(200, ClockView(call.services, call.hooks.manual_clock != nullptr));
}

HttpResponse AdvanceClockEndpoint(AdminCall& call) {
  if (call.hooks.manual_clock == nullptr) {
    return AdminError(409,
                      "The clock is the system clock; start with --clock manual to advance it");
  }
  Result<Value> body = AdminBody(call);
  if (!body.ok()) return AdminError(400, body.error().message);
  const Value* seconds = body->Get("seconds");
  double amount = -1;
  if (seconds != nullptr && seconds->kind() == Value::Kind::kInt) amount = double(seconds->AsInt());
  if (seconds != nullptr && seconds->kind() == Value::Kind::kDouble) amount = seconds->AsDouble();
  if (amount < 0 || amount > 366.0 * 24 * 3600) {
    return AdminError(400, "seconds must be a number from 0 to one year");
  }
  // The clock's position is stored, so a restart continues from where it stood.
  Status saved = call.state.Write([&](Services& services) {
    call.hooks.manual_clock->Advance(static_cast<int64_t>(amount * 1000 + 0.5));
    return FromStore(
        storage::SettingsStore(services.db)
            .Put("manual_clock_ms", std::to_string(call.hooks.manual_clock->NowMillis())));
  });
  if (!saved.ok()) return AdminError(500, saved.error().message);
  // Everything now due runs in due order (template reviews, then events by time).
  int delivered = call.hooks.run_due_events ? call.hooks.run_due_events() : 0;
  // Last: a reader that sees the clock frame has seen what the advance made happen.
  live::Publish(call.hooks.live,
                [&] { return live::ClockNotice(call.hooks.manual_clock->NowMillis()); });
  Value out = ClockView(call.services, true);
  out.Set("eventsFinished", static_cast<int64_t>(delivered));
  return AdminJson(200, out);
}

HttpResponse GetRulesEndpoint(AdminCall& call) {
  Value out = Value::Object();
  out.Set("rules", call.services.rules != nullptr
                       ? events::StatusRulesToValue(call.services.rules->Get())
                       : Value::List());
  return AdminJson(200, out);
}

HttpResponse PutRulesEndpoint(AdminCall& call) {
  Result<Value> body = ParseJson(call.request.body);
  if (!body.ok()) return AdminError(400, body.error().message);
  // Either a bare list or {"rules": [...]}.
  const Value* list = body->is_list() ? &*body : body->Get("rules");
  if (list == nullptr) return AdminError(400, "Send a list of rules or {\"rules\": [...]}");
  Result<std::vector<events::StatusRule>> rules = events::ParseStatusRules(*list);
  if (!rules.ok()) return AdminError(400, rules.error().message);
  if (call.services.rules == nullptr) return AdminError(500, "Status rules are not enabled");
  Value stored = events::StatusRulesToValue(*rules);
  Status saved =
      FromStore(storage::SettingsStore(call.services.db).Put("status_rules", WriteJson(stored)));
  if (!saved.ok()) return AdminError(500, saved.error().message);
  call.services.rules->Set(std::move(rules).value());
  Value out = Value::Object();
  out.Set("rules", std::move(stored));
  return AdminJson(200, out);
}

}  // namespace socialite
