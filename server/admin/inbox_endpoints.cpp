// Admin endpoints the inbox page reads: every linked account with its numbers, the
// conversations (one per number and customer), the templates, and media bytes.
#include <algorithm>
#include <cstdlib>

#include "server/admin/admin_api.h"
#include "server/admin/inbox_views.h"
#include "server/core/json.h"
#include "server/events/envelope.h"
#include "server/handlers/resource_ids.h"
#include "server/handlers/store_errors.h"
#include "storage/media_store.h"
#include "storage/message_store.h"
#include "storage/phone_number_store.h"
#include "storage/template_store.h"
#include "storage/waba_store.h"

namespace socialite {
namespace {

// Meta's customer service window: 24 hours after the customer's last message.
constexpr int64_t kServiceWindowMs = 24LL * 60 * 60 * 1000;
constexpr int kDefaultConversations = 500;
constexpr int kMaxConversations = 1000;
constexpr int kWabaPage = 100;

std::optional<std::string> Query(const AdminCall& call, const char* name) {
  for (const auto& [key, value] : call.target.query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

Value PhoneNumberView(const storage::Partition& p, const storage::PhoneNumberRecord& number) {
  Value view = Value::Object();
  view.Set("phoneNumberId", number.id);
  view.Set("arn", PhoneNumberArn(p, number.id));
  view.Set("metaPhoneNumberId", number.meta.meta_phone_number_id);
  view.Set("phoneNumber", number.meta.phone_number);
  view.Set("displayPhoneNumber", number.meta.display_phone_number);
  view.Set("displayName", number.meta.display_name);
  view.Set("qualityRating", number.meta.quality_rating);
  return view;
}

Result<Value> WabaView(Services& services, const storage::Partition& p,
                       const storage::WabaRecord& waba) {
  Value view = Value::Object();
  view.Set("account", p.account);
  view.Set("region", p.region);
  view.Set("wabaId", waba.id);
  view.Set("arn", WabaArn(p, waba.id));
  view.Set("metaWabaId", waba.meta_waba_id);
  view.Set("name", waba.name);
  view.Set("registrationStatus", waba.registration_status);
  Value destinations = Value::List();
  for (const auto& d : waba.event_destinations) {
    Value destination = Value::Object();
    destination.Set("eventDestinationArn", d.event_destination_arn);
    if (d.role_arn) destination.Set("roleArn", *d.role_arn);
    destinations.Push(std::move(destination));
  }
  view.Set("eventDestinations", std::move(destinations));
  ASSIGN_OR_RETURN(auto numbers,
                   FromStore(storage::PhoneNumberStore(services.db).ListForWaba(p, waba.id)));
  Value list = Value::List();
  for (const auto& number : numbers) list.Push(PhoneNumberView(p, number));
  view.Set("phoneNumbers", std::move(list));
  return view;
}

Result<Value> Accounts(Services& services) {
  storage::WabaStore wabas(services.db);
  ASSIGN_OR_RETURN(auto partitions, FromStore(wabas.Partitions()));
  Value list = Value::List();
  for (const auto& p : partitions) {
    std::vector<storage::WabaRecord> all;
    for (int64_t after = 0;;) {
      ASSIGN_OR_RETURN(auto page, FromStore(wabas.ListAfter(p, after, kWabaPage)));
      for (auto& waba : page) all.push_back(std::move(waba));
      if (page.size() < static_cast<size_t>(kWabaPage)) break;
      after = all.back().seq;
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    for (const auto& waba : all) {
      ASSIGN_OR_RETURN(Value view, WabaView(services, p, waba));
      list.Push(std::move(view));
    }
  }
  Value out = Value::Object();
  out.Set("accounts", std::move(list));
  return out;
}

Result<Value> ConversationView(Services& services, InboxViews& inbox,
                               const storage::ThreadSummary& thread) {
  const storage::MessageRecord& last = thread.last;
  Value view = Value::Object();
  view.Set("phoneNumberId", last.phone_number_id);
  view.Set("wabaId", last.waba_id);
  view.Set("account", thread.partition.account);
  view.Set("region", thread.partition.region);
  view.Set("customer", last.wa_id);
  view.Set("customerName", thread.customer_name ? Value(*thread.customer_name) : Value());
  view.Set("messageCount", thread.message_count);
  view.Set("lastActivityAt", events::Rfc3339Nanos(last.created_ms));
  view.Set("lastActivityMs", last.created_ms);
  Value message = Value::Object();
  message.Set("wamid", last.wamid);
  message.Set("direction", last.direction);
  message.Set("type", last.type);
  ASSIGN_OR_RETURN(std::string preview, inbox.Preview(thread.partition, last));
  message.Set("preview", std::move(preview));
  message.Set("createdAt", events::Rfc3339Nanos(last.created_ms));
  view.Set("lastMessage", std::move(message));
  if (thread.last_inbound_ms) {
    int64_t expires = *thread.last_inbound_ms + kServiceWindowMs;
    view.Set("windowExpiresAt", events::Rfc3339Nanos(expires));
    view.Set("windowExpiresMs", expires);
    // As the send handler decides: the window is closed from its expiry on.
    view.Set("windowOpen", services.clock.NowMillis() < expires);
  } else {
    view.Set("windowExpiresAt", Value());
    view.Set("windowExpiresMs", Value());
    view.Set("windowOpen", false);
  }
  return view;
}

Value TemplateView(const storage::Partition& p, const storage::TemplateRecord& t) {
  Result<Value> definition = ParseJson(t.definition_json);
  const Value* components = definition.ok() ? definition->Get("components") : nullptr;
  Value view = Value::Object();
  view.Set("account", p.account);
  view.Set("region", p.region);
  view.Set("wabaId", t.waba_id);
  view.Set("metaTemplateId", t.meta_template_id);
  view.Set("name", t.name);
  view.Set("language", t.language);
  view.Set("category", t.category);
  view.Set("status", t.status);
  view.Set("qualityScore", t.quality_score);
  if (t.rejected_reason) view.Set("rejectedReason", *t.rejected_reason);
  view.Set("parameterFormat", definition.ok()
                                  ? definition->GetString("parameter_format").value_or("POSITIONAL")
                                  : "POSITIONAL");
  view.Set("components", components != nullptr ? *components : Value::List());
  if (t.library_template_name) view.Set("libraryTemplateName", *t.library_template_name);
  view.Set("createdAt", events::Rfc3339Nanos(t.created_ms));
  view.Set("updatedAt", events::Rfc3339Nanos(t.updated_ms));
  return view;
}

}  // namespace

HttpResponse ListAccountsEndpoint(AdminCall& call) {
  Result<Value> out = Accounts(call.services);
  if (!out.ok()) return AdminError(500, out.error().message);
  return AdminJson(200, *out);
}

HttpResponse ListConversationsEndpoint(AdminCall& call) {
  std::optional<std::string> phone = Query(call, "phoneNumberId");
  if (phone) {
    phone = PhoneNumberIdFrom(*phone);
    if (!phone) return AdminError(400, "phoneNumberId must be a phone-number-id-… id or its ARN");
  }
  int limit = kDefaultConversations;
  if (auto text = Query(call, "limit")) {
    limit = std::atoi(text->c_str());
    if (limit < 1 || limit > kMaxConversations) {
      return AdminError(400, "limit must be 1-" + std::to_string(kMaxConversations));
    }
  }
  auto threads = storage::MessageStore(call.services.db).ListThreads(phone, limit);
  if (!threads.ok()) return AdminError(500, threads.error().message);
  InboxViews inbox(call.services);
  Value list = Value::List();
  for (const auto& thread : threads.value()) {
    Result<Value> view = ConversationView(call.services, inbox, thread);
    if (!view.ok()) return AdminError(500, view.error().message);
    list.Push(std::move(view).value());
  }
  Value out = Value::Object();
  out.Set("conversations", std::move(list));
  return AdminJson(200, out);
}

HttpResponse ListTemplatesEndpoint(AdminCall& call) {
  std::optional<std::string> waba = Query(call, "wabaId");
  if (waba) {
    waba = WabaIdFrom(*waba);
    if (!waba) return AdminError(400, "wabaId must be a waba-… id or its ARN");
  }
  auto templates = storage::TemplateStore(call.services.db).ListEverywhere(waba);
  if (!templates.ok()) return AdminError(500, templates.error().message);
  Value list = Value::List();
  for (const auto& [p, t] : templates.value()) list.Push(TemplateView(p, t));
  Value out = Value::Object();
  out.Set("templates", std::move(list));
  return AdminJson(200, out);
}

HttpResponse GetMediaEndpoint(AdminCall& call) {
  const std::string& media_id = call.params["mediaId"];
  auto media = storage::MediaStore(call.services.db).FindAnywhere(media_id);
  if (!media.ok()) return AdminError(500, media.error().message);
  if (!media.value() || media.value()->expires_ms <= call.services.clock.NowMillis()) {
    return AdminError(404, "No media " + media_id + " (unknown, deleted or expired)");
  }
  HttpResponse response;
  response.status = 200;
  response.SetHeader("Content-Type", media.value()->mime_type);
  // Media ids never name other bytes, but an expiry or deletion makes them 404.
  response.SetHeader("Cache-Control", "private, no-cache");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.body = std::move(media.value()->bytes);
  return response;
}

}  // namespace socialite
