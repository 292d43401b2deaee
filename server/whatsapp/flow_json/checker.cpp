// Document-level rules: no nulls, the top-level properties, screens and their data, the routing
// model and what an endpoint Flow must declare. Components are in component_checks.cpp.
#include "server/whatsapp/flow_json/checker.h"

#include <algorithm>
#include <deque>

namespace socialite::whatsapp::flow_json {
namespace {

constexpr std::string_view kSchema = "JSON_SCHEMA_ERROR";
constexpr std::string_view kFlow = "FLOW_JSON_ERROR";

// The Flow JSON versions a Flow can be published with (AWS's list of Meta's live versions).
const std::vector<std::string_view> kSupportedVersions = {"5.1", "6.0", "6.1", "6.2", "6.3",
                                                          "7.0", "7.1", "7.2", "7.3"};
const std::vector<std::string_view> kDataApiVersions = {"3.0", "4.0"};
const std::vector<std::string_view> kDataTypes = {"string",  "number", "integer",
                                                  "boolean", "object", "array"};

std::string_view KindName(JsonKind kind) {
  switch (kind) {
    case JsonKind::kObject:
      return "an object";
    case JsonKind::kArray:
      return "an array";
    case JsonKind::kString:
      return "a string";
    case JsonKind::kNumber:
      return "a number";
    case JsonKind::kBool:
      return "a boolean";
    case JsonKind::kNull:
      return "null";
  }
  return "a value";
}

// Screen ids are letters and underscores (Meta's builder refuses digits and other marks).
bool IsScreenId(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!letter && c != '_') return false;
  }
  return true;
}

}  // namespace

Version ParseVersion(std::string_view text) {
  // "MAJOR.MINOR" with a few digits each; anything else is unreadable.
  auto number = [](std::string_view digits, int& out) {
    if (digits.empty() || digits.size() > 4) return false;
    out = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  size_t dot = text.find('.');
  Version version;
  if (dot == std::string_view::npos || !number(text.substr(0, dot), version.first) ||
      !number(text.substr(dot + 1), version.second)) {
    return {0, 0};
  }
  return version;
}

// ---------------------------------------------------------------------------------------------

void FlowChecker::Run() {
  uint32_t root = doc_.root();
  CheckNulls();
  if (doc_.node(root).kind != JsonKind::kObject) {
    WrongType(root, "an object");
    return;
  }
  CheckTopLevel(root);
}

void FlowChecker::CheckNulls() {
  // An explicit stack in place of recursion. depth: the length of the parent's path; index: the
  // position in a parent array, kMember for an object member (its key is read when visited),
  // kRoot for the document, which adds no path segment.
  constexpr int32_t kMember = -1, kRoot = -2;
  struct Visit {
    uint32_t node;
    uint32_t depth;
    int32_t index;
  };
  std::vector<Visit> stack = {{doc_.root(), 0, kRoot}};
  std::vector<uint32_t> children;
  while (!stack.empty()) {
    Visit visit = stack.back();
    stack.pop_back();
    path_.Truncate(visit.depth);
    if (visit.index == kMember) {
      path_.PushKey(doc_.Key(visit.node));
    } else if (visit.index != kRoot) {
      path_.PushIndex(visit.index);
    }
    const JsonNode& node = doc_.node(visit.node);
    if (node.kind == JsonKind::kNull) {
      Error("INVALID_PROPERTY_VALUE", kSchema,
            "A null value cannot be specified at \"" + path_.Root() + "\".", Span(visit.node),
            path_.Dotted());
      continue;
    }
    if (node.kind != JsonKind::kObject && node.kind != JsonKind::kArray) continue;
    children.clear();
    for (uint32_t c = node.first_child; c != kNoNode; c = doc_.node(c).next_sibling) {
      children.push_back(c);
    }
    // Pushed last to first, so they are visited in document order.
    auto depth = static_cast<uint32_t>(path_.size());
    for (size_t i = children.size(); i-- > 0;) {
      int32_t index = node.kind == JsonKind::kObject ? kMember : static_cast<int32_t>(i);
      stack.push_back(Visit{children[i], depth, index});
    }
  }
  path_.Truncate(0);
}

void FlowChecker::CheckTopLevel(uint32_t root) {
  static const std::vector<std::string_view> kAllowed = {"version", "screens", "routing_model",
                                                         "data_api_version"};
  for (uint32_t m = doc_.node(root).first_child; m != kNoNode; m = doc_.node(m).next_sibling) {
    if (!Contains(kAllowed, doc_.Key(m))) UnknownProperty(m);
  }

  uint32_t version = doc_.Member(root, "version");
  if (version == kNoNode) {
    MissingProperty(root, "version");
  } else {
    path_.PushKey("version");
    if (Expect(version, JsonKind::kString)) {
      report_.json_version = doc_.String(version);
      if (Contains(kSupportedVersions, report_.json_version)) {
        version_ = ParseVersion(report_.json_version);
      } else {
        InvalidValue(version, "version",
                     "Flow JSON version " + Quoted(report_.json_version) +
                         " is not supported; use one of " + Join(kSupportedVersions) + ".");
      }
    }
    path_.Pop();
  }

  uint32_t data_api = doc_.Member(root, "data_api_version");
  if (data_api != kNoNode) {
    path_.PushKey("data_api_version");
    if (Expect(data_api, JsonKind::kString)) {
      report_.data_api_version = doc_.String(data_api);
      if (!Contains(kDataApiVersions, report_.data_api_version)) {
        InvalidValue(data_api, "data_api_version",
                     "Data API version " + Quoted(report_.data_api_version) +
                         " is not supported; use one of " + Join(kDataApiVersions) + ".");
      }
    }
    path_.Pop();
  }

  uint32_t screens = doc_.Member(root, "screens");
  if (screens == kNoNode) {
    MissingProperty(root, "screens");
  } else {
    path_.PushKey("screens");
    if (Expect(screens, JsonKind::kArray)) {
      if (doc_.node(screens).first_child == kNoNode) {
        Error("INVALID_PROPERTY_VALUE", kSchema,
              "Expected at least 1 item at \"" + path_.Root() + "\".", Span(screens),
              path_.Dotted());
      }
      CollectScreenIds(screens);
      int index = 0;
      for (uint32_t s = doc_.node(screens).first_child; s != kNoNode;
           s = doc_.node(s).next_sibling) {
        path_.PushIndex(index);
        CheckScreen(s, index);
        path_.Pop();
        ++index;
      }
    }
    path_.Pop();
  }

  CheckRoutingModel(root);
  CheckEndpointRequirements(root);
}

void FlowChecker::CollectScreenIds(uint32_t screens) {
  std::map<std::string, std::pair<uint32_t, std::string>> first_seen;  // id -> token, path
  int index = 0;
  for (uint32_t s = doc_.node(screens).first_child; s != kNoNode;
       s = doc_.node(s).next_sibling, ++index) {
    uint32_t id = doc_.Member(s, "id");
    if (id == kNoNode || doc_.node(id).kind != JsonKind::kString) continue;
    std::string value = doc_.String(id);
    std::string path = "screens[" + std::to_string(index) + "].id";
    auto [it, inserted] = first_seen.try_emplace(value, id, path);
    if (!inserted) {
      errors_.Add("INVALID_PROPERTY_VALUE", kFlow,
                  "Invalid value found for property 'id'. The screen id " + Quoted(value) +
                      " is used by more than one screen.",
                  {{Span(id), path}, {Span(it->second.first), it->second.second}});
      continue;
    }
    screen_nodes_[value] = s;
    report_.screen_ids.push_back(value);
    uint32_t terminal = doc_.Member(s, "terminal");
    if (terminal != kNoNode && doc_.node(terminal).kind == JsonKind::kBool && doc_.Bool(terminal)) {
      terminal_screens_.insert(value);
    }
  }
}

void FlowChecker::CheckScreen(uint32_t screen, int index) {
  static const std::vector<std::string_view> kAllowed = {
      "id", "layout", "title", "terminal", "success", "data", "refresh_on_back", "sensitive"};
  if (!Expect(screen, JsonKind::kObject)) return;
  ScreenContext context;
  uint32_t terminal = doc_.Member(screen, "terminal");
  context.terminal =
      terminal != kNoNode && doc_.node(terminal).kind == JsonKind::kBool && doc_.Bool(terminal);

  for (uint32_t m = doc_.node(screen).first_child; m != kNoNode; m = doc_.node(m).next_sibling) {
    std::string key = doc_.Key(m);
    if (!Contains(kAllowed, key)) {
      UnknownProperty(m);
      continue;
    }
    path_.PushKey(key);
    if (key == "id") {
      if (Expect(m, JsonKind::kString)) {
        context.id = doc_.String(m);
        if (context.id == "SUCCESS") {
          InvalidValue(m, "id", "\"SUCCESS\" is reserved and cannot be a screen id.");
        } else if (!IsScreenId(context.id)) {
          Error("INVALID_PROPERTY_VALUE", kSchema,
                "The screen id " + Quoted(context.id) + " at \"" + path_.Root() +
                    "\" must contain only letters and underscores.",
                Span(m), path_.Dotted());
        }
      }
    } else if (key == "title") {
      Expect(m, JsonKind::kString);
    } else if (key == "terminal" || key == "refresh_on_back") {
      Expect(m, JsonKind::kBool);
    } else if (key == "success") {
      if (Expect(m, JsonKind::kBool) && !context.terminal) {
        path_.Pop();
        UnknownProperty(m, " unless the screen is terminal");
        continue;
      }
    } else if (key == "sensitive") {
      if (Expect(m, JsonKind::kArray)) {
        int i = 0;
        for (uint32_t e = doc_.node(m).first_child; e != kNoNode; e = doc_.node(e).next_sibling) {
          path_.PushIndex(i++);
          Expect(e, JsonKind::kString);
          path_.Pop();
        }
      }
    } else if (key == "data") {
      if (Expect(m, JsonKind::kObject)) CheckScreenData(m);
    }
    path_.Pop();
  }
  if (doc_.Member(screen, "id") == kNoNode) MissingProperty(screen, "id");

  uint32_t layout = doc_.Member(screen, "layout");
  if (layout == kNoNode) {
    MissingProperty(screen, "layout");
    return;
  }
  path_.PushKey("layout");
  if (Expect(layout, JsonKind::kObject)) {
    for (uint32_t m = doc_.node(layout).first_child; m != kNoNode; m = doc_.node(m).next_sibling) {
      std::string key = doc_.Key(m);
      if (key != "type" && key != "children") UnknownProperty(m);
    }
    uint32_t type = doc_.Member(layout, "type");
    if (type == kNoNode) {
      MissingProperty(layout, "type");
    } else {
      path_.PushKey("type");
      if (Expect(type, JsonKind::kString) && doc_.String(type) != "SingleColumnLayout") {
        InvalidValue(type, "type", "The only layout type is \"SingleColumnLayout\".");
      }
      path_.Pop();
    }
    uint32_t children = doc_.Member(layout, "children");
    if (children == kNoNode) {
      MissingProperty(layout, "children");
    } else {
      path_.PushKey("children");
      if (Expect(children, JsonKind::kArray)) {
        Tally tally = CheckComponentList(children, context, 0);
        CheckScreenTally(children, tally, context);
      }
      path_.Pop();
    }
  }
  path_.Pop();
}

void FlowChecker::CheckScreenData(uint32_t data) {
  for (uint32_t m = doc_.node(data).first_child; m != kNoNode; m = doc_.node(m).next_sibling) {
    path_.PushKey(doc_.Key(m));
    if (Expect(m, JsonKind::kObject)) {
      uint32_t type = doc_.Member(m, "type");
      if (type == kNoNode) {
        MissingProperty(m, "type");
      } else {
        path_.PushKey("type");
        if (Expect(type, JsonKind::kString) && !Contains(kDataTypes, doc_.String(type))) {
          Error("INVALID_PROPERTY_VALUE", kSchema,
                "The value " + Quoted(doc_.String(type)) + " is not allowed at \"" + path_.Root() +
                    "\"; expected one of: " + Join(kDataTypes) + ".",
                Span(type), path_.Dotted());
        }
        path_.Pop();
      }
      if (doc_.Member(m, "__example__") == kNoNode) MissingProperty(m, "__example__");
    }
    path_.Pop();
  }
}

void FlowChecker::CheckRoutingModel(uint32_t root) {
  uint32_t model = doc_.Member(root, "routing_model");
  if (model == kNoNode) return;
  path_.PushKey("routing_model");
  if (!Expect(model, JsonKind::kObject)) {
    path_.Pop();
    return;
  }
  std::set<std::pair<std::string, std::string>> edges;
  std::map<std::string, std::vector<std::string>> next;  // known screens only
  std::vector<std::string> order;                        // screens in order of appearance
  std::map<std::string, std::pair<TextSpan, std::string>> first_mention;
  int branches = 0;
  auto mention = [&](const std::string& id, TextSpan span) {
    if (first_mention.try_emplace(id, span, path_.Dotted()).second) order.push_back(id);
  };
  auto unknown = [&](const std::string& id, TextSpan span) {
    Error("INVALID_ROUTING_MODEL", kFlow,
          "The routing model names the screen " + Quoted(id) +
              ", which is not a screen of this Flow.",
          span, path_.Dotted());
  };

  for (uint32_t m = doc_.node(model).first_child; m != kNoNode; m = doc_.node(m).next_sibling) {
    std::string from = doc_.Key(m);
    path_.PushKey(from);
    bool known_from = screen_nodes_.count(from) > 0;
    if (known_from) {
      mention(from, KeySpan(m));
      next[from];
    } else {
      unknown(from, KeySpan(m));
    }
    if (Expect(m, JsonKind::kArray)) {
      int i = 0;
      for (uint32_t e = doc_.node(m).first_child; e != kNoNode; e = doc_.node(e).next_sibling) {
        path_.PushIndex(i++);
        if (Expect(e, JsonKind::kString)) {
          ++branches;
          std::string to = doc_.String(e);
          if (screen_nodes_.count(to) == 0) {
            unknown(to, Span(e));
          } else {
            mention(to, Span(e));
            next[to];
            if (known_from && edges.emplace(from, to).second) next[from].push_back(to);
          }
        }
        path_.Pop();
      }
    }
    path_.Pop();
  }

  if (branches > kMaxRoutingBranches) {
    Error("INVALID_ROUTING_MODEL", kFlow,
          "The routing model has " + std::to_string(branches) + " branches; at most " +
              std::to_string(kMaxRoutingBranches) + " are allowed.",
          OpeningSpan(model), path_.Dotted());
  }

  // Routes only go forward: remove screens without inbound routes until none is left; what
  // stays is on or behind a cycle.
  std::map<std::string, int> inbound;
  for (const auto& [from, to] : edges) ++inbound[to];
  std::deque<std::string> ready;
  for (const std::string& id : order) {
    if (inbound[id] == 0) ready.push_back(id);
  }
  size_t removed = 0;
  while (!ready.empty()) {
    std::string id = std::move(ready.front());
    ready.pop_front();
    ++removed;
    for (const std::string& to : next[id]) {
      if (--inbound[to] == 0) ready.push_back(to);
    }
  }
  if (removed < order.size()) {
    for (const std::string& id : order) {
      if (inbound[id] > 0) {
        const auto& [span, path] = first_mention[id];
        errors_.Add("INVALID_ROUTING_MODEL", kFlow,
                    "The routing model has a cycle through the screen " + Quoted(id) +
                        "; routes can only go forward.",
                    {{span, path}});
        break;
      }
    }
  }

  // Every route ends at a terminal screen.
  for (const std::string& id : order) {
    if (next[id].empty() && terminal_screens_.count(id) == 0) {
      const auto& [span, path] = first_mention[id];
      errors_.Add("INVALID_ROUTING_MODEL", kFlow,
                  "The route through the screen " + Quoted(id) +
                      " ends there, but the screen is not terminal.",
                  {{span, path}});
    }
  }

  // A navigate action must follow a route of the model.
  for (const Navigation& nav : navigations_) {
    if (screen_nodes_.count(nav.from) == 0 || edges.count({nav.from, nav.to}) > 0) continue;
    errors_.Add("INVALID_ROUTING_MODEL", kFlow,
                "The routing model has no route from the screen " + Quoted(nav.from) +
                    " to the screen " + Quoted(nav.to) + ".",
                {{Span(nav.node), nav.path}});
  }
  path_.Pop();
}

void FlowChecker::CheckEndpointRequirements(uint32_t root) {
  bool has_model = doc_.Member(root, "routing_model") != kNoNode;
  bool has_data_api = doc_.Member(root, "data_api_version") != kNoNode;
  bool exchanges = first_data_exchange_ != kNoNode;
  report_.uses_data_exchange = exchanges || has_model || has_data_api;
  if (!report_.uses_data_exchange) return;
  std::string reason = exchanges   ? "the Flow uses the data_exchange action"
                       : has_model ? "the Flow declares a routing_model"
                                   : "the Flow declares a data_api_version";
  for (std::string_view key : {"data_api_version", "routing_model"}) {
    if (doc_.Member(root, key) != kNoNode) continue;
    Error("MISSING_REQUIRED_PROPERTY", kFlow,
          "The property \"" + std::string(key) + "\" is required at \"$root\" because " + reason +
              ".",
          OpeningSpan(root), std::string(key));
  }
}

// --- helpers ---------------------------------------------------------------------------------

TextSpan FlowChecker::Span(uint32_t node) const {
  const JsonNode& n = doc_.node(node);
  return {n.begin, n.end - 1};
}

TextSpan FlowChecker::KeySpan(uint32_t member) const {
  const JsonNode& n = doc_.node(member);
  return {n.key_begin, n.key_end - 1};
}

TextSpan FlowChecker::OpeningSpan(uint32_t node) const {
  return {doc_.node(node).begin, doc_.node(node).begin};
}

void FlowChecker::Error(std::string_view error, std::string_view type, std::string message,
                        TextSpan span, std::string pointer_path) {
  errors_.Add(error, type, std::move(message), {{span, std::move(pointer_path)}});
}

void FlowChecker::MissingProperty(uint32_t object, std::string_view key, std::string_view type) {
  Error("MISSING_REQUIRED_PROPERTY", type.empty() ? kSchema : type,
        "The property \"" + std::string(key) + "\" is required at \"" + path_.Root() + "\".",
        OpeningSpan(object), path_.DottedWith(key));
}

void FlowChecker::UnknownProperty(uint32_t member, std::string_view suffix) {
  std::string key = doc_.Key(member);
  Error("INVALID_PROPERTY", kSchema,
        "The property " + Quoted(key) + " cannot be specified at \"" + path_.Root() + "\"" +
            std::string(suffix) + ".",
        KeySpan(member), path_.DottedWith(key));
}

void FlowChecker::WrongType(uint32_t value, std::string_view expected) {
  Error("INVALID_PROPERTY_VALUE", kSchema,
        "Expected " + std::string(expected) + " at \"" + path_.Root() + "\" but found " +
            std::string(KindName(doc_.node(value).kind)) + ".",
        Span(value), path_.Dotted());
}

void FlowChecker::InvalidValue(uint32_t value, std::string_view property, std::string detail) {
  std::string message = "Invalid value found for property '" + std::string(property) + "'.";
  if (!detail.empty()) message += " " + detail;
  Error("INVALID_PROPERTY_VALUE", kFlow, std::move(message), Span(value), path_.Dotted());
}

bool FlowChecker::Expect(uint32_t value, JsonKind kind) {
  JsonKind actual = doc_.node(value).kind;
  if (actual == kind) return true;
  if (actual != JsonKind::kNull) WrongType(value, KindName(kind));  // nulls: reported once
  return false;
}

bool FlowChecker::IsDynamic(uint32_t value) const {
  const JsonNode& n = doc_.node(value);
  if (n.kind != JsonKind::kString) return false;
  std::string_view raw = doc_.text().substr(n.begin, n.end - n.begin);
  return raw.find("${") != std::string_view::npos || raw.substr(1, 1) == "`";
}

bool FlowChecker::VersionAtLeast(std::string_view min_version) const {
  if (version_ == Version{0, 0}) return true;
  return version_ >= ParseVersion(min_version);
}

}  // namespace socialite::whatsapp::flow_json
