#include "server/whatsapp/flow_json/components.h"

namespace socialite::whatsapp::flow_json {
namespace {

using K = PropKind;

// Shorthands for the rows below.
PropSpec Of(std::string_view name, PropKind kind, bool required = false) {
  PropSpec spec;
  spec.name = name;
  spec.kind = kind;
  spec.required = required;
  return spec;
}
PropSpec Str(std::string_view name, int max_chars = 0, bool required = false) {
  PropSpec spec = Of(name, K::kString, required);
  spec.max_chars = max_chars;
  return spec;
}
PropSpec Req(std::string_view name, int max_chars = 0) { return Str(name, max_chars, true); }
// Required text that may not be blank.
PropSpec Text(std::string_view name, int max_chars) {
  PropSpec spec = Str(name, max_chars, true);
  spec.not_blank = true;
  return spec;
}
PropSpec Enum(std::string_view name, std::vector<std::string_view> values,
              std::string_view min_version = "") {
  PropSpec spec = Of(name, K::kEnum);
  spec.values = std::move(values);
  spec.min_version = min_version;
  return spec;
}
PropSpec Action(std::string_view name, std::vector<std::string_view> actions, bool required = false,
                std::string_view min_version = "") {
  PropSpec spec = Of(name, K::kAction, required);
  spec.values = std::move(actions);
  spec.min_version = min_version;
  return spec;
}
PropSpec Items(std::string_view name, int min_items, int max_items, bool required = true) {
  PropSpec spec = Of(name, K::kArray, required);
  spec.min_items = min_items;
  spec.max_items = max_items;
  return spec;
}
PropSpec Since(PropSpec spec, std::string_view version) {
  spec.min_version = version;
  return spec;
}

const std::vector<std::string_view> kSelectActions = {"data_exchange", "update_data"};
const std::vector<std::string_view> kLinkActions = {"navigate", "data_exchange", "update_data",
                                                    "open_url"};
const std::vector<std::string_view> kMediaSizes = {"regular", "large"};

std::vector<ComponentSpec> BuildCatalogue() {
  const PropSpec visible = Of("visible", K::kBool);
  const PropSpec enabled = Of("enabled", K::kBool);
  const PropSpec required = Of("required", K::kBool);
  const PropSpec error_message = Str("error-message");
  const PropSpec label_variant = Enum("label-variant", {"large"}, "7.0");
  const PropSpec font_weight = Enum("font-weight", {"bold", "italic", "bold_italic", "normal"});
  const PropSpec on_select = Action("on-select-action", kSelectActions);
  const PropSpec on_unselect = Action("on-unselect-action", {"update_data"}, false, "6.0");

  std::vector<ComponentSpec> c;
  c.push_back({"TextHeading", "", 0, {Text("text", 80), visible}});
  c.push_back({"TextSubheading", "", 0, {Text("text", 80), visible}});
  for (std::string_view type : {"TextBody", "TextCaption"}) {
    c.push_back({type,
                 "",
                 0,
                 {Text("text", 4096), font_weight, Of("strikethrough", K::kBool),
                  Of("markdown", K::kBool), visible}});
  }
  c.push_back({"RichText", "5.1", 0, {Of("text", K::kStringOrArray, true), visible}});
  c.push_back({"TextInput",
               "",
               0,
               {Req("name"), Req("label", 20),
                Enum("input-type", {"text", "number", "email", "password", "passcode", "phone"}),
                required, Of("min-chars", K::kNumber), Of("max-chars", K::kNumber),
                Str("helper-text", 80), Since(Str("pattern"), "6.2"), label_variant,
                Str("init-value"), error_message, enabled, visible}});
  c.push_back({"TextArea",
               "",
               0,
               {Req("name"), Req("label", 20), required, Of("max-length", K::kNumber),
                Str("helper-text", 80), label_variant, Str("init-value"), error_message, enabled,
                visible}});
  c.push_back({"CheckboxGroup",
               "",
               0,
               {Req("name"), Items("data-source", 1, 20), Req("label", 30), Str("description", 300),
                Of("min-selected-items", K::kNumber), Of("max-selected-items", K::kNumber),
                required, Enum("media-size", kMediaSizes), Of("init-value", K::kArray),
                error_message, on_select, on_unselect, enabled, visible}});
  c.push_back({"RadioButtonsGroup",
               "",
               0,
               {Req("name"), Items("data-source", 1, 20), Req("label", 30), Str("description", 300),
                required, Enum("media-size", kMediaSizes), Str("init-value"), error_message,
                on_select, on_unselect, enabled, visible}});
  c.push_back({"Dropdown",
               "",
               0,
               {Req("name"), Items("data-source", 1, 200), Req("label", 30), required,
                Str("init-value"), error_message, on_select, on_unselect, enabled, visible}});
  c.push_back(
      {"ChipsSelector",
       "6.3",
       0,
       {Req("name"), Items("data-source", 2, 20), Req("label", 80), Str("description", 300),
        Of("min-selected-items", K::kNumber), Of("max-selected-items", K::kNumber), required,
        Of("init-value", K::kArray), error_message, on_select, on_unselect, enabled, visible}});
  c.push_back(
      {"DatePicker",
       "",
       0,
       {Req("name"), Req("label", 40), Str("min-date"), Str("max-date"),
        Of("unavailable-dates", K::kArray), Str("helper-text", 80), required, Str("init-value"),
        error_message, Action("on-select-action", {"data_exchange"}), enabled, visible}});
  c.push_back({"CalendarPicker",
               "6.1",
               0,
               {Req("name"), Of("label", K::kStringOrObject, true), Str("title", 80),
                Str("description", 300), Enum("mode", {"single", "range"}), Str("min-date"),
                Str("max-date"), Of("unavailable-dates", K::kArray), Of("include-days", K::kArray),
                Of("min-days", K::kNumber), Of("max-days", K::kNumber),
                Of("helper-text", K::kStringOrObject), Of("required", K::kAny),
                Of("init-value", K::kAny), Of("error-message", K::kAny),
                Action("on-select-action", {"data_exchange"}), enabled, visible}});
  c.push_back({"OptIn",
               "",
               5,
               {Req("name"), Req("label", 30), required, Of("init-value", K::kBool),
                Action("on-click-action", {"navigate", "data_exchange", "open_url"}),
                Action("on-select-action", {"update_data"}, false, "6.0"),
                Action("on-unselect-action", {"update_data"}, false, "6.0"), visible}});
  c.push_back({"EmbeddedLink",
               "",
               2,
               {Text("text", 35), Action("on-click-action", kLinkActions, true), visible}});
  c.push_back(
      {"Footer",
       "",
       1,
       {Req("label", 35),
        Action("on-click-action", {"navigate", "complete", "data_exchange"}, true),
        Str("left-caption", 15), Str("right-caption", 15), Str("center-caption", 15), enabled}});
  c.push_back({"NavigationList",
               "6.2",
               2,
               {Req("name"), Items("list-items", 1, 20), Str("label", 80), Str("description", 300),
                Enum("media-size", kMediaSizes),
                Action("on-click-action", {"navigate", "data_exchange"}), visible}});
  c.push_back({"Image",
               "",
               3,
               {Req("src"), Of("width", K::kNumber), Of("height", K::kNumber),
                Enum("scale-type", {"cover", "contain"}), Of("aspect-ratio", K::kNumber),
                Str("alt-text"), visible}});
  c.push_back({"ImageCarousel",
               "7.1",
               2,
               {Items("images", 1, 3), Enum("aspect-ratio", {"4:3", "16:9"}),
                Enum("scale-type", {"cover", "contain"}), visible}});
  c.push_back({"PhotoPicker",
               "",
               1,
               {Req("name"), Req("label", 30), Str("description", 300),
                Enum("photo-source", {"camera_gallery", "camera", "gallery"}),
                Of("max-file-size-kb", K::kNumber), Of("min-uploaded-photos", K::kNumber),
                Of("max-uploaded-photos", K::kNumber), error_message, enabled, visible}});
  c.push_back(
      {"DocumentPicker",
       "",
       1,
       {Req("name"), Req("label", 30), Str("description", 300), Of("max-file-size-kb", K::kNumber),
        Of("min-uploaded-documents", K::kNumber), Of("max-uploaded-documents", K::kNumber),
        Of("allowed-mime-types", K::kArray), error_message, enabled, visible}});
  c.push_back({"Form",
               "",
               0,
               {Req("name"), Of("children", K::kComponents, true), Of("init-values", K::kObject),
                Of("error-messages", K::kObject)}});
  c.push_back({"If",
               "",
               0,
               {Req("condition"), Of("then", K::kComponents, true), Of("else", K::kComponents)}});
  c.push_back({"Switch", "", 0, {Req("value"), Of("cases", K::kCases, true)}});
  return c;
}

const std::vector<ComponentSpec>& Catalogue() {
  static const std::vector<ComponentSpec> catalogue = BuildCatalogue();
  return catalogue;
}

}  // namespace

const ComponentSpec* FindComponent(std::string_view type) {
  for (const ComponentSpec& spec : Catalogue()) {
    if (spec.type == type) return &spec;
  }
  return nullptr;
}

const PropSpec* FindProp(const ComponentSpec& component, std::string_view name) {
  if (name == "type") return nullptr;
  for (const PropSpec& prop : component.props) {
    if (prop.name == name) return &prop;
  }
  return nullptr;
}

}  // namespace socialite::whatsapp::flow_json
