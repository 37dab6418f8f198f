// The UI as a screen reader and a keyboard see it. The app draws into one canvas, an empty
// image to assistive technology; the page keeps a DOM tree beside it that mirrors each
// frame's widgets (bindings/accessible_mirror). This turns a frame's widgets (in the order
// drawn) into that tree's nodes: ARIA role, name, state, the region of the page they go in,
// and a key that stays the same while the widget does - so the DOM element, and keyboard
// focus on it, survive a label change ("Microphone on" -> "Microphone off").
//
//   const auto nodes = accessible_view(trail.last_frame());
//   show_in_page(to_json(nodes).dump());   // when it changed
//
// Tiles become the people of the call, with their state folded into the name
// ("Ada: microphone muted, speaking, connection good"); count badges join their button
// ("Chat, 2 new"); toasts, banners and the shortcut help go to a polite live region,
// problems to an assertive one; chat messages to a log.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/view/widget.h"

namespace parley::view {

struct AccessibleNode {
  std::string key;     // unique in a frame; the same while the widget stays
  std::string role;    // ARIA: button, textbox, combobox, option, listitem, progressbar, img
  std::string region;  // where it goes: controls, people, chat, status, alert
  std::string name;
  std::string value;             // textbox, combobox: the text; progressbar: 0..100
  std::optional<bool> pressed;   // toggle buttons
  std::optional<bool> expanded;  // combo boxes
  bool disabled = false;
  bool focused = false;  // a text field with the cursor
  float x = 0, y = 0, width = 0, height = 0;

  // Reached with Tab, activated with Enter or Space (what a person operates).
  bool operable() const;
};

std::vector<AccessibleNode> accessible_view(const std::vector<Widget>& widgets);

nlohmann::json to_json(const std::vector<AccessibleNode>& nodes);

}  // namespace parley::view
