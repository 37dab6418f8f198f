// The canvas's touches (bindings/touch_input.pre.js), for core/view/touch_gestures.h.
#pragma once

#include <vector>

namespace parley::bindings {

struct TouchEvent {
  enum class Kind { kDown, kMove, kUp, kCancel };
  Kind kind = Kind::kDown;
  float x = 0;  // CSS pixels from the canvas's top-left corner
  float y = 0;
};

// The first finger's touch events since the last call, oldest first.
std::vector<TouchEvent> take_touch_events();

}  // namespace parley::bindings
