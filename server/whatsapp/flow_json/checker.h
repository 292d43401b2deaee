// The Flow JSON rules over a scanned document: top level, screens, layout, components, actions
// and routing. Records every problem it finds in an ErrorList and fills the report's summary.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/whatsapp/flow_json/components.h"
#include "server/whatsapp/flow_json/error_list.h"
#include "server/whatsapp/flow_json/json_scanner.h"
#include "server/whatsapp/flow_json_rules.h"

namespace socialite::whatsapp::flow_json {

// A Flow JSON version as (major, minor); {0, 0} when unreadable.
using Version = std::pair<int, int>;
Version ParseVersion(std::string_view text);

class FlowChecker {
 public:
  FlowChecker(const JsonDocument& doc, ErrorList& errors, FlowJsonReport& report)
      : doc_(doc), errors_(errors), report_(report) {}

  void Run();

 private:
  // How many components of each type a screen can show at once (If/Switch branches are
  // alternatives, so they count as their largest branch).
  struct Tally {
    int total = 0;
    std::map<std::string, int> by_type;
    // A "type" token of each type (the last one in document order) and its path, to point at.
    std::map<std::string, std::pair<uint32_t, std::string>> last_type;
    void Add(const Tally& other);
    void Max(const Tally& other);
  };
  // Where a screen's navigate action leads, for the routing model check.
  struct Navigation {
    std::string from;
    std::string to;
    uint32_t node;  // the next.name token
    std::string path;
  };
  // What the component walk needs to know about the screen it is in.
  struct ScreenContext {
    std::string id;
    bool terminal = false;
    int if_depth = 0;
  };

  // --- checker.cpp: document, screens, routing ---
  void CheckNulls();
  void CheckTopLevel(uint32_t root);
  void CollectScreenIds(uint32_t screens);
  void CheckScreen(uint32_t screen, int index);
  void CheckScreenData(uint32_t data);
  void CheckRoutingModel(uint32_t root);
  void CheckEndpointRequirements(uint32_t root);

  // --- component_checks.cpp: components and actions ---
  Tally CheckComponentList(uint32_t array, ScreenContext& screen, int depth);
  Tally CheckComponent(uint32_t component, ScreenContext& screen, int depth);
  void CheckProp(const PropSpec& prop, uint32_t value, const ComponentSpec& component,
                 ScreenContext& screen, int depth, Tally& tally);
  void CheckDataSource(uint32_t array);
  void CheckAction(uint32_t action, const std::vector<std::string_view>& allowed,
                   const ScreenContext& screen, bool on_footer);
  void CheckScreenTally(uint32_t children, const Tally& tally, const ScreenContext& screen);

  // --- shared helpers (checker.cpp) ---
  TextSpan Span(uint32_t node) const;
  TextSpan KeySpan(uint32_t member) const;
  TextSpan OpeningSpan(uint32_t node) const;
  void Error(std::string_view error, std::string_view type, std::string message, TextSpan span,
             std::string pointer_path);
  void MissingProperty(uint32_t object, std::string_view key, std::string_view type = "");
  void UnknownProperty(uint32_t member, std::string_view suffix = "");
  void WrongType(uint32_t value, std::string_view expected);
  void InvalidValue(uint32_t value, std::string_view property, std::string detail);
  // Checks a value's JSON kind ("a string", ...); false (with an error) when it is wrong.
  bool Expect(uint32_t value, JsonKind kind);
  bool IsDynamic(uint32_t value) const;
  bool VersionAtLeast(std::string_view min_version) const;

  const JsonDocument& doc_;
  ErrorList& errors_;
  FlowJsonReport& report_;
  JsonPath path_;
  Version version_{0, 0};  // {0, 0}: unknown, every version-gated feature allowed
  std::map<std::string, uint32_t> screen_nodes_;  // id -> the screen object
  std::set<std::string> terminal_screens_;
  std::vector<Navigation> navigations_;
  uint32_t first_data_exchange_ = kNoNode;
};

}  // namespace socialite::whatsapp::flow_json
