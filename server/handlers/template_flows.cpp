#include "server/handlers/template_flows.h"

#include <algorithm>
#include <cctype>

#include "server/handlers/flow_lookup.h"
#include "server/handlers/store_errors.h"
#include "server/whatsapp/meta_error.h"

namespace socialite {
namespace {

ApiError InvalidFlowButton(const std::string& details) {
  return InvalidParameters(whatsapp::MakeMetaError(100, details).Message());
}

bool IsButtonsComponent(const Value& component) {
  std::string type = component.GetString("type").value_or("");
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return type == "BUTTONS";
}

// The button objects of the BUTTONS component, in order; empty when there is none.
ValueList* ButtonList(Value& components) {
  if (!components.is_list()) return nullptr;
  for (Value& component : components.AsList()) {
    if (!component.is_object() || !IsButtonsComponent(component)) continue;
    for (auto& [key, value] : component.AsObject()) {
      if (key == "buttons" && value.is_list()) return &value.AsList();
    }
  }
  return nullptr;
}

// Names the button's flow by id only.
void StoreFlowId(Value& button, const std::string& flow_id) {
  ValueFields& fields = button.AsObject();
  fields.erase(std::remove_if(fields.begin(), fields.end(),
                              [](const auto& field) { return field.first == "flow_name"; }),
               fields.end());
  button.Set("flow_id", flow_id);
}

}  // namespace

Status ResolveTemplateFlows(RequestContext& ctx, const std::string& waba_id,
                            whatsapp::TemplateShape* shape) {
  ValueList* buttons = ButtonList(shape->components);
  for (size_t i = 0; i < shape->buttons.size(); ++i) {
    whatsapp::TemplateButton& button = shape->buttons[i];
    if (button.type != "FLOW") continue;
    const std::string where = "BUTTONS buttons[" + std::to_string(i) + "] (FLOW)";
    if (button.has_flow_json) {
      return InvalidFlowButton(where +
                               " flow_json: Socialite does not create flows from a template; "
                               "create the flow with CreateWhatsAppFlow and give its flow_id");
    }
    ASSIGN_OR_RETURN(auto flow, FindFlowOfWaba(ctx, waba_id, button.flow_id, button.flow_name));
    if (!flow) {
      std::string reference = button.flow_id.empty() ? "flow_name '" + button.flow_name + "'"
                                                     : "flow_id " + button.flow_id;
      return InvalidFlowButton(where + " " + reference +
                               " matches no flow of this WhatsApp Business Account");
    }
    if (flow->status != "PUBLISHED") {
      return InvalidFlowButton(where + " flow " + flow->flow_id + " is " + flow->status +
                               "; a template's flow must be PUBLISHED");
    }
    button.flow_id = flow->flow_id;
    button.flow_name.clear();
    if (buttons != nullptr && i < buttons->size() && (*buttons)[i].is_object()) {
      StoreFlowId((*buttons)[i], flow->flow_id);
    }
  }
  return Status();
}

}  // namespace socialite
