#include "core/view/touch_gestures.h"

#include <gtest/gtest.h>

namespace parley::view {
namespace {

using Frame = TouchGestures::Frame;

void expect_at(const Frame& frame, float x, float y) {
  ASSERT_TRUE(frame.x && frame.y);
  EXPECT_EQ(*frame.x, x);
  EXPECT_EQ(*frame.y, y);
}

TEST(TouchGestures, ATapBetweenTwoFramesIsAPressThenARelease) {
  TouchGestures touch;
  touch.down(100, 200);
  touch.up();
  const Frame pressed = touch.take_frame();
  expect_at(pressed, 100, 200);
  EXPECT_TRUE(pressed.pressed);
  const Frame released = touch.take_frame();
  expect_at(released, 100, 200);
  EXPECT_FALSE(released.pressed);
  EXPECT_FALSE(released.away);         // released over the button: a click
  EXPECT_FALSE(touch.take_frame().x);  // then touch says nothing
}

TEST(TouchGestures, AFingerThatRestsHoldsThePressUntilItLifts) {
  TouchGestures touch;
  touch.down(10, 10);
  EXPECT_TRUE(touch.take_frame().pressed);
  touch.move(14, 12);  // a wobble, not a drag
  const Frame held = touch.take_frame();
  EXPECT_TRUE(held.pressed);
  expect_at(held, 14, 12);
  touch.up();
  const Frame released = touch.take_frame();
  EXPECT_FALSE(released.pressed);
  EXPECT_FALSE(released.away);
}

TEST(TouchGestures, ADragScrollsWhatIsUnderTheFingerAndClicksNothing) {
  TouchGestures touch;
  touch.down(50, 300);
  touch.move(50, 330);  // 30 px down: past kDragStart
  const Frame first = touch.take_frame();
  EXPECT_FALSE(first.pressed);
  EXPECT_FLOAT_EQ(first.wheel_y, 30 / TouchGestures::kPixelsPerStep);  // content follows: up
  touch.move(50, 270);
  EXPECT_FLOAT_EQ(touch.take_frame().wheel_y, -60 / TouchGestures::kPixelsPerStep);
  touch.up();
  const Frame after = touch.take_frame();
  EXPECT_FALSE(after.pressed);
  EXPECT_EQ(after.wheel_y, 0);
}

TEST(TouchGestures, APressShownBeforeADragEndsAwaySoNothingIsClicked) {
  TouchGestures touch;
  touch.down(50, 300);
  EXPECT_TRUE(touch.take_frame().pressed);
  touch.move(50, 340);
  const Frame release = touch.take_frame();
  EXPECT_FALSE(release.pressed);
  EXPECT_TRUE(release.away);
  const Frame scrolling = touch.take_frame();
  EXPECT_FLOAT_EQ(scrolling.wheel_y, 40 / TouchGestures::kPixelsPerStep);
  touch.cancel();
  EXPECT_FALSE(touch.take_frame().pressed);
}

TEST(TouchGestures, ASecondFingerIsIgnoredAndACancelledTouchDoesNotClick) {
  TouchGestures touch;
  touch.down(10, 10);
  touch.down(200, 200);  // ignored
  EXPECT_TRUE(touch.take_frame().pressed);
  touch.cancel();
  const Frame release = touch.take_frame();
  EXPECT_FALSE(release.pressed);
  EXPECT_TRUE(release.away);
  touch.move(30, 30);  // after the end: nothing
  EXPECT_FALSE(touch.take_frame().x);
}

}  // namespace
}  // namespace parley::view
