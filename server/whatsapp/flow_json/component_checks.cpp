// Component rules: known types, their properties, kinds, limits and required members, actions,
// and what one screen may hold.
#include <algorithm>

#include "server/whatsapp/flow_json/checker.h"

namespace socialite::whatsapp::flow_json {
namespace {

constexpr std::string_view kSchema = "JSON_SCHEMA_ERROR";
constexpr std::string_view kFlow = "FLOW_JSON_ERROR";

const std::vector<std::string_view> kActionNames = {"navigate", "complete", "data_exchange",
                                                    "update_data", "open_url"};

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

void FlowChecker::Tally::Add(const Tally& other) {
  total += other.total;
  for (const auto& [type, count] : other.by_type) by_type[type] += count;
  for (const auto& [type, where] : other.last_type) last_type[type] = where;
}

void FlowChecker::Tally::Max(const Tally& other) {
  total = std::max(total, other.total);
  for (const auto& [type, count] : other.by_type) by_type[type] = std::max(by_type[type], count);
  for (const auto& [type, where] : other.last_type) last_type[type] = where;
}

FlowChecker::Tally FlowChecker::CheckComponentList(uint32_t array, ScreenContext& screen,
                                                   int depth) {
  Tally tally;
  int index = 0;
  for (uint32_t c = doc_.node(array).first_child; c != kNoNode; c = doc_.node(c).next_sibling) {
    path_.PushIndex(index++);
    tally.Add(CheckComponent(c, screen, depth));
    path_.Pop();
  }
  return tally;
}

FlowChecker::Tally FlowChecker::CheckComponent(uint32_t component, ScreenContext& screen,
                                               int depth) {
  Tally tally;
  // The scanner bounds nesting; this keeps the walk bounded on its own too.
  if (depth > kMaxScanDepth || !Expect(component, JsonKind::kObject)) return tally;
  uint32_t type = doc_.Member(component, "type");
  if (type == kNoNode) {
    MissingProperty(component, "type");
    return tally;
  }
  path_.PushKey("type");
  if (!Expect(type, JsonKind::kString)) {
    path_.Pop();
    return tally;
  }
  std::string name = doc_.String(type);
  const ComponentSpec* spec = FindComponent(name);
  if (spec == nullptr) {
    InvalidValue(type, "type", "");
    path_.Pop();
    return tally;
  }
  if (!spec->min_version.empty() && !VersionAtLeast(spec->min_version)) {
    InvalidValue(type, "type",
                 "The component " + Quoted(name) + " needs Flow JSON version " +
                     std::string(spec->min_version) + " or later.");
  }
  if (name == "If" && screen.if_depth >= kMaxIfNesting) {
    InvalidValue(
        type, "type",
        "If components can be nested at most " + std::to_string(kMaxIfNesting) + " levels deep.");
  }
  if (name == "Footer" && screen.if_depth >= 2) {
    InvalidValue(type, "type", "A Footer inside an If must be at the first level of nesting.");
  }
  tally.total = 1;
  tally.by_type[name] = 1;
  tally.last_type[name] = {type, path_.Dotted()};
  path_.Pop();

  std::map<std::string, Tally> branches;  // child lists by property: children, then, else, cases
  for (uint32_t m = doc_.node(component).first_child; m != kNoNode; m = doc_.node(m).next_sibling) {
    std::string key = doc_.Key(m);
    if (key == "type") continue;
    const PropSpec* prop = FindProp(*spec, key);
    if (prop == nullptr) {
      UnknownProperty(m);
      continue;
    }
    if (!prop->min_version.empty() && !VersionAtLeast(prop->min_version)) {
      UnknownProperty(m, " before Flow JSON version " + std::string(prop->min_version));
      continue;
    }
    path_.PushKey(key);
    if (prop->kind == PropKind::kComponents) {
      if (Expect(m, JsonKind::kArray)) {
        ScreenContext inner = screen;
        if (name == "If") ++inner.if_depth;
        branches[key] = CheckComponentList(m, inner, depth + 1);
      }
    } else if (prop->kind == PropKind::kCases) {
      if (Expect(m, JsonKind::kObject)) {
        Tally widest;
        for (uint32_t c = doc_.node(m).first_child; c != kNoNode; c = doc_.node(c).next_sibling) {
          path_.PushKey(doc_.Key(c));
          if (Expect(c, JsonKind::kArray)) widest.Max(CheckComponentList(c, screen, depth + 1));
          path_.Pop();
        }
        branches[key] = widest;
      }
    } else {
      CheckProp(*prop, m, *spec, screen, depth, tally);
    }
    path_.Pop();
  }
  for (const PropSpec& prop : spec->props) {
    if (prop.required && doc_.Member(component, prop.name) == kNoNode) {
      MissingProperty(component, prop.name);
    }
  }

  if (name == "If") {
    const Tally& then_branch = branches["then"];
    const Tally& else_branch = branches["else"];
    bool then_footer = then_branch.by_type.count("Footer") > 0;
    bool else_footer = else_branch.by_type.count("Footer") > 0;
    if (then_footer != else_footer) {
      path_.PushKey("type");
      Error("MISSING_FOOTER", kFlow,
            "A Footer inside an If must be in both its \"then\" and \"else\" branches.", Span(type),
            path_.Dotted());
      path_.Pop();
    }
    Tally widest = then_branch;
    widest.Max(else_branch);
    tally.Add(widest);
  } else {
    for (const auto& [key, branch] : branches) tally.Add(branch);
  }

  if (name == "Footer") {
    uint32_t center = doc_.Member(component, "center-caption");
    if (center != kNoNode && (doc_.Member(component, "left-caption") != kNoNode ||
                              doc_.Member(component, "right-caption") != kNoNode)) {
      UnknownProperty(center, " together with \"left-caption\" or \"right-caption\"");
    }
  }
  return tally;
}

void FlowChecker::CheckProp(const PropSpec& prop, uint32_t value, const ComponentSpec& component,
                            ScreenContext& screen, int depth, Tally& tally) {
  JsonKind kind = doc_.node(value).kind;
  if (kind == JsonKind::kNull) return;  // reported by the null check
  bool dynamic = IsDynamic(value);
  switch (prop.kind) {
    case PropKind::kString: {
      if (!Expect(value, JsonKind::kString)) return;
      std::string text = doc_.String(value);
      if (prop.not_blank && IsBlank(text)) {
        Error("INVALID_PROPERTY_VALUE", kSchema,
              "The value at \"" + path_.Root() + "\" cannot be empty or blank.", Span(value),
              path_.Dotted());
      } else if (prop.max_chars > 0 && !dynamic &&
                 CountChars(text) > static_cast<size_t>(prop.max_chars)) {
        Error("INVALID_PROPERTY_VALUE", kSchema,
              "The value at \"" + path_.Root() + "\" must be at most " +
                  std::to_string(prop.max_chars) + " characters long; it has " +
                  std::to_string(CountChars(text)) + ".",
              Span(value), path_.Dotted());
      }
      return;
    }
    case PropKind::kBool:
      if (!dynamic) Expect(value, JsonKind::kBool);
      return;
    case PropKind::kNumber:
      if (!dynamic) Expect(value, JsonKind::kNumber);
      return;
    case PropKind::kEnum: {
      if (!Expect(value, JsonKind::kString) || dynamic) return;
      std::string text = doc_.String(value);
      if (!Contains(prop.values, text)) {
        Error("INVALID_PROPERTY_VALUE", kSchema,
              "The value " + Quoted(text) + " is not allowed at \"" + path_.Root() +
                  "\"; expected one of: " + Join(prop.values) + ".",
              Span(value), path_.Dotted());
      }
      return;
    }
    case PropKind::kArray: {
      if (dynamic || !Expect(value, JsonKind::kArray)) return;
      size_t count = doc_.Count(value);
      if (prop.min_items > 0 && count < static_cast<size_t>(prop.min_items)) {
        Error("INVALID_PROPERTY_VALUE", kSchema,
              "Expected at least " + std::to_string(prop.min_items) + " items at \"" +
                  path_.Root() + "\".",
              Span(value), path_.Dotted());
      } else if (prop.max_items > 0 && count > static_cast<size_t>(prop.max_items)) {
        Error("INVALID_PROPERTY_VALUE", kSchema,
              "Expected at most " + std::to_string(prop.max_items) + " items at \"" + path_.Root() +
                  "\" but found " + std::to_string(count) + ".",
              Span(value), path_.Dotted());
      }
      if (prop.name == "data-source") CheckDataSource(value);
      return;
    }
    case PropKind::kObject:
      if (!dynamic) Expect(value, JsonKind::kObject);
      return;
    case PropKind::kStringOrArray:
    case PropKind::kStringOrObject: {
      JsonKind other = prop.kind == PropKind::kStringOrArray ? JsonKind::kArray : JsonKind::kObject;
      if (kind != JsonKind::kString && kind != other) {
        WrongType(value,
                  other == JsonKind::kArray ? "a string or an array" : "a string or an object");
      }
      return;
    }
    case PropKind::kAction:
      CheckAction(value, prop.values, screen, component.type == "Footer");
      return;
    case PropKind::kComponents:
    case PropKind::kCases:
    case PropKind::kAny:
      return;
  }
}

void FlowChecker::CheckDataSource(uint32_t array) {
  static const std::vector<std::pair<std::string_view, int>> kLimits = {
      {"title", kDataSourceTitleMax},
      {"description", kDataSourceDescriptionMax},
      {"metadata", kDataSourceMetadataMax}};
  int index = 0;
  for (uint32_t item = doc_.node(array).first_child; item != kNoNode;
       item = doc_.node(item).next_sibling) {
    path_.PushIndex(index++);
    if (Expect(item, JsonKind::kObject)) {
      for (std::string_view key : {"id", "title"}) {
        if (doc_.Member(item, key) == kNoNode) MissingProperty(item, key);
      }
      uint32_t id = doc_.Member(item, "id");
      if (id != kNoNode) {
        path_.PushKey("id");
        Expect(id, JsonKind::kString);
        path_.Pop();
      }
      for (const auto& [key, limit] : kLimits) {
        uint32_t member = doc_.Member(item, key);
        if (member == kNoNode) continue;
        path_.PushKey(std::string(key));
        PropSpec spec;
        spec.name = key;
        spec.max_chars = limit;
        ScreenContext unused;
        Tally ignored;
        CheckProp(spec, member, ComponentSpec{}, unused, 0, ignored);
        path_.Pop();
      }
    }
    path_.Pop();
  }
}

void FlowChecker::CheckAction(uint32_t action, const std::vector<std::string_view>& allowed,
                              const ScreenContext& screen, bool on_footer) {
  if (!Expect(action, JsonKind::kObject)) return;
  uint32_t name_node = doc_.Member(action, "name");
  if (name_node == kNoNode) {
    MissingProperty(action, "name");
    return;
  }
  path_.PushKey("name");
  if (!Expect(name_node, JsonKind::kString)) {
    path_.Pop();
    return;
  }
  std::string name = doc_.String(name_node);
  if (!Contains(kActionNames, name)) {
    InvalidValue(
        name_node, "name",
        "Unknown action " + Quoted(name) + "; the actions are " + Join(kActionNames) + ".");
    path_.Pop();
    return;
  }
  if (!Contains(allowed, name)) {
    InvalidValue(
        name_node, "name",
        "The action " + Quoted(name) + " cannot be used here; use one of " + Join(allowed) + ".");
  } else if ((name == "update_data" || name == "open_url") && !VersionAtLeast("6.0")) {
    InvalidValue(name_node, "name",
                 "The action " + Quoted(name) + " needs Flow JSON version 6.0 or later.");
  } else if (name == "navigate" && on_footer && screen.terminal) {
    InvalidValue(name_node, "name", "The Footer of a terminal screen cannot navigate.");
  }
  if (name == "data_exchange" && first_data_exchange_ == kNoNode) first_data_exchange_ = name_node;
  path_.Pop();

  std::vector<std::string_view> keys = {"name", "payload"};
  if (name == "navigate") keys = {"name", "next", "payload"};
  if (name == "open_url") keys = {"name", "url"};
  for (uint32_t m = doc_.node(action).first_child; m != kNoNode; m = doc_.node(m).next_sibling) {
    std::string key = doc_.Key(m);
    if (!Contains(keys, key)) {
      UnknownProperty(m);
      continue;
    }
    path_.PushKey(key);
    if (key == "payload" && !IsDynamic(m)) Expect(m, JsonKind::kObject);
    if (key == "url") Expect(m, JsonKind::kString);
    path_.Pop();
  }
  if (name == "open_url" && doc_.Member(action, "url") == kNoNode) MissingProperty(action, "url");
  if (name != "navigate") return;

  uint32_t next = doc_.Member(action, "next");
  if (next == kNoNode) {
    MissingProperty(action, "next");
    return;
  }
  path_.PushKey("next");
  if (Expect(next, JsonKind::kObject)) {
    for (uint32_t m = doc_.node(next).first_child; m != kNoNode; m = doc_.node(m).next_sibling) {
      std::string key = doc_.Key(m);
      if (key != "type" && key != "name") UnknownProperty(m);
    }
    uint32_t type = doc_.Member(next, "type");
    if (type != kNoNode) {
      path_.PushKey("type");
      if (Expect(type, JsonKind::kString) && doc_.String(type) != "screen") {
        InvalidValue(type, "type", "The only navigation target type is \"screen\".");
      }
      path_.Pop();
    }
    uint32_t target = doc_.Member(next, "name");
    if (target == kNoNode) {
      MissingProperty(next, "name");
    } else {
      path_.PushKey("name");
      if (Expect(target, JsonKind::kString)) {
        std::string to = doc_.String(target);
        if (screen_nodes_.count(to) == 0) {
          InvalidValue(target, "name", "There is no screen with the id " + Quoted(to) + ".");
        } else {
          navigations_.push_back(Navigation{screen.id, to, target, path_.Dotted()});
        }
      }
      path_.Pop();
    }
  }
  path_.Pop();
}

void FlowChecker::CheckScreenTally(uint32_t children, const Tally& tally,
                                   const ScreenContext& screen) {
  std::string screen_name = Quoted(screen.id);
  auto type_error = [&](std::string_view error, std::string message, const std::string& type) {
    const auto& [node, path] = tally.last_type.at(type);
    Error(error, kFlow, std::move(message), Span(node), path);
  };
  if (tally.total > kMaxComponentsPerScreen) {
    Error("TOO_MANY_COMPONENTS", kFlow,
          "The screen " + screen_name + " has " + std::to_string(tally.total) +
              " components; at most " + std::to_string(kMaxComponentsPerScreen) + " are allowed.",
          OpeningSpan(children), path_.Dotted());
  }
  for (const auto& [type, count] : tally.by_type) {
    const ComponentSpec* spec = FindComponent(type);
    if (spec == nullptr || spec->max_per_screen == 0 || count <= spec->max_per_screen) continue;
    type_error("TOO_MANY_COMPONENTS",
               "The screen " + screen_name + " has " + std::to_string(count) + " " + type +
                   " components; at most " + std::to_string(spec->max_per_screen) + " are allowed.",
               type);
  }
  auto has = [&](const char* type) { return tally.by_type.count(type) > 0; };
  if (has("PhotoPicker") && has("DocumentPicker")) {
    type_error(
        "INCOMPATIBLE_COMPONENTS",
        "The screen " + screen_name + " cannot hold both a PhotoPicker and a DocumentPicker.",
        "DocumentPicker");
  }
  if (has("NavigationList") && tally.total > tally.by_type.at("NavigationList")) {
    type_error(
        "INCOMPATIBLE_COMPONENTS",
        "The screen " + screen_name + " has a NavigationList, so it cannot hold other components.",
        "NavigationList");
  }
  if (screen.terminal && !has("Footer")) {
    Error("MISSING_FOOTER", kFlow,
          "The terminal screen " + screen_name + " must have a Footer component.",
          OpeningSpan(children), path_.Dotted());
  }
}

}  // namespace socialite::whatsapp::flow_json
