// Touch for an ImGui UI. ImGui knows a mouse, and Emscripten's GLFW passes touches on as
// mouse buttons without moving the pointer (3.1.6 takes a touch's position only for SDL):
// a tap pressed wherever the mouse last was, so nothing could be tapped on a phone, and a
// finger could not scroll the chat. The app feeds the canvas's touch events here (the
// first finger; more are ignored) and, before each frame, gives ImGui what they mean:
//
//   - a tap: the pointer moves to the finger, presses, and releases a frame later - also
//     when the finger came and went between two frames;
//   - a drag of more than kDragStart pixels: a scroll of what is under the finger, which
//     follows it (no press: dragging over a button does not click it);
//   - a finger that rests: a press held there (what a long press on a button does).
//
//   gestures.down(x, y); gestures.move(x, y); gestures.up();   // as events come
//   const TouchGestures::Frame frame = gestures.take_frame();  // once per frame
#pragma once

#include <optional>

namespace parley::view {

class TouchGestures {
 public:
  static constexpr float kDragStart = 10.0f;      // CSS pixels a tap may wander
  static constexpr float kPixelsPerStep = 30.0f;  // finger travel per wheel step

  struct Frame {
    std::optional<float> x, y;  // where the pointer goes; nothing: touch says nothing
    bool pressed = false;       // the primary button, for this frame
    bool away = false;          // a press ends without a click: the pointer leaves for this frame
    float wheel_x = 0, wheel_y = 0;  // wheel steps (ImGui's io.MouseWheel: + is up)
  };

  // CSS pixels from the canvas's top-left corner.
  void down(float x, float y);
  void move(float x, float y);
  void up();
  void cancel();  // the browser took the touch over: no tap

  Frame take_frame();

 private:
  enum class State { kIdle, kTouching, kScrolling };
  State state_ = State::kIdle;
  float start_x_ = 0, start_y_ = 0;        // where the finger came down
  float x_ = 0, y_ = 0;                    // where it is
  float scrolled_x_ = 0, scrolled_y_ = 0;  // finger travel not yet given as wheel steps
  bool press_shown_ = false;               // a frame saw the finger pressed
  bool tap_pending_ = false;               // down and up before a frame saw the press
  bool release_pending_ = false;           // release the shown press next frame...
  bool release_away_ = false;              // ...without a click
};

}  // namespace parley::view
