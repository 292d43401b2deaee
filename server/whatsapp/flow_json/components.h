// The Flow JSON component catalogue: each component type, the Flow JSON version it needs, how
// many one screen may hold, and its properties with their kinds and limits (Meta's component
// reference). The checker walks it; nothing here looks at a document.
#pragma once

#include <string_view>
#include <vector>

namespace socialite::whatsapp::flow_json {

enum class PropKind {
  kString,          // a string
  kBool,            // a boolean, or a dynamic "${...}" string
  kNumber,          // a number, or a dynamic string
  kEnum,            // one of `values`, or a dynamic string
  kArray,           // an array, or a dynamic string
  kObject,          // an object, or a dynamic string
  kStringOrArray,   // RichText's text
  kStringOrObject,  // CalendarPicker's range-mode label and helper text
  kAction,          // an action object whose name is one of `values`
  kComponents,      // an array of child components (Form, If)
  kCases,           // Switch's cases: an object of component arrays
  kAny,
};

struct PropSpec {
  std::string_view name;
  PropKind kind = PropKind::kString;
  bool required = false;
  int max_chars = 0;  // strings: the most characters (0: no limit); dynamic strings are exempt
  bool not_blank = false;
  std::vector<std::string_view> values;  // kEnum values, or kAction's allowed action names
  std::string_view min_version;          // "" or the first Flow JSON version that has it
  int min_items = 0;                     // arrays (0: no bound)
  int max_items = 0;
};

struct ComponentSpec {
  std::string_view type;
  std::string_view min_version;  // "" or the first Flow JSON version that has the component
  int max_per_screen = 0;        // 0: only the screen's overall limit
  std::vector<PropSpec> props;
};

// The component named `type`, or nullptr.
const ComponentSpec* FindComponent(std::string_view type);
// The property `name` of `component`, or nullptr.
const PropSpec* FindProp(const ComponentSpec& component, std::string_view name);

// The screen-wide limits.
constexpr int kMaxComponentsPerScreen = 50;
constexpr int kMaxIfNesting = 3;
constexpr int kMaxRoutingBranches = 10;

// Limits of a data-source item (Dropdown, RadioButtonsGroup, CheckboxGroup, ChipsSelector).
constexpr int kDataSourceTitleMax = 30;
constexpr int kDataSourceDescriptionMax = 300;
constexpr int kDataSourceMetadataMax = 20;

}  // namespace socialite::whatsapp::flow_json
