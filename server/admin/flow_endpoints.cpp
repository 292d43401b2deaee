// The URLs Socialite serves for WhatsApp Flows, as Meta serves them from its own hosts: the
// preview page of a flow (GetWhatsAppFlow / GetWhatsAppFlowPreview `previewUrl`) and the
// download of its flow.json (ListWhatsAppFlowAssets `downloadUrl`). The `token` query parameter
// names the link; a replaced or expired link answers 404 or 410. Also Meta's health
// monitoring by hand: POST /_socialite/flows/{flowId}/status moves an endpoint flow between
// PUBLISHED, THROTTLED and BLOCKED.
#include <string>

#include "server/admin/admin_api.h"
#include "server/core/json.h"
#include "server/core/markup.h"
#include "server/handlers/flow_lifecycle.h"
#include "server/handlers/store_errors.h"
#include "storage/flow_store.h"
#include "storage/statement.h"

namespace socialite {
namespace {

std::optional<std::string> QueryParam(const AdminCall& call, const std::string& name) {
  for (const auto& [key, value] : call.target.query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string Text(const Value& component, const char* key) {
  const Value* v = component.Get(key);
  if (v == nullptr) return "";
  if (v->kind() == Value::Kind::kString) return v->AsString();
  if (v->is_list()) {  // RichText takes an array of lines
    std::string joined;
    for (const Value& line : v->AsList()) {
      if (line.kind() == Value::Kind::kString) joined += line.AsString() + "\n";
    }
    return joined;
  }
  return "";
}

// Nesting deeper than Meta allows (If/Switch: 3) is not worth drawing; the bound keeps a
// hostile document from recursing without end.
constexpr int kMaxDepth = 8;

void RenderComponents(const Value* children, int depth, std::string& out);

void RenderOptions(const Value& component, std::string& out) {
  const Value* source = component.Get("data-source");
  if (source == nullptr || !source->is_list()) return;
  out += "<ul>";
  for (const Value& option : source->AsList()) {
    if (option.is_object()) out += "<li>" + EscapeMarkup(Text(option, "title")) + "</li>";
  }
  out += "</ul>";
}

// What a click does, in words: "next: CONFIRM", "completes the flow", ...
std::string ActionNote(const Value& component) {
  const Value* action = component.Get("on-click-action");
  if (action == nullptr || !action->is_object()) return "";
  std::string name = action->GetString("name").value_or("");
  if (name == "navigate") {
    const Value* next = action->Get("next");
    std::string screen = next != nullptr ? next->GetString("name").value_or("?") : "?";
    return " <small>(next: <a href=\"#screen-" + EscapeMarkup(screen) + "\">" +
           EscapeMarkup(screen) + "</a>)</small>";
  }
  if (name == "complete") return " <small>(completes the flow)</small>";
  if (name == "data_exchange") return " <small>(asks the endpoint)</small>";
  return name.empty() ? "" : " <small>(" + EscapeMarkup(name) + ")</small>";
}

void RenderComponent(const Value& component, int depth, std::string& out) {
  if (!component.is_object()) return;
  std::string type = component.GetString("type").value_or("");
  std::string label = Text(component, "label");
  if (type == "TextHeading") {
    out += "<h3>" + EscapeMarkup(Text(component, "text")) + "</h3>";
  } else if (type == "TextSubheading") {
    out += "<h4>" + EscapeMarkup(Text(component, "text")) + "</h4>";
  } else if (type == "TextBody" || type == "RichText") {
    out += "<p>" + EscapeMarkup(Text(component, "text")) + "</p>";
  } else if (type == "TextCaption") {
    out += "<p><small>" + EscapeMarkup(Text(component, "text")) + "</small></p>";
  } else if (type == "TextInput" || type == "TextArea" || type == "DatePicker" ||
             type == "CalendarPicker") {
    out += "<label>" + EscapeMarkup(label) + " <input disabled placeholder=\"" +
           EscapeMarkup(type) + "\"></label><br>";
  } else if (type == "CheckboxGroup" || type == "RadioButtonsGroup" || type == "Dropdown" ||
             type == "ChipsSelector") {
    out += "<fieldset><legend>" + EscapeMarkup(label) + "</legend>";
    RenderOptions(component, out);
    out += "</fieldset>";
  } else if (type == "OptIn") {
    out += "<label><input type=\"checkbox\" disabled> " + EscapeMarkup(label) + "</label><br>";
  } else if (type == "EmbeddedLink") {
    out +=
        "<p><u>" + EscapeMarkup(Text(component, "text")) + "</u>" + ActionNote(component) + "</p>";
  } else if (type == "Footer") {
    out +=
        "<p><button disabled>" + EscapeMarkup(label) + "</button>" + ActionNote(component) + "</p>";
  } else if (type == "Form") {
    RenderComponents(component.Get("children"), depth + 1, out);
  } else if (type == "If") {
    RenderComponents(component.Get("then"), depth + 1, out);
  } else {
    out += "<p><em>[" + EscapeMarkup(type.empty() ? "component" : type) + "]</em></p>";
  }
}

void RenderComponents(const Value* children, int depth, std::string& out) {
  if (children == nullptr || !children->is_list() || depth > kMaxDepth) return;
  for (const Value& child : children->AsList()) RenderComponent(child, depth, out);
}

std::string PreviewPage(const storage::FlowRecord& flow) {
  std::string out = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" +
                    EscapeMarkup(flow.name) + " - Flow preview</title></head><body><h1>" +
                    EscapeMarkup(flow.name) + "</h1><p>Flow " + EscapeMarkup(flow.flow_id) +
                    " &middot; " + EscapeMarkup(flow.status) + "</p>";
  Result<Value> doc = flow.flow_json ? ParseJson(*flow.flow_json)
                                     : Result<Value>(InvalidParameters("no Flow JSON"));
  const Value* screens = doc.ok() ? doc->Get("screens") : nullptr;
  if (screens == nullptr || !screens->is_list()) {
    out += "<p>This flow has no screens to show: upload a valid Flow JSON.</p>";
  } else {
    for (const Value& screen : screens->AsList()) {
      if (!screen.is_object()) continue;
      std::string id = screen.GetString("id").value_or("");
      out += "<section id=\"screen-" + EscapeMarkup(id) + "\"><h2>" +
             EscapeMarkup(screen.GetString("title").value_or(id)) + "</h2>";
      const Value* layout = screen.Get("layout");
      if (layout != nullptr) RenderComponents(layout->Get("children"), 0, out);
      out += "</section>";
    }
  }
  out += "</body></html>";
  return out;
}

// The flow a link names, when its token still names that flow.
Result<std::optional<storage::FlowRecord>> FlowByToken(AdminCall& call, bool preview) {
  auto token = QueryParam(call, "token");
  if (!token || token->empty()) return std::optional<storage::FlowRecord>();
  storage::FlowStore store(call.services.db);
  auto found = preview ? store.FindByPreviewToken(*token) : store.FindByAssetToken(*token);
  if (!found.ok()) return InternalService(found.error().message);
  if (!found.value() || found.value()->second.flow_id != call.params["flowId"]) {
    return std::optional<storage::FlowRecord>();
  }
  return std::optional<storage::FlowRecord>(found.value()->second);
}

// Monitoring moves a flow one step at a time: PUBLISHED <-> THROTTLED <-> BLOCKED.
int HealthLevel(const std::string& status) {
  if (status == storage::kFlowPublished) return 0;
  if (status == storage::kFlowThrottled) return 1;
  if (status == storage::kFlowBlocked) return 2;
  return -1;
}

const char* StatusAtLevel(int level) {
  static constexpr const char* kStatuses[] = {storage::kFlowPublished, storage::kFlowThrottled,
                                              storage::kFlowBlocked};
  return kStatuses[level];
}

}  // namespace

HttpResponse FlowHealthStatusEndpoint(AdminCall& call) {
  Result<Value> body = AdminBody(call);
  if (!body.ok()) return AdminError(400, body.error().message);
  std::string target = body->GetString("status").value_or("");
  int target_level = HealthLevel(target);
  if (target_level < 0) return AdminError(400, "status must be PUBLISHED, THROTTLED or BLOCKED");
  storage::FlowStore store(call.services.db);
  auto found = store.FindAnywhere(call.params["flowId"]);
  if (!found.ok()) return AdminError(500, found.error().message);
  if (!found.value()) return AdminError(404, "No flow " + call.params["flowId"]);
  auto [partition, flow] = *found.value();
  int level = HealthLevel(flow.status);
  if (level < 0) {
    return AdminError(409, "Flow " + flow.flow_id + " is " + flow.status +
                               "; only PUBLISHED, THROTTLED and BLOCKED flows change health");
  }
  // Meta throttles and blocks only flows with an endpoint (their health is the endpoint's).
  if (!flow.endpoint_uri) {
    return AdminError(409, "Flow " + flow.flow_id +
                               " has no endpointUri; Meta throttles and "
                               "blocks only endpoint flows");
  }
  storage::Transaction txn(call.services.db);
  Status status = FromStore(txn.begin_status());
  // Each step is a status change of its own, with its own event, as Meta reports them.
  while (status.ok() && level != target_level) {
    level += target_level > level ? 1 : -1;
    status = ChangeFlowStatus(call.services, partition, flow, StatusAtLevel(level));
  }
  if (status.ok()) status = FromStore(txn.Commit());
  if (!status.ok()) return AdminError(500, status.error().message);
  Value out = Value::Object();
  out.Set("flowId", flow.flow_id);
  out.Set("status", flow.status);
  return AdminJson(200, out);
}

HttpResponse FlowPreviewEndpoint(AdminCall& call) {
  auto flow = FlowByToken(call, /*preview=*/true);
  if (!flow.ok()) return AdminError(500, flow.error().message);
  if (!flow.value()) {
    return AdminError(404,
                      "No such preview link: it was replaced (invalidate) or the flow is gone");
  }
  if (!PreviewValid(call.services, *flow.value())) {
    return AdminError(410, "This preview link expired at " +
                               MetaFlowTimestamp(flow.value()->preview_expires_ms) +
                               "; GetWhatsAppFlowPreview issues a new one");
  }
  HttpResponse response;
  response.status = 200;
  response.SetHeader("Content-Type", "text/html; charset=utf-8");
  response.body = PreviewPage(*flow.value());
  return response;
}

HttpResponse FlowAssetEndpoint(AdminCall& call) {
  auto flow = FlowByToken(call, /*preview=*/false);
  if (!flow.ok()) return AdminError(500, flow.error().message);
  if (!flow.value() || !flow.value()->flow_json) {
    return AdminError(404, "No such asset link: a newer Flow JSON replaced it or the flow is gone");
  }
  HttpResponse response;
  response.status = 200;
  response.SetHeader("Content-Type", "application/json");
  response.SetHeader("Content-Disposition", "attachment; filename=\"flow.json\"");
  response.body = *flow.value()->flow_json;
  return response;
}

}  // namespace socialite
