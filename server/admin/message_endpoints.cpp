// Admin endpoints for messages: a customer's inbound message, a status pushed by hand, and
// the message timeline (request, outcome, statuses, events).
#include <cctype>

#include "server/admin/admin_api.h"
#include "server/admin/flow_completion_form.h"
#include "server/admin/inbound_media.h"
#include "server/admin/inbox_views.h"
#include "server/core/json.h"
#include "server/events/envelope.h"
#include "server/events/event_recorder.h"
#include "server/events/status_rules.h"
#include "server/handlers/page_token.h"
#include "server/handlers/resource_ids.h"
#include "server/handlers/store_errors.h"
#include "server/handlers/template_lifecycle.h"
#include "server/live/notices.h"
#include "server/whatsapp/bsuid.h"
#include "server/whatsapp/flow_completion.h"
#include "server/whatsapp/media_types.h"
#include "server/whatsapp/meta_error.h"
#include "storage/event_store.h"
#include "storage/message_store.h"
#include "storage/phone_number_store.h"
#include "storage/statement.h"
#include "storage/template_store.h"
#include "storage/waba_store.h"

namespace socialite {
namespace {

constexpr char kMessageListName[] = "admin-messages";
constexpr char kMessageListNewestFirstName[] = "admin-messages-desc";

std::string DigitsOnly(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  }
  return digits;
}

struct Addressed {
  storage::Partition partition;
  storage::PhoneNumberRecord number;
  storage::WabaRecord waba;
};

Result<Addressed> AddressOf(Services& services, const std::string& phone_number_id) {
  auto id = PhoneNumberIdFrom(phone_number_id);
  if (!id) return InvalidParameters("phoneNumberId must be a phone-number-id-… id or its ARN");
  ASSIGN_OR_RETURN(auto found, FromStore(storage::PhoneNumberStore(services.db).FindAnywhere(*id)));
  if (!found) return ResourceNotFound("No linked phone number " + *id);
  ASSIGN_OR_RETURN(
      auto waba,
      FromStore(storage::WabaStore(services.db).Find(found->first, found->second.waba_id)));
  if (!waba) return ResourceNotFound("The WABA of " + *id + " is gone");
  return Addressed{found->first, found->second, *waba};
}

// Builds the type object of an inbound message; media bytes are stored as media.
Result<Value> InboundContent(Services& services, const Addressed& to, const std::string& type,
                             const Value& body, std::optional<std::string>* media_id) {
  const Value* content = body.Get(type);
  if (type == "contacts") {
    if (content == nullptr || !content->is_list() || content->AsList().empty()) {
      return InvalidParameters("contacts must be a non-empty list");
    }
    return *content;
  }
  if (content == nullptr || !content->is_object()) {
    return InvalidParameters("An inbound " + type + " message needs a \"" + type + "\" object");
  }
  if (type == "text") {
    if (!content->GetString("body")) return InvalidParameters("text.body is required");
    Value text = Value::Object();
    text.Set("body", *content->GetString("body"));
    return text;
  }
  if (type == "image" || type == "document" || type == "audio" || type == "video" ||
      type == "sticker") {
    auto data = content->GetString("data");
    auto bytes = data ? Base64Decode(*data) : std::nullopt;
    if (!bytes) return InvalidParameters(type + ".data must be the file's bytes in base64");
    std::string mime = content->GetString("mime_type").value_or("");
    auto media_type = whatsapp::MediaTypeForMime(mime);
    if (!media_type || media_type->kind != type) {
      return InvalidParameters(type + ".mime_type '" + mime + "' is not a supported " + type +
                               " type");
    }
    ASSIGN_OR_RETURN(
        storage::MediaRecord media,
        StoreInboundMedia(services, to.partition, to.number.id, *media_type, std::move(*bytes)));
    *media_id = media.media_id;
    Value object = Value::Object();
    if (auto caption = content->GetString("caption")) object.Set("caption", *caption);
    if (type == "document") {
      object.Set("filename",
                 content->GetString("filename").value_or("document" + media_type->extension));
    }
    SetMediaFields(object, media);
    if (type == "audio") object.Set("voice", content->GetBool("voice").value_or(false));
    if (type == "sticker") object.Set("animated", content->GetBool("animated").value_or(false));
    return object;
  }
  if (type == "button") {
    if (!content->GetString("text")) return InvalidParameters("button.text is required");
    Value button = Value::Object();
    button.Set("payload", content->GetString("payload").value_or(*content->GetString("text")));
    button.Set("text", *content->GetString("text"));
    return button;
  }
  if (type == "interactive") {
    std::string kind = content->GetString("type").value_or("");
    if (kind == "nfm_reply") {
      auto checked = whatsapp::CheckFlowReply(*content);
      if (auto* error = std::get_if<std::string>(&checked)) return InvalidParameters(*error);
      return std::get<Value>(std::move(checked));
    }
    if (kind != "button_reply" && kind != "list_reply") {
      return InvalidParameters("interactive.type must be button_reply, list_reply or nfm_reply");
    }
    const Value* reply = content->Get(kind);
    if (reply == nullptr || !reply->GetString("id") || !reply->GetString("title")) {
      return InvalidParameters("interactive." + kind + " needs id and title");
    }
    return *content;
  }
  if (type == "reaction") {
    if (!content->GetString("message_id"))
      return InvalidParameters("reaction.message_id is required");
    return *content;
  }
  if (type == "location") {
    const Value* latitude = content->Get("latitude");
    const Value* longitude = content->Get("longitude");
    auto numeric = [](const Value* v) {
      return v != nullptr && (v->kind() == Value::Kind::kInt || v->kind() == Value::Kind::kDouble);
    };
    if (!numeric(latitude) || !numeric(longitude)) {
      return InvalidParameters("location needs numeric latitude and longitude");
    }
    return *content;
  }
  return InvalidParameters("Unsupported inbound type '" + type +
                           "'; use text, image, document, audio, video, sticker, button, "
                           "interactive, reaction, location or contacts");
}

Value ErrorView(int64_t code, const std::optional<std::string>& details) {
  whatsapp::MetaError error = whatsapp::MakeMetaError(static_cast<int>(code), details.value_or(""));
  Value view = Value::Object();
  view.Set("code", code);
  view.Set("title", error.title);
  if (details && !details->empty()) view.Set("details", *details);
  return view;
}

// The status with its time on the clock and, for a failure, Meta's code and title.
Value StatusView(const std::string& status, int64_t at_ms, std::optional<int64_t> error_code) {
  Value item = Value::Object();
  item.Set("status", status);
  item.Set("at", events::Rfc3339Nanos(at_ms));
  item.Set("atMs", at_ms);
  if (error_code) {
    item.Set("errorCode", *error_code);
    item.Set("errorTitle", whatsapp::MakeMetaError(static_cast<int>(*error_code), "").title);
  }
  return item;
}

Result<Value> MessageView(Services& services, InboxViews& inbox, const storage::Partition& p,
                          const storage::MessageRecord& m, bool with_events) {
  Value view = Value::Object();
  view.Set("wamid", m.wamid);
  view.Set("direction", m.direction);
  view.Set("account", p.account);
  view.Set("region", p.region);
  view.Set("wabaId", m.waba_id);
  view.Set("phoneNumberId", m.phone_number_id);
  view.Set("customer", m.wa_id);
  view.Set("type", m.type);
  if (m.template_name) {
    Value t = Value::Object();
    t.Set("name", *m.template_name);
    t.Set("language", m.template_language.value_or(""));
    view.Set("template", std::move(t));
  }
  Result<Value> request = ParseJson(m.body_json);
  view.Set("message", request.ok() ? *request : Value(m.body_json));
  if (m.biz_opaque_callback_data) view.Set("bizOpaqueCallbackData", *m.biz_opaque_callback_data);
  if (m.reply_to) view.Set("replyTo", *m.reply_to);
  if (m.outcome_code) view.Set("outcome", ErrorView(*m.outcome_code, m.outcome_details));
  view.Set("createdAt", events::Rfc3339Nanos(m.created_ms));
  view.Set("createdAtMs", m.created_ms);
  if (m.read_ms) view.Set("readAt", events::Rfc3339Nanos(*m.read_ms));
  if (m.customer_name) view.Set("customerName", *m.customer_name);
  ASSIGN_OR_RETURN(auto rendered, inbox.Rendered(p, m));
  if (rendered) view.Set("rendered", *rendered);
  ASSIGN_OR_RETURN(auto flow, inbox.Flow(p, m, rendered, with_events));
  if (flow) view.Set("flow", std::move(*flow));

  Value statuses = Value::List();
  for (const auto& s : m.statuses) statuses.Push(StatusView(s.status, s.at_ms, s.error_code));
  storage::EventStore events(services.db);
  ASSIGN_OR_RETURN(auto happened,
                   FromStore(events.StatusesOf(m.wamid, services.clock.NowMillis())));
  for (const auto& e : happened) {
    statuses.Push(StatusView(e.status.value_or(""), e.occurs_ms, e.error_code));
  }
  view.Set("statuses", std::move(statuses));

  if (with_events) {
    storage::EventFilter filter;
    filter.wamid = m.wamid;
    ASSIGN_OR_RETURN(auto all, FromStore(events.List(filter, 0, 1000)));
    Value list = Value::List();
    for (const auto& e : all) {
      Value item = Value::Object();
      item.Set("id", e.id);
      item.Set("kind", e.kind);
      if (e.status) item.Set("status", *e.status);
      item.Set("dueAt", events::Rfc3339Nanos(e.due_ms));
      item.Set("deliveryState",
               e.due_ms > services.clock.NowMillis() && e.delivery_state == "pending"
                   ? "scheduled"
                   : e.delivery_state);
      list.Push(std::move(item));
    }
    view.Set("events", std::move(list));
  }
  return view;
}

HttpResponse Failure(const ApiError& error) {
  int status = error.code == ErrorCode::kResourceNotFound  ? 404
               : error.code == ErrorCode::kInternalService ? 500
                                                           : 400;
  return AdminError(status, error.message);
}

}  // namespace

HttpResponse InboundMessageEndpoint(AdminCall& call) {
  Services& services = call.services;
  Result<Value> body = AdminBody(call);
  if (!body.ok()) return AdminError(400, body.error().message);
  // One transaction from here: the files of a flow completion are stored with its message.
  storage::Transaction txn(services.db);
  if (!txn.begin_status().ok()) return AdminError(500, txn.begin_status().error().message);
  if (body->is_object() && body->GetString("type") == "flow_completion") {
    body = ExpandFlowCompletion(services, *body);
    if (!body.ok()) return Failure(body.error());
  }
  Result<Addressed> to = AddressOf(services, body->GetString("phoneNumberId").value_or(""));
  if (!to.ok()) return Failure(to.error());
  std::string from = DigitsOnly(body->GetString("from").value_or(""));
  if (from.size() < 7 || from.size() > 15) {
    return AdminError(400, "from must be the customer's phone number (7-15 digits)");
  }
  std::string type = body->GetString("type").value_or("text");
  int64_t now = services.clock.NowMillis();
  Result<events::DeliveryRealism> realism = events::ParseDeliveryRealism(*body, "body");
  if (!realism.ok()) return AdminError(400, realism.error().message);

  storage::MessageStore messages(services.db);
  std::optional<std::string> media_id;
  Result<Value> content = InboundContent(services, *to, type, *body, &media_id);
  if (!content.ok()) return Failure(content.error());

  // A reply or a reaction must point at a message of this number.
  std::optional<std::string> reply_to;
  if (const Value* context = body->Get("context"); context != nullptr) {
    reply_to = context->GetString("id");
  }
  if (type == "reaction") reply_to = content->GetString("message_id");
  if (reply_to) {
    auto target = messages.Find(to->partition, *reply_to);
    if (!target.ok()) return AdminError(500, target.error().message);
    if (!target.value() || target.value()->phone_number_id != to->number.id) {
      return AdminError(400, "No message " + *reply_to + " of " + to->number.id + " to refer to");
    }
  }
  if (type == "interactive" && content->GetString("type") == "nfm_reply") {
    Status answerable =
        CheckFlowCompletionTarget(services, to->partition, to->number.id, from, reply_to);
    if (!answerable.ok()) return Failure(answerable.error());
  }

  storage::MessageRecord message;
  message.wamid = NewWamid(services.ids, from, services.clock.NowMillis());
  Value object = Value::Object();
  std::string user_id = whatsapp::BusinessScopedUserId(to->waba.meta_waba_id, from);
  object.Set("from", from);
  object.Set("from_user_id", user_id);
  object.Set("id", message.wamid);
  object.Set("timestamp", std::to_string(now / 1000));
  object.Set("type", type);
  if (reply_to && type != "reaction") {
    Value context = Value::Object();
    context.Set("from", DigitsOnly(to->number.meta.phone_number));
    context.Set("id", *reply_to);
    object.Set("context", std::move(context));
  }
  object.Set(type, *content);

  message.phone_number_id = to->number.id;
  message.waba_id = to->number.waba_id;
  message.direction = "inbound";
  message.wa_id = from;
  message.type = type;
  message.body_json = WriteJson(object);
  message.reply_to = reply_to;
  message.created_ms = now;
  message.statuses.push_back({"received", now, std::nullopt});
  // The profile name the webhook carries, kept only when the caller gave one.
  if (auto name = body->GetString("name"); name && !name->empty()) message.customer_name = name;

  Value contact = Value::Object();
  Value profile = Value::Object();
  profile.Set("name", body->GetString("name").value_or(from));
  contact.Set("profile", std::move(profile));
  contact.Set("wa_id", from);
  contact.Set("user_id", user_id);
  Value value = Value::Object();
  value.Set("messaging_product", "whatsapp");
  value.Set("metadata", events::ChangeMetadata(to->number));
  value.Set("contacts", Value(ValueList{std::move(contact)}));
  value.Set("messages", Value(ValueList{std::move(object)}));

  events::EventSpec spec;
  spec.kind = "inbound";
  spec.field = "messages";
  spec.value = std::move(value);
  spec.at_ms = now;
  spec.deliver_at_ms = now + realism->DelayFor("inbound");
  spec.copies = realism->CopiesFor("inbound");
  spec.copy_gap_ms = realism->duplicate_gap_ms;
  spec.wamid = message.wamid;
  Status status = FromStore(messages.Insert(to->partition, message));
  // The customer's message opens (or refreshes) the 24-hour customer service window.
  if (status.ok())
    status = FromStore(messages.TouchWindow(to->partition, to->number.id, from, now));
  if (status.ok())
    status = events::RecordEvent(services, to->partition, to->waba, &to->number, std::move(spec));
  if (status.ok()) status = FromStore(txn.Commit());
  if (!status.ok()) return AdminError(500, status.error().message);
  live::Publish(services.live,
                [&] { return live::MessageNotice(message); });  // told after the batch's COMMIT

  Value out = Value::Object();
  out.Set("wamid", message.wamid);
  if (media_id) out.Set("mediaId", *media_id);
  return AdminJson(200, out);
}

HttpResponse PushStatusEndpoint(AdminCall& call) {
  Services& services = call.services;
  Result<Value> body = AdminBody(call);
  if (!body.ok()) return AdminError(400, body.error().message);
  std::string status = body->GetString("status").value_or("");
  static const std::vector<std::string> kStatuses = {"sent",   "delivered", "read",   "played",
                                                     "failed", "warning",   "deleted"};
  if (std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end()) {
    return AdminError(400,
                      "status must be sent, delivered, read, played, failed, warning or deleted");
  }
  Result<events::DeliveryRealism> realism = events::ParseDeliveryRealism(*body, "body");
  if (!realism.ok()) return AdminError(400, realism.error().message);
  std::optional<whatsapp::MetaError> error;
  if (status == "failed") {
    auto code = body->GetInt("code");
    if (!code) return AdminError(400, "a failed status needs a Meta error \"code\"");
    error =
        whatsapp::MakeMetaError(static_cast<int>(*code), body->GetString("details").value_or(""));
  }
  auto found = storage::MessageStore(services.db).FindAnywhere(call.params["wamid"]);
  if (!found.ok()) return AdminError(500, found.error().message);
  if (!found.value()) return AdminError(404, "No message " + call.params["wamid"]);
  auto& [partition, message] = *found.value();
  if (message.direction != "outbound") {
    return AdminError(400,
                      "Statuses belong to outbound messages; " + message.wamid + " is inbound");
  }
  if (status == "played" && message.type != "audio") {
    return AdminError(
        400, "Only a voice message (audio) is played; " + message.wamid + " is " + message.type);
  }
  auto number = storage::PhoneNumberStore(services.db).Find(partition, message.phone_number_id);
  auto waba = storage::WabaStore(services.db).Find(partition, message.waba_id);
  if (!number.ok() || !waba.ok() || !number.value() || !waba.value()) {
    return AdminError(404, "The phone number or WABA of " + message.wamid + " is gone");
  }
  std::optional<std::string> category;
  if (message.template_name) {
    auto t = storage::TemplateStore(services.db)
                 .FindByName(partition, message.waba_id, *message.template_name,
                             message.template_language.value_or(""));
    if (t.ok() && t.value()) category = t.value()->category;
  }
  int64_t now = services.clock.NowMillis();
  events::EventSpec spec;
  spec.kind = "status";
  spec.field = "messages";
  spec.at_ms = now;
  // Pushed by hand, `sent` and `delivered` carry the pricing, as they do by default.
  events::StatusExtras extras{waba.value()->meta_waba_id,
                              status == "sent" || status == "delivered"};
  spec.value =
      events::StatusChangeValue(*number.value(), message, status, now, error, category, extras);
  spec.deliver_at_ms = now + realism->DelayFor(status);
  spec.copies = realism->CopiesFor(status);
  spec.copy_gap_ms = realism->duplicate_gap_ms;
  spec.wamid = message.wamid;
  spec.status = status;
  if (error) spec.error_code = error->code;
  storage::Transaction txn(services.db);
  Status done = FromStore(txn.begin_status());
  if (done.ok())
    done =
        events::RecordEvent(services, partition, *waba.value(), &*number.value(), std::move(spec));
  if (done.ok()) done = FromStore(txn.Commit());
  if (!done.ok()) return AdminError(500, done.error().message);
  Value out = Value::Object();
  out.Set("wamid", message.wamid);
  out.Set("status", status);
  return AdminJson(200, out);
}

HttpResponse ListMessagesEndpoint(AdminCall& call) {
  auto query = [&](const char* name) { return AdminQuery(call, name); };
  Result<AdminPage> page = ReadAdminPage(call, kMessageListName, kMessageListNewestFirstName, 50);
  if (!page.ok()) return AdminError(400, page.error().message);
  const auto [newest_first, list_name, position, limit] = *page;
  std::optional<std::string> phone = query("phoneNumberId");
  if (phone) phone = PhoneNumberIdFrom(*phone).value_or(*phone);
  std::optional<std::string> customer = query("customer");
  if (customer) customer = DigitsOnly(*customer);
  storage::MessageStore store(call.services.db);
  auto rows = newest_first
                  ? store.ListNewestFirst(phone, query("direction"), customer, position, limit + 1)
                  : store.List(phone, query("direction"), customer, position, limit + 1);
  if (!rows.ok()) return AdminError(500, rows.error().message);
  Value list = Value::List();
  const auto& all = rows.value();
  InboxViews inbox(call.services);
  for (size_t i = 0; i < all.size() && i < static_cast<size_t>(limit); ++i) {
    Result<Value> view = MessageView(call.services, inbox, all[i].first, all[i].second, false);
    if (!view.ok()) return AdminError(500, view.error().message);
    list.Push(std::move(view).value());
  }
  Value out = Value::Object();
  out.Set("messages", std::move(list));
  if (all.size() > static_cast<size_t>(limit)) {
    out.Set("nextToken", MakePageToken(list_name, all[limit - 1].second.seq));
  }
  return AdminJson(200, out);
}

HttpResponse GetMessageEndpoint(AdminCall& call) {
  auto found = storage::MessageStore(call.services.db).FindAnywhere(call.params["wamid"]);
  if (!found.ok()) return AdminError(500, found.error().message);
  if (!found.value()) return AdminError(404, "No message " + call.params["wamid"]);
  InboxViews inbox(call.services);
  Result<Value> view =
      MessageView(call.services, inbox, found.value()->first, found.value()->second, true);
  if (!view.ok()) return AdminError(500, view.error().message);
  return AdminJson(200, *view);
}

}  // namespace socialite
