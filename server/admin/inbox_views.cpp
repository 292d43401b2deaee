#include "server/admin/inbox_views.h"

#include "server/core/json.h"
#include "server/handlers/store_errors.h"
#include "server/whatsapp/message_preview.h"
#include "server/whatsapp/template_rendering.h"
#include "storage/flow_store.h"
#include "storage/template_store.h"

namespace socialite {
namespace {

// The stored message object (as sent or received), or an empty object.
Value MessageObject(const storage::MessageRecord& m) {
  Result<Value> parsed = ParseJson(m.body_json);
  return parsed.ok() && parsed->is_object() ? std::move(parsed).value() : Value::Object();
}

// The flow an interactive flow message names: {flow_id} or {flow_name} of action.parameters.
std::pair<std::string, std::string> InteractiveFlowReference(const Value& message) {
  const Value* interactive = message.Get("interactive");
  if (interactive == nullptr || interactive->GetString("type") != "flow") return {};
  const Value* action = interactive->Get("action");
  const Value* parameters = action == nullptr ? nullptr : action->Get("parameters");
  if (parameters == nullptr) return {};
  return {parameters->GetString("flow_id").value_or(""),
          parameters->GetString("flow_name").value_or("")};
}

}  // namespace

Result<std::optional<Value>> InboxViews::Rendered(const storage::Partition& p,
                                                  const storage::MessageRecord& m) {
  if (m.type != "template" || !m.template_name) return std::optional<Value>();
  std::string key = p.account + "/" + p.region + "/" + m.waba_id + "/" + *m.template_name + "/" +
                    m.template_language.value_or("");
  auto cached = definitions_.find(key);
  if (cached == definitions_.end()) {
    ASSIGN_OR_RETURN(auto stored, FromStore(storage::TemplateStore(services_.db)
                                                .FindByName(p, m.waba_id, *m.template_name,
                                                            m.template_language.value_or(""))));
    std::optional<Value> definition;
    if (stored) {
      Result<Value> parsed = ParseJson(stored->definition_json);
      if (parsed.ok()) definition = std::move(parsed).value();
    }
    cached = definitions_.emplace(key, std::move(definition)).first;
  }
  if (!cached->second) return std::optional<Value>();
  Value message = MessageObject(m);
  const Value* sent = message.Get("template");
  return whatsapp::RenderTemplate(*cached->second, sent != nullptr ? *sent : Value::Object());
}

Result<std::optional<Value>> InboxViews::Flow(const storage::Partition& p,
                                              const storage::MessageRecord& m,
                                              const std::optional<Value>& rendered,
                                              bool with_json) {
  if (m.direction != "outbound") return std::optional<Value>();
  auto [flow_id, flow_name] = InteractiveFlowReference(MessageObject(m));
  const Value* buttons = rendered ? rendered->Get("buttons") : nullptr;
  for (size_t i = 0; buttons != nullptr && i < buttons->AsList().size(); ++i) {
    if (auto id = buttons->AsList()[i].GetString("flowId")) flow_id = *id;
  }
  if (flow_id.empty() && flow_name.empty()) return std::optional<Value>();
  std::string key = p.account + "/" + p.region + "/" + m.waba_id + "/" + flow_id + "/" + flow_name;
  if (auto cached = flows_.find(key); !with_json && cached != flows_.end()) return cached->second;
  storage::FlowStore flows(services_.db);
  ASSIGN_OR_RETURN(auto flow, FromStore(flow_id.empty() ? flows.FindByName(p, m.waba_id, flow_name)
                                                        : flows.FindById(p, m.waba_id, flow_id)));
  if (!flow) return flows_[key] = std::nullopt;
  Value out = Value::Object();
  out.Set("flowId", flow->flow_id);
  out.Set("name", flow->name);
  out.Set("status", flow->status);
  flows_[key] = out;
  if (with_json) {
    Result<Value> parsed = flow->flow_json ? ParseJson(*flow->flow_json) : Result<Value>(Value());
    out.Set("flowJson", parsed.ok() ? std::move(parsed).value() : Value());
  }
  return std::optional<Value>(std::move(out));
}

Result<std::string> InboxViews::Preview(const storage::Partition& p,
                                        const storage::MessageRecord& m) {
  ASSIGN_OR_RETURN(auto rendered, Rendered(p, m));
  std::optional<std::string> body;
  if (rendered) body = rendered->GetString("body");
  return whatsapp::MessagePreview(m.type, MessageObject(m), body);
}

}  // namespace socialite
