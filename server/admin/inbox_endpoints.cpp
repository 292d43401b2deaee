// Admin endpoints the inbox page reads: every linked account with its numbers, the
// conversations (one per number and customer), the templates, media bytes, and the page
// itself with its first view.
#include <cstdlib>

#include "server/admin/admin_api.h"
#include "server/admin/inbox_reads.h"
#include "server/core/json.h"
#include "server/events/envelope.h"
#include "server/handlers/resource_ids.h"
#include "server/ui/first_view.h"
#include "server/ui/ui_assets.h"
#include "storage/media_store.h"
#include "storage/template_store.h"

namespace socialite {
namespace {

constexpr int kMaxConversations = 1000;

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
  Result<Value> out = AccountsList(call.services);
  if (!out.ok()) return AdminError(500, out.error().message);
  return AdminJson(200, *out);
}

HttpResponse ListConversationsEndpoint(AdminCall& call) {
  std::optional<std::string> phone = AdminQuery(call, "phoneNumberId");
  if (phone) {
    phone = PhoneNumberIdFrom(*phone);
    if (!phone) return AdminError(400, "phoneNumberId must be a phone-number-id-… id or its ARN");
  }
  int limit = kDefaultConversations;
  if (auto text = AdminQuery(call, "limit")) {
    limit = std::atoi(text->c_str());
    if (limit < 1 || limit > kMaxConversations) {
      return AdminError(400, "limit must be 1-" + std::to_string(kMaxConversations));
    }
  }
  Result<Value> out = ConversationsList(call.services, phone, limit);
  if (!out.ok()) return AdminError(500, out.error().message);
  return AdminJson(200, *out);
}

HttpResponse ListTemplatesEndpoint(AdminCall& call) {
  std::optional<std::string> waba = AdminQuery(call, "wabaId");
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

HttpResponse InboxPageEndpoint(AdminCall& call) {
  // Under --admin-token the page is public, so it holds no data: its script asks for the token.
  if (!ui::IsPageRequest(call.request) || !call.services.options.admin_token.empty()) {
    return ui::ServeAsset(call.request);
  }
  Result<Value> accounts = AccountsList(call.services);
  Result<Value> conversations =
      ConversationsList(call.services, std::nullopt, kDefaultConversations);
  if (!accounts.ok() || !conversations.ok()) {
    return ui::ServeAsset(call.request);  // the page without its view: the script asks itself
  }
  Value clock = ClockView(call.services, call.hooks.manual_clock != nullptr);
  return ui::ServePageWithView(ui::RenderFirstView(*accounts, *conversations, clock));
}

}  // namespace socialite
