// Keys tapped since the last UI frame. ImGui 1.86 only sees keys that are down when a
// frame starts, so a quick tap (down and up between two frames) would be lost; the app
// records presses here from GLFW's key callback and clears them after each frame.
#pragma once

#include <set>

namespace parley::ui {

class KeyTaps {
 public:
  // `key`: a GLFW key code (letters are their ASCII capitals).
  void press(int key, bool with_modifiers) {
    if (!with_modifiers) tapped_.insert(key);
  }
  bool tapped(int key) const { return tapped_.count(key) > 0; }
  void clear() { tapped_.clear(); }

 private:
  std::set<int> tapped_;  // pressed without Ctrl, Alt, Shift or Super
};

}  // namespace parley::ui
