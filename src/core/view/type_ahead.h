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

  // Frames whose characters a field opened by a click may claim (see expect_field): the
  // click is seen when the button comes up, a frame or two after what was typed at once
  // reached the app.
  static constexpr std::size_t kFramesClaimed = 3;

  // `claim_recent`: the characters the last kFramesClaimed frames got while no field had
  // the cursor (dropped by ImGui) were typed for this field too - right after the click
  // that opened it, before the frame that saw the click. Not when a shortcut key opened
  // it: those characters include the shortcut's own.
  void expect_field(bool claim_recent) {
    frames_left_ = kFramesToWait;
    if (claim_recent) {
      std::vector<unsigned> claimed;
      for (const auto& frame : recent_) claimed.insert(claimed.end(), frame.begin(), frame.end());
      held_.insert(held_.begin(), claimed.begin(), claimed.end());
      if (held_.size() > kMostHeld) held_.resize(kMostHeld);
    }
    recent_.clear();
  }

  // Before each frame - every frame, also one with nothing typed: `typed`, the characters
  // queued since the last one, and whether a text field has the cursor. Returns what the
  // frame should take.
  template <typename Char>
  std::vector<Char> pass(const std::vector<Char>& typed, bool field_has_cursor) {
    if (field_has_cursor) {
      recent_.clear();
      frames_left_ = 0;
      std::vector<Char> out(held_.begin(), held_.end());
      out.insert(out.end(), typed.begin(), typed.end());
      held_.clear();
      return out;
    }
    if (frames_left_ == 0) {
      recent_.emplace_back(typed.begin(), typed.end());
      if (recent_.size() > kFramesClaimed) recent_.erase(recent_.begin());
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
  // What the last frames passed with no field to take them, a vector per frame.
  std::vector<std::vector<unsigned>> recent_;
};

}  // namespace parley::view
