// The accessible mirror of the UI (bindings/accessible_mirror.pre.js): DOM elements beside
// the canvas with the roles, names and states of the widgets drawn
// (core/view/accessible_view.h), which screen readers read and keyboards move through.
//
//   on_mirror_events(activate, focus);            // once
//   show_in_mirror(to_json(nodes).dump());        // when the nodes changed
#pragma once

#include <functional>
#include <string>

namespace parley::bindings {

// Replaces what the mirror shows: a JSON array of core/view/accessible_view nodes.
void show_in_mirror(const std::string& nodes_json);

// `activate(key)`: a person activated the node (a screen reader's action, click, Enter,
// Space; Tab or a tap onto a text field). `focus(key)`: the keyboard focus moved to the
// node, "" when it left the mirror.
void on_mirror_events(std::function<void(const std::string&)> activate,
                      std::function<void(const std::string&)> focus);

}  // namespace parley::bindings
