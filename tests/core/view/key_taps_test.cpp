#include "core/view/key_taps.h"

#include <gtest/gtest.h>

#include <array>

namespace parley::view {
namespace {

constexpr int kEnter = 257;  // GLFW_KEY_ENTER
constexpr int kC = 'C';

TEST(KeyTaps, ATapBetweenTwoFramesIsHeldForOneFrameThenReleased) {
  KeyTaps taps;
  std::array<bool, 512> down{};
  taps.press(kEnter, false);  // down and up before the frame starts
  taps.release(kEnter);

  const auto held = taps.hold_quick_taps(down.data(), static_cast<int>(down.size()));
  EXPECT_EQ(held, std::vector<int>{kEnter});
  EXPECT_TRUE(down[kEnter]) << "ImGui sees it pressed in this frame";
  taps.end_frame(down.data(), held);
  EXPECT_FALSE(down[kEnter]) << "and released in the next";
  EXPECT_TRUE(taps.hold_quick_taps(down.data(), static_cast<int>(down.size())).empty());
}

TEST(KeyTaps, AKeyStillDownIsLeftToImGui) {
  KeyTaps taps;
  std::array<bool, 512> down{};
  taps.press(kEnter, false);
  down[kEnter] = true;  // the backend saw the press; no release yet
  EXPECT_TRUE(taps.hold_quick_taps(down.data(), static_cast<int>(down.size())).empty());
  taps.end_frame(down.data(), {});
  EXPECT_TRUE(down[kEnter]);
}

TEST(KeyTaps, AHeldTapPressedAgainForRealStaysDown) {
  KeyTaps taps;
  std::array<bool, 512> down{};
  taps.press(kEnter, false);
  taps.release(kEnter);
  const auto held = taps.hold_quick_taps(down.data(), static_cast<int>(down.size()));
  taps.press(kEnter, false);  // pressed again, and held, before the frame ended
  taps.end_frame(down.data(), held);
  EXPECT_TRUE(down[kEnter]);
}

TEST(KeyTaps, ShortcutsAreTapsWithoutModifiersUntilTheFrameEnds) {
  KeyTaps taps;
  std::array<bool, 512> down{};
  taps.press(kC, false);
  taps.press('V', true);  // Ctrl+V: not a shortcut
  EXPECT_TRUE(taps.tapped(kC));
  EXPECT_FALSE(taps.tapped('V'));
  taps.end_frame(down.data(), {});
  EXPECT_FALSE(taps.tapped(kC));
}

TEST(KeyTaps, KeysOutsideTheArrayAreIgnored) {
  KeyTaps taps;
  std::array<bool, 512> down{};
  taps.press(-1, false);
  taps.press(600, false);
  EXPECT_TRUE(taps.hold_quick_taps(down.data(), static_cast<int>(down.size())).empty());
}

}  // namespace
}  // namespace parley::view
