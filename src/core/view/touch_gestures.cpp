#include "core/view/touch_gestures.h"

#include <cmath>

namespace parley::view {

void TouchGestures::down(float x, float y) {
  if (state_ != State::kIdle) return;  // a second finger
  state_ = State::kTouching;
  start_x_ = x_ = x;
  start_y_ = y_ = y;
  scrolled_x_ = scrolled_y_ = 0;
  press_shown_ = false;
}

void TouchGestures::move(float x, float y) {
  if (state_ == State::kIdle) return;
  if (state_ == State::kTouching && std::hypot(x - start_x_, y - start_y_) > kDragStart) {
    state_ = State::kScrolling;  // the whole way so far scrolls
    scrolled_x_ = x_ - start_x_;
    scrolled_y_ = y_ - start_y_;
    if (press_shown_) {
      release_pending_ = true;
      release_away_ = true;
    }
  }
  if (state_ == State::kScrolling) {
    scrolled_x_ += x - x_;
    scrolled_y_ += y - y_;
  }
  x_ = x;
  y_ = y;
}

void TouchGestures::up() {
  if (state_ == State::kTouching) {
    if (press_shown_) {
      release_pending_ = true;
    } else {
      tap_pending_ = true;
    }
  }
  state_ = State::kIdle;
}

void TouchGestures::cancel() {
  if (state_ == State::kTouching && press_shown_) {
    release_pending_ = true;
    release_away_ = true;
  }
  state_ = State::kIdle;
}

TouchGestures::Frame TouchGestures::take_frame() {
  Frame frame;
  if (release_pending_) {
    frame.x = x_;
    frame.y = y_;
    frame.away = release_away_;
    release_pending_ = release_away_ = false;
    press_shown_ = false;
    return frame;  // a scroll goes on from the next frame
  }
  if (tap_pending_) {
    frame.x = x_;
    frame.y = y_;
    frame.pressed = true;
    tap_pending_ = false;
    release_pending_ = true;  // the tap's release, next frame
    return frame;
  }
  switch (state_) {
    case State::kIdle:
      return frame;
    case State::kTouching:
      frame.x = x_;
      frame.y = y_;
      frame.pressed = true;
      press_shown_ = true;
      return frame;
    case State::kScrolling:
      frame.x = x_;
      frame.y = y_;
      frame.wheel_x = scrolled_x_ / kPixelsPerStep;
      frame.wheel_y = scrolled_y_ / kPixelsPerStep;
      scrolled_x_ = scrolled_y_ = 0;
      return frame;
  }
  return frame;
}

}  // namespace parley::view
