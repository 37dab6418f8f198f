// Characters typed while a text field is on its way to the keyboard. Opening the chat
// panel asks its field for the cursor (ImGui::SetKeyboardFocusHere), which ImGui gives a
// frame or two later; characters typed meanwhile reached no field and were dropped, so
// "Hello from Ada" typed right after a click on Chat arrived as "from Ada". The app
// holds them here and gives them to the field once it has the cursor - in order, before
// anything typed later.
//
//   type_ahead.expect_field(true);                          // the panel asked for focus
//   io.InputQueueCharacters = type_ahead.pass(queued, io.WantTextInput);  // each frame
#pragma once

#include <cstddef>
#include <vector>

namespace parley::view {

class TypeAhead {
 public:
  // A field that never takes the cursor (the panel closed again) does not keep what was
  // typed for it longer than this many frames: those characters are dropped, as before.
  static constexpr int kFramesToWait = 30;
  // And never more than this many characters (a paste is one "typed" burst).
  static constexpr std::size_t kMostHeld = 4096;

  // `claim_last_frame`: the characters the last frame got while no field had the cursor
  // (dropped by ImGui) were typed for this field too - typed right after the click that
  // opened it, before the frame that saw the click. Not when a shortcut key opened it:
  // that frame's characters include the shortcut's own.
  void expect_field(bool claim_last_frame) {
    frames_left_ = kFramesToWait;
    if (claim_last_frame) held_.insert(held_.begin(), unclaimed_.begin(), unclaimed_.end());
    unclaimed_.clear();
  }

  // Before each frame: `typed`, the characters queued since the last one, and whether a
  // text field has the cursor. Returns what the frame should take.
  template <typename Char>
  std::vector<Char> pass(const std::vector<Char>& typed, bool field_has_cursor) {
    unclaimed_.clear();
    if (field_has_cursor) {
      frames_left_ = 0;
      std::vector<Char> out(held_.begin(), held_.end());
      out.insert(out.end(), typed.begin(), typed.end());
      held_.clear();
      return out;
    }
    if (frames_left_ == 0) {
      unclaimed_.assign(typed.begin(), typed.end());
      return typed;
    }
    for (const Char c : typed) {
      if (held_.size() < kMostHeld) held_.push_back(c);
    }
    if (--frames_left_ == 0) held_.clear();
    return {};
  }

  bool waiting() const { return frames_left_ > 0; }

 private:
  int frames_left_ = 0;
  std::vector<unsigned> held_;
  std::vector<unsigned> unclaimed_;  // passed in the last frame with no field to take them
};

}  // namespace parley::view
