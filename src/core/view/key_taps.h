// Keys tapped since the last UI frame. ImGui 1.86 only sees keys that are down when a
// frame starts, so a quick tap (down and up between two frames) would be lost: a shortcut
// would not fire, and an Enter typed into the chat box would not send (Playwright's
// keyboard.press, or a slow frame, does that). The app records GLFW's key events here;
// shortcuts ask tapped(), and hold_quick_taps() replays a lost tap to ImGui as a key held
// for one frame.
#pragma once

#include <set>
#include <vector>

namespace parley::view {

class KeyTaps {
 public:
  // `key`: a GLFW key code (letters are their ASCII capitals).
  void press(int key, bool with_modifiers) {
    pressed_.insert(key);
    down_.insert(key);
    if (!with_modifiers) tapped_.insert(key);
  }
  void release(int key) { down_.erase(key); }

  // Pressed without Ctrl, Alt, Shift or Super since the last frame.
  bool tapped(int key) const { return tapped_.count(key) > 0; }

  // Before a frame: every key pressed since the last frame but already up again is marked
  // down in `keys_down` (ImGui's io.KeysDown, `size` entries). Returns those keys.
  std::vector<int> hold_quick_taps(bool* keys_down, int size) const {
    std::vector<int> held;
    for (const int key : pressed_) {
      if (key < 0 || key >= size || keys_down[key]) continue;
      keys_down[key] = true;
      held.push_back(key);
    }
    return held;
  }

  // After the frame: the keys held for it go up again unless pressed for real since;
  // this frame's taps are forgotten.
  void end_frame(bool* keys_down, const std::vector<int>& held) {
    for (const int key : held) {
      if (down_.count(key) == 0) keys_down[key] = false;
    }
    pressed_.clear();
    tapped_.clear();
  }

 private:
  std::set<int> pressed_;  // since the last frame
  std::set<int> down_;     // now
  std::set<int> tapped_;   // pressed without modifiers since the last frame
};

}  // namespace parley::view
