#include "core/view/accessible_view.h"

#include <cmath>
#include <map>
#include <set>

namespace parley::view {
namespace {

// What a tile's badges and outline say, in words.
std::string state_of_badge(const std::string& badge) {
  if (badge == "Muted") return "microphone muted";
  if (badge == "Camera off") return "camera off";
  if (badge == "TURN") return "relayed through TURN";
  if (badge == "Good" || badge == "Fair" || badge == "Poor") return "connection " + badge;
  return {};
}

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// What each tile's badges say (by peer id), and the counts on buttons (by what they count).
struct Folded {
  std::map<std::string, std::vector<std::string>> person_states;
  std::map<std::string, std::string> counts;
};

Folded fold_badges(const std::vector<Widget>& widgets) {
  std::set<std::string> tiles;
  for (const Widget& widget : widgets) {
    if (widget.kind == "tile") tiles.insert(widget.id);
  }
  Folded folded;
  for (const Widget& widget : widgets) {
    if (widget.kind == "speaker") folded.person_states[widget.id].push_back("speaking");
    if (widget.kind != "badge") continue;
    if (tiles.count(widget.id) != 0) {
      if (auto state = state_of_badge(widget.label); !state.empty())
        folded.person_states[widget.id].push_back(std::move(state));
    } else {
      folded.counts[widget.id] = widget.label;
    }
  }
  return folded;
}

std::string person_name(const Widget& tile, const Folded& folded) {
  std::string name = tile.label;  // the self-view's already says "(you)"
  std::vector<std::string> states;
  if (!tile.text.empty()) states.push_back(tile.text);  // connecting, failed, ...
  if (const auto found = folded.person_states.find(tile.id); found != folded.person_states.end())
    states.insert(states.end(), found->second.begin(), found->second.end());
  for (std::size_t i = 0; i < states.size(); ++i) name += (i == 0 ? ": " : ", ") + states[i];
  return name;
}

// The node of one widget, or nothing for what is folded into another (badges, level bars).
std::optional<AccessibleNode> node_of(const Widget& widget, const Widget* next,
                                      const Folded& folded) {
  AccessibleNode node;
  node.name = widget.label;
  node.region = "controls";
  node.disabled = !widget.enabled;
  const std::string& kind = widget.kind;
  if (kind == "button") {
    node.role = "button";
  } else if (kind == "toggle") {
    node.role = "button";
    node.pressed = widget.checked.value_or(false);
    const auto count = folded.counts.find(lower(widget.label));
    if (count != folded.counts.end()) node.name += ", " + count->second + " new";
  } else if (kind == "text-input") {
    node.role = "textbox";
    node.value = widget.text;
    node.focused = widget.active;
  } else if (kind == "combo") {
    node.role = "combobox";
    node.value = widget.text;
    node.expanded = next != nullptr && next->kind == "option";
  } else if (kind == "option") {
    node.role = "option";
  } else if (kind == "tile") {
    node.role = "listitem";
    node.region = "people";
    node.name = person_name(widget, folded);
  } else if (kind == "chat-message") {
    node.role = "listitem";
    node.region = "chat";
  } else if (kind == "toast" || kind == "banner" || kind == "help") {
    node.role = "text";
    node.region = "status";
  } else if (kind == "message") {
    node.role = "text";
    node.region = "alert";
  } else if (kind == "progress") {
    node.role = "progressbar";
    node.value = std::to_string(std::lround(widget.value.value_or(0) * 100));
  } else if (kind == "plot" || kind == "preview" || kind == "preview-empty") {
    node.role = "img";
    if (kind == "preview-empty") node.name += " (no picture)";
  } else {
    return std::nullopt;  // badges, level bars, speaker outlines: folded into the above
  }
  node.x = widget.x;
  node.y = widget.y;
  node.width = widget.width;
  node.height = widget.height;
  return node;
}

}  // namespace

bool AccessibleNode::operable() const {
  return role == "button" || role == "textbox" || role == "combobox" || role == "option";
}

std::vector<AccessibleNode> accessible_view(const std::vector<Widget>& widgets) {
  const Folded folded = fold_badges(widgets);
  std::vector<AccessibleNode> nodes;
  std::map<std::string, int> keys_seen;
  for (std::size_t i = 0; i < widgets.size(); ++i) {
    const Widget& widget = widgets[i];
    const Widget* next = i + 1 < widgets.size() ? &widgets[i + 1] : nullptr;
    auto node = node_of(widget, next, folded);
    if (!node) continue;
    std::string key = widget.kind + ":" + (widget.id.empty() ? widget.label : widget.id);
    if (const int seen = keys_seen[key]++; seen > 0) key += "#" + std::to_string(seen + 1);
    node->key = std::move(key);
    nodes.push_back(std::move(*node));
  }
  return nodes;
}

nlohmann::json to_json(const std::vector<AccessibleNode>& nodes) {
  nlohmann::json list = nlohmann::json::array();
  for (const AccessibleNode& node : nodes) {
    nlohmann::json entry = {
        {"key", node.key},
        {"role", node.role},
        {"region", node.region},
        {"name", node.name},
        {"rect", {node.x, node.y, node.width, node.height}},
    };
    if (!node.value.empty() || node.role == "textbox") entry["value"] = node.value;
    if (node.pressed) entry["pressed"] = *node.pressed;
    if (node.expanded) entry["expanded"] = *node.expanded;
    if (node.disabled) entry["disabled"] = true;
    if (node.focused) entry["focused"] = true;
    if (node.operable()) entry["operable"] = true;
    list.push_back(std::move(entry));
  }
  return list;
}

}  // namespace parley::view
