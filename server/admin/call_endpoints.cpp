// Admin endpoints that play the customer's side of WhatsApp calling: answering a call
// permission request, calling the business, and answering, rejecting or hanging up a call;
// plus a call's current state. Each move produces the webhook Meta would send.
#include <cctype>

#include "server/admin/admin_api.h"
#include "server/core/json.h"
#include "server/events/envelope.h"
#include "server/events/event_recorder.h"
#include "server/handlers/call_lifecycle.h"
#include "server/handlers/resource_ids.h"
#include "server/handlers/store_errors.h"
#include "storage/calling_store.h"
#include "storage/phone_number_store.h"
#include "storage/statement.h"
#include "storage/waba_store.h"

namespace socialite {
namespace {

// A minimal SDP description, used when the customer side is not given one.
constexpr char kCustomerSdp[] =
    "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
    "c=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\n";

std::string Digits(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  }
  return digits;
}

HttpResponse Failure(const ApiError& error) {
  int status = error.code == ErrorCode::kResourceNotFound  ? 404
               : error.code == ErrorCode::kConflict        ? 409
               : error.code == ErrorCode::kInternalService ? 500
                                                           : 400;
  return AdminError(status, error.message);
}

struct Line {
  storage::Partition partition;
  storage::PhoneNumberRecord number;
};

Result<Line> NumberOf(Services& services, const std::string& phone_number_id) {
  auto id = PhoneNumberIdFrom(phone_number_id);
  if (!id) return InvalidParameters("phoneNumberId must be a phone-number-id-… id or its ARN");
  ASSIGN_OR_RETURN(auto found, FromStore(storage::PhoneNumberStore(services.db).FindAnywhere(*id)));
  if (!found) return ResourceNotFound("No linked phone number " + *id);
  return Line{found->first, found->second};
}

Result<std::string> CustomerOf(const Value& body) {
  std::string from = Digits(body.GetString("from").value_or(""));
  if (from.size() < 7 || from.size() > 15) {
    return InvalidParameters("from must be the customer's phone number (7-15 digits)");
  }
  return from;
}

Value Session(const char* sdp_type, const Value& body) {
  Value session = Value::Object();
  session.Set("sdp_type", sdp_type);
  session.Set("sdp", body.GetString("sdp").value_or(kCustomerSdp));
  return session;
}

Value CallView(const storage::Partition& p, const storage::CallRecord& c) {
  Value view = Value::Object();
  view.Set("callId", c.call_id);
  view.Set("account", p.account);
  view.Set("region", p.region);
  view.Set("phoneNumberId", c.phone_number_id);
  view.Set("wabaId", c.waba_id);
  view.Set("customer", c.user);
  view.Set("direction", c.direction);
  view.Set("state", c.state);
  if (c.biz_opaque_callback_data) view.Set("bizOpaqueCallbackData", *c.biz_opaque_callback_data);
  view.Set("createdAt", events::Rfc3339Nanos(c.created_ms));
  if (c.accepted_ms) view.Set("acceptedAt", events::Rfc3339Nanos(*c.accepted_ms));
  if (c.ended_ms) view.Set("endedAt", events::Rfc3339Nanos(*c.ended_ms));
  return view;
}

// Runs `change` in one transaction and answers the call as it then stands.
template <typename Change>
HttpResponse InTransaction(Services& services, Change change) {
  storage::Transaction txn(services.db);
  if (!txn.begin_status().ok()) return AdminError(500, txn.begin_status().error().message);
  Result<Value> out = change();
  if (!out.ok()) return Failure(out.error());
  Status committed = FromStore(txn.Commit());
  if (!committed.ok()) return Failure(committed.error());
  return AdminJson(200, *out);
}

Result<Value> PermissionReply(Services& services, const Value& body) {
  ASSIGN_OR_RETURN(Line line, NumberOf(services, body.GetString("phoneNumberId").value_or("")));
  ASSIGN_OR_RETURN(std::string from, CustomerOf(body));
  std::string response = body.GetString("response").value_or("");
  if (response != "accept" && response != "reject") {
    return InvalidParameters("response must be accept or reject");
  }
  bool permanent = response == "accept" && body.GetBool("permanent").value_or(false);
  int64_t now = services.clock.NowMillis();
  storage::CallPermissionRecord permission{line.number.id, from, "no_permission", std::nullopt,
                                           now};
  if (response == "accept") {
    permission.status = permanent ? "permanent" : "temporary";
    if (!permanent) permission.expires_ms = now + kTemporaryPermissionMs;
  }
  RETURN_IF_ERROR(
      FromStore(storage::CallingStore(services.db).PutPermission(line.partition, permission)));

  // Meta delivers the customer's answer as an interactive call_permission_reply message.
  Value reply = Value::Object();
  reply.Set("response", response);
  reply.Set("is_permanent", permanent);
  if (permission.expires_ms) {
    reply.Set("expiration_timestamp", std::to_string(*permission.expires_ms / 1000));
  }
  reply.Set("response_source", "user_action");
  Value interactive = Value::Object();
  interactive.Set("type", "call_permission_reply");
  interactive.Set("call_permission_reply", std::move(reply));
  std::string wamid = NewWamid(services.ids, from, services.clock.NowMillis());
  Value message = Value::Object();
  message.Set("from", from);
  message.Set("id", wamid);
  message.Set("timestamp", std::to_string(now / 1000));
  message.Set("type", "interactive");
  message.Set("interactive", std::move(interactive));
  Value contact = Value::Object();
  Value profile = Value::Object();
  profile.Set("name", body.GetString("name").value_or(from));
  contact.Set("profile", std::move(profile));
  contact.Set("wa_id", from);
  Value value = Value::Object();
  value.Set("messaging_product", "whatsapp");
  value.Set("metadata", events::ChangeMetadata(line.number));
  value.Set("contacts", Value(ValueList{std::move(contact)}));
  value.Set("messages", Value(ValueList{std::move(message)}));
  ASSIGN_OR_RETURN(
      auto waba,
      FromStore(storage::WabaStore(services.db).Find(line.partition, line.number.waba_id)));
  if (!waba) return ResourceNotFound("The WABA of " + line.number.id + " is gone");
  events::EventSpec spec;
  spec.kind = "inbound";
  spec.field = "messages";
  spec.value = std::move(value);
  spec.at_ms = now;
  spec.wamid = wamid;
  RETURN_IF_ERROR(
      events::RecordEvent(services, line.partition, *waba, &line.number, std::move(spec)));

  Value out = Value::Object();
  out.Set("wamid", wamid);
  out.Set("status", permission.status);
  if (permission.expires_ms) out.Set("expiresAt", events::Rfc3339Nanos(*permission.expires_ms));
  return out;
}

Result<Value> CustomerCalls(Services& services, const Value& body) {
  ASSIGN_OR_RETURN(Line line, NumberOf(services, body.GetString("phoneNumberId").value_or("")));
  ASSIGN_OR_RETURN(std::string from, CustomerOf(body));
  storage::CallingStore store(services.db);
  ASSIGN_OR_RETURN(auto settings,
                   FromStore(store.FindCallSettings(line.partition, line.number.id)));
  Result<Value> parsed = settings ? ParseJson(*settings) : Result<Value>(Value::Object());
  if (!parsed.ok() || !parsed->GetBool("callEnabled").value_or(false)) {
    return InvalidParameters("Calling is not enabled for " + line.number.id);
  }
  ASSIGN_OR_RETURN(auto open, FromStore(store.FindOpenCall(line.partition, line.number.id, from)));
  if (open) return Conflict("Call " + open->call_id + " with " + from + " is still " + open->state);
  storage::CallRecord call;
  call.call_id = NewCallId(services.ids);
  call.phone_number_id = line.number.id;
  call.waba_id = line.number.waba_id;
  call.user = from;
  call.direction = kUserInitiated;
  call.state = kCallRinging;
  call.created_ms = services.clock.NowMillis();
  RETURN_IF_ERROR(FromStore(store.InsertCall(line.partition, call)));
  Value session = Session("offer", body);
  RETURN_IF_ERROR(RecordCallEvent(services, line.partition, line.number, call, "connect", &session,
                                  body.GetString("name")));
  return CallView(line.partition, call);
}

// answer | reject | hangup, by the customer, on the call named in the path.
Result<Value> CustomerActs(Services& services, const std::string& call_id, const std::string& move,
                           const Value& body) {
  storage::CallingStore store(services.db);
  ASSIGN_OR_RETURN(auto found, FromStore(store.FindCallAnywhere(call_id)));
  if (!found) return ResourceNotFound("No call " + call_id);
  auto& [partition, call] = *found;
  ASSIGN_OR_RETURN(
      auto number,
      FromStore(storage::PhoneNumberStore(services.db).Find(partition, call.phone_number_id)));
  if (!number) return ResourceNotFound("The phone number of " + call_id + " is gone");
  bool ringing_for_customer =
      call.direction == std::string(kBusinessInitiated) && call.state == std::string(kCallRinging);
  if (move == "answer" || move == "reject") {
    if (!ringing_for_customer) {
      return Conflict("Call " + call_id + " is " + call.state + " (" + call.direction +
                      "); the customer can " + move +
                      " only a business-initiated call while it is RINGING");
    }
    if (move == "reject") {
      RETURN_IF_ERROR(EndCall(services, partition, *number, call, kCallRejected));
    } else {
      call.state = kCallAccepted;
      call.accepted_ms = services.clock.NowMillis();
      RETURN_IF_ERROR(FromStore(store.UpdateCall(partition, call)));
      RETURN_IF_ERROR(RecordCallStatus(services, partition, *number, call, kCallAccepted));
      Value session = Session("answer", body);
      RETURN_IF_ERROR(
          RecordCallEvent(services, partition, *number, call, "connect", &session, std::nullopt));
    }
  } else {  // hangup
    if (!IsOpenCall(call)) return Conflict("Call " + call_id + " has already ended");
    RETURN_IF_ERROR(EndCall(services, partition, *number, call, kCallCompleted));
  }
  return CallView(partition, call);
}

}  // namespace

HttpResponse CallPermissionReplyEndpoint(AdminCall& call) {
  Result<Value> body = AdminBody(call);
  if (!body.ok()) return AdminError(400, body.error().message);
  return InTransaction(call.services, [&] { return PermissionReply(call.services, *body); });
}

HttpResponse CustomerCallEndpoint(AdminCall& call) {
  Result<Value> body = AdminBody(call);
  if (!body.ok()) return AdminError(400, body.error().message);
  return InTransaction(call.services, [&] { return CustomerCalls(call.services, *body); });
}

HttpResponse CustomerCallActionEndpoint(AdminCall& call) {
  std::string move = call.params["action"];
  if (move != "answer" && move != "reject" && move != "hangup") {
    return AdminError(404, "No call action '" + move + "'; use answer, reject or hangup");
  }
  Value body = Value::Object();
  if (!call.request.body.empty()) {
    Result<Value> parsed = AdminBody(call);
    if (!parsed.ok()) return AdminError(400, parsed.error().message);
    body = *parsed;
  }
  return InTransaction(call.services, [&] {
    return CustomerActs(call.services, call.params["callId"], move, body);
  });
}

HttpResponse GetCallEndpoint(AdminCall& call) {
  auto found = storage::CallingStore(call.services.db).FindCallAnywhere(call.params["callId"]);
  if (!found.ok()) return AdminError(500, found.error().message);
  if (!found.value()) return AdminError(404, "No call " + call.params["callId"]);
  return AdminJson(200, CallView(found.value()->first, found.value()->second));
}

}  // namespace socialite
