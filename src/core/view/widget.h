// One thing the UI drew in a frame, as automation and assistive technology see it: its
// label, kind, screen rectangle (CSS pixels, canvas origin) and state. The UI records them
// (ui/widget_trail.h); tests click them, and core/view/accessible_view.h turns them into
// what a screen reader and a keyboard get.
#pragma once

#include <optional>
#include <string>

namespace parley::view {

struct Widget {
  std::string label;
  std::string kind;  // button, toggle, text-input, combo, option, tile, badge, toast, ...
  float x = 0, y = 0, width = 0, height = 0;
  bool enabled = true;
  std::optional<bool> checked;  // toggles only
  bool active = false;          // being edited or pressed (a text field with the cursor)
  std::optional<double> value;  // level bars and progress: 0..1
  // Tiles and their badges: the peer id ("self" for the self-view); count badges: what
  // they count ("chat", "files"); other items: the stable part of their ImGui label
  // (after "##"), which stays when the visible label changes ("Microphone on##mic").
  std::string id;
  std::string text;  // text fields: what they hold; combos: what is picked; tiles: status
};

}  // namespace parley::view
