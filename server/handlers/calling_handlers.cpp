// WhatsApp calling (2026-09): an end user's call permission, call events from the business
// (connect, pre_accept, accept, reject, terminate) and a phone number's calling settings.
#include <cctype>

#include "server/core/json.h"
#include "server/handlers/call_lifecycle.h"
#include "server/handlers/handler_table.h"
#include "server/handlers/lookups.h"
#include "server/handlers/store_errors.h"
#include "server/whatsapp/call_settings_rules.h"
#include "server/whatsapp/message_rules.h"
#include "storage/calling_store.h"
#include "storage/statement.h"

namespace socialite {
namespace {

constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;
// Meta's limits on what a business may do with one end user.
constexpr int64_t kPermissionRequestsPerDay = 1;
constexpr int64_t kPermissionRequestsPerWeek = 2;
constexpr int64_t kBusinessCallsPerDay = 5;

std::string Digits(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  }
  return digits;
}

Value Limit(const char* period, int64_t period_ms, int64_t max_allowed,
            const std::vector<int64_t>& times, int64_t now_ms) {
  // The uses inside the period, and when the oldest of them leaves it.
  int64_t usage = 0;
  std::optional<int64_t> oldest;
  for (int64_t t : times) {
    if (t > now_ms - period_ms) {
      ++usage;
      if (!oldest) oldest = t;
    }
  }
  Value limit = Value::Object();
  limit.Set("timePeriod", period);
  limit.Set("maxAllowed", max_allowed);
  limit.Set("currentUsage", usage);
  if (usage >= max_allowed && oldest) {
    limit.Set("limitExpirationTime", Timestamp{static_cast<double>((*oldest + period_ms) / 1000)});
  }
  return limit;
}

bool UnderLimit(const Value& limit) {
  return limit.GetInt("currentUsage").value_or(0) < limit.GetInt("maxAllowed").value_or(0);
}

Result<bool> CallingEnabled(RequestContext& ctx, const storage::PhoneNumberRecord& number) {
  ASSIGN_OR_RETURN(
      auto text,
      FromStore(storage::CallingStore(ctx.services.db).FindCallSettings(ctx.partition, number.id)));
  if (!text) return false;
  Result<Value> settings = ParseJson(*text);
  return settings.ok() && settings->GetBool("callEnabled").value_or(false);
}

// The end user a request names: a wa_id from the E.164 number, or the BSUID.
Result<std::string> EndUserOf(const Value& input) {
  auto phone = input.GetString("destinationPhoneNumber");
  auto bsuid = input.GetString("endUserBsuid");
  if (phone.has_value() == bsuid.has_value()) {
    return InvalidParameters(
        "Provide exactly one of destinationPhoneNumber (E.164) and endUserBsuid");
  }
  return phone ? Digits(*phone) : *bsuid;
}

// Meta's {sdp_type, sdp} session of a call event, checked for the type an action needs.
Result<const Value*> SessionOf(const Value& event, const std::string& action,
                               const char* sdp_type) {
  const Value* session = event.Get("session");
  if (session == nullptr || !session->is_object()) {
    return InvalidParameters("callEvent: " + action + " needs a session {sdp_type: \"" + sdp_type +
                             "\", sdp}");
  }
  if (session->GetString("sdp_type") != std::optional<std::string>(sdp_type)) {
    return InvalidParameters("callEvent: the session of " + action + " must have sdp_type \"" +
                             sdp_type + "\"");
  }
  auto sdp = session->GetString("sdp");
  if (!sdp || sdp->rfind("v=0", 0) != 0) {
    return InvalidParameters(
        "callEvent: session.sdp must be an SDP description (RFC 8866, "
        "starting with v=0)");
  }
  return session;
}

ApiError WrongState(const storage::CallRecord& call, const std::string& action,
                    const std::string& allowed) {
  return Conflict("Call " + call.call_id + " is " + call.state + "; " + action +
                  " is allowed only " + allowed);
}

Result<Value> Connect(RequestContext& ctx, const storage::PhoneNumberRecord& number,
                      const Value& event) {
  Services& services = ctx.services;
  auto to = event.GetString("to");
  if (!to || Digits(*to).size() < 7 || Digits(*to).size() > 15) {
    return InvalidParameters("callEvent: connect needs \"to\", the customer's phone number");
  }
  std::string user = Digits(*to);
  RETURN_IF_ERROR(SessionOf(event, "connect", "offer"));
  ASSIGN_OR_RETURN(bool enabled, CallingEnabled(ctx, number));
  if (!enabled) {
    return InvalidParameters("Calling is not enabled for " + number.id +
                             "; turn it on with UpdateLinkedWhatsAppBusinessAccountPhoneNumber "
                             "(callSettings.callEnabled)");
  }
  storage::CallingStore store(services.db);
  int64_t now = services.clock.NowMillis();
  ASSIGN_OR_RETURN(auto stored, FromStore(store.FindPermission(ctx.partition, number.id, user)));
  if (EffectivePermission(stored, number.id, user, now).status == "no_permission") {
    return InvalidParameters("No call permission from " + user +
                             " (Meta error 138006); send a call_permission_request first");
  }
  ASSIGN_OR_RETURN(auto open, FromStore(store.FindOpenCall(ctx.partition, number.id, user)));
  if (open) {
    return Conflict("Call " + open->call_id + " with " + user + " is still " + open->state +
                    "; terminate it before connecting another");
  }
  ASSIGN_OR_RETURN(
      auto times, FromStore(store.BusinessCallTimes(ctx.partition, number.id, user, now - kDayMs)));
  if (static_cast<int64_t>(times.size()) >= kBusinessCallsPerDay) {
    return InvalidParameters(
        "Business-initiated call limit reached: " + std::to_string(kBusinessCallsPerDay) +
        " calls to " + user + " in 24 hours (Meta error 138012)");
  }
  storage::CallRecord call;
  call.call_id = NewCallId(services.ids);
  call.phone_number_id = number.id;
  call.waba_id = number.waba_id;
  call.user = user;
  call.direction = kBusinessInitiated;
  call.state = kCallRinging;
  call.biz_opaque_callback_data = event.GetString("biz_opaque_callback_data");
  call.created_ms = now;
  storage::Transaction txn(services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(FromStore(store.InsertCall(ctx.partition, call)));
  RETURN_IF_ERROR(RecordCallStatus(services, ctx.partition, number, call, kCallRinging));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  Value out = Value::Object();
  out.Set("callId", call.call_id);
  return out;
}

// pre_accept, accept, reject and terminate act on a call the event names by call_id.
Result<Value> ActOnCall(RequestContext& ctx, const storage::PhoneNumberRecord& number,
                        const std::string& action, const Value& event) {
  Services& services = ctx.services;
  auto call_id = event.GetString("call_id");
  if (!call_id || call_id->empty()) {
    return InvalidParameters("callEvent: " + action + " needs call_id");
  }
  storage::CallingStore store(services.db);
  ASSIGN_OR_RETURN(auto found, FromStore(store.FindCall(ctx.partition, *call_id)));
  if (!found || found->phone_number_id != number.id) {
    return ResourceNotFound("No call " + *call_id + " on " + number.id);
  }
  storage::CallRecord call = *found;
  bool answering = action == "pre_accept" || action == "accept" || action == "reject";
  if (answering && call.direction != kUserInitiated) {
    return InvalidParameters("callEvent: " + action + " answers a user-initiated call; " +
                             call.call_id + " was started by the business");
  }
  bool waiting =
      call.state == std::string(kCallRinging) || call.state == std::string(kCallPreAccepted);
  storage::Transaction txn(services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  if (action == "pre_accept") {
    if (call.state != std::string(kCallRinging)) return WrongState(call, action, "while RINGING");
    RETURN_IF_ERROR(SessionOf(event, action, "answer"));
    call.state = kCallPreAccepted;
    RETURN_IF_ERROR(FromStore(store.UpdateCall(ctx.partition, call)));
  } else if (action == "accept") {
    if (!waiting) return WrongState(call, action, "while RINGING or PRE_ACCEPTED");
    RETURN_IF_ERROR(SessionOf(event, action, "answer"));
    call.state = kCallAccepted;
    call.accepted_ms = services.clock.NowMillis();
    RETURN_IF_ERROR(FromStore(store.UpdateCall(ctx.partition, call)));
  } else if (action == "reject") {
    if (!waiting) return WrongState(call, action, "while RINGING or PRE_ACCEPTED");
    RETURN_IF_ERROR(EndCall(services, ctx.partition, number, call, kCallRejected));
  } else {  // terminate
    if (!IsOpenCall(call)) return WrongState(call, action, "before the call has ended");
    RETURN_IF_ERROR(EndCall(services, ctx.partition, number, call, kCallCompleted));
  }
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  Value out = Value::Object();
  out.Set("callId", call.call_id);
  return out;
}

}  // namespace

Result<Value> GetWhatsAppCallPermission(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto number,
                   RequirePhoneNumber(ctx, *input.GetString("originationPhoneNumberId")));
  ASSIGN_OR_RETURN(std::string user, EndUserOf(input));
  storage::CallingStore store(ctx.services.db);
  int64_t now = ctx.services.clock.NowMillis();
  ASSIGN_OR_RETURN(auto stored, FromStore(store.FindPermission(ctx.partition, number.id, user)));
  storage::CallPermissionRecord permission = EffectivePermission(stored, number.id, user, now);
  ASSIGN_OR_RETURN(auto requests, FromStore(store.PermissionRequestTimes(ctx.partition, number.id,
                                                                         user, now - 7 * kDayMs)));
  ASSIGN_OR_RETURN(
      auto calls, FromStore(store.BusinessCallTimes(ctx.partition, number.id, user, now - kDayMs)));
  ASSIGN_OR_RETURN(bool enabled, CallingEnabled(ctx, number));

  Value request_day = Limit("PT24H", kDayMs, kPermissionRequestsPerDay, requests, now);
  Value request_week = Limit("P7D", 7 * kDayMs, kPermissionRequestsPerWeek, requests, now);
  Value request_action = Value::Object();
  request_action.Set("actionName", "send_call_permission_request");
  request_action.Set("canPerformAction", permission.status != "permanent" &&
                                             UnderLimit(request_day) && UnderLimit(request_week));
  request_action.Set("limits", Value(ValueList{request_day, request_week}));

  Value call_day = Limit("PT24H", kDayMs, kBusinessCallsPerDay, calls, now);
  Value call_action = Value::Object();
  call_action.Set("actionName", "start_call");
  call_action.Set("canPerformAction",
                  enabled && permission.status != "no_permission" && UnderLimit(call_day));
  call_action.Set("limits", Value(ValueList{call_day}));

  Value out = Value::Object();
  Value view = Value::Object();
  view.Set("status", permission.status);
  if (permission.status == "temporary" && permission.expires_ms) {
    view.Set("expirationTime", Timestamp{static_cast<double>(*permission.expires_ms / 1000)});
  }
  out.Set("permission", std::move(view));
  out.Set("actions", Value(ValueList{std::move(request_action), std::move(call_action)}));
  return out;
}

Result<Value> SendWhatsAppCallEvent(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto number,
                   RequirePhoneNumber(ctx, *input.GetString("originationPhoneNumberId")));
  std::string version = *input.GetString("metaApiVersion");
  if (!whatsapp::IsSupportedMetaApiVersion(version)) {
    return InvalidParameters("metaApiVersion '" + version +
                             "' is not supported; use v20.0 or later");
  }
  Result<Value> event = ParseJson(input.Get("callEvent")->AsBlob().bytes);
  if (!event.ok() || !event->is_object()) {
    return InvalidParameters("callEvent must be a JSON object in Meta's calling API format");
  }
  if (event->GetString("messaging_product") != std::optional<std::string>("whatsapp")) {
    return InvalidParameters("callEvent.messaging_product must be \"whatsapp\"");
  }
  std::string action = event->GetString("action").value_or("");
  if (action == "connect") return Connect(ctx, number, *event);
  if (action == "pre_accept" || action == "accept" || action == "reject" || action == "terminate") {
    return ActOnCall(ctx, number, action, *event);
  }
  return InvalidParameters("callEvent.action '" + action +
                           "' is not one of connect, pre_accept, accept, reject, terminate");
}

Result<Value> UpdateLinkedWhatsAppBusinessAccountPhoneNumber(RequestContext& ctx,
                                                             const Value& input) {
  ASSIGN_OR_RETURN(auto number, RequirePhoneNumber(ctx, *input.GetString("id")));
  const Value& settings = *input.Get("callSettings");
  if (auto problem = whatsapp::CallSettingsProblem(settings)) return InvalidParameters(*problem);
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(FromStore(storage::CallingStore(ctx.services.db)
                                .PutCallSettings(ctx.partition, number.id, WriteJson(settings),
                                                 ctx.services.clock.NowMillis())));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  Value out = Value::Object();
  out.Set("phoneNumberId", number.id);
  return out;
}

}  // namespace socialite
