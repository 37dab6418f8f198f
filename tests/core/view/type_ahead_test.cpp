#include "core/view/type_ahead.h"

#include <gtest/gtest.h>

#include <string>

namespace parley::view {
namespace {

std::vector<unsigned> chars(const std::string& text) {
  return std::vector<unsigned>(text.begin(), text.end());
}

TEST(TypeAhead, WithoutAFieldOnItsWayCharactersPassAsTyped) {
  TypeAhead type_ahead;
  EXPECT_EQ(type_ahead.pass(chars("ab"), false), chars("ab"));
  EXPECT_EQ(type_ahead.pass(chars("c"), true), chars("c"));
}

TEST(TypeAhead, WhatIsTypedBeforeTheFieldHasTheCursorReachesItFirstAndInOrder) {
  TypeAhead type_ahead;
  type_ahead.expect_field(true);  // Chat clicked
  EXPECT_TRUE(type_ahead.pass(chars("Hello "), false).empty());
  EXPECT_TRUE(type_ahead.pass(chars("from"), false).empty());
  EXPECT_EQ(type_ahead.pass(chars(" Ada"), true), chars("Hello from Ada"));
  EXPECT_FALSE(type_ahead.waiting());
  EXPECT_EQ(type_ahead.pass(chars("!"), true), chars("!"));
}

TEST(TypeAhead, NonAsciiCodePointsAreKeptAsTheyAre) {
  TypeAhead type_ahead;
  type_ahead.expect_field(true);
  const std::vector<unsigned> typed{0x5A, 0x6F, 0xEB, 0x141, 0x738B};  // Zoë Ł 王
  EXPECT_TRUE(type_ahead.pass(typed, false).empty());
  EXPECT_EQ(type_ahead.pass(std::vector<unsigned>{}, true), typed);
}

TEST(TypeAhead, AFieldThatNeverTakesTheCursorDropsWhatWasHeldForIt) {
  TypeAhead type_ahead;
  type_ahead.expect_field(true);
  EXPECT_TRUE(type_ahead.pass(chars("x"), false).empty());
  for (int frame = 1; frame < TypeAhead::kFramesToWait; ++frame) {
    EXPECT_TRUE(type_ahead.pass(std::vector<unsigned>{}, false).empty());
  }
  EXPECT_FALSE(type_ahead.waiting());
  // Later typing is not held, and what was held is gone.
  EXPECT_EQ(type_ahead.pass(chars("y"), false), chars("y"));
  EXPECT_EQ(type_ahead.pass(chars("z"), true), chars("z"));
}

// The frame that saw the click on Chat had already got the first letter typed after it.
TEST(TypeAhead, WhatTheOpeningFrameGotWithoutAFieldIsClaimedUnlessAShortcutOpenedIt) {
  TypeAhead clicked;
  EXPECT_EQ(clicked.pass(chars("H"), false), chars("H"));  // dropped by ImGui: no field
  clicked.expect_field(true);
  EXPECT_TRUE(clicked.pass(chars("ello"), false).empty());
  EXPECT_EQ(clicked.pass(std::vector<unsigned>{}, true), chars("Hello"));

  TypeAhead by_shortcut;
  EXPECT_EQ(by_shortcut.pass(chars("c"), false), chars("c"));  // the shortcut's own letter
  by_shortcut.expect_field(false);
  EXPECT_EQ(by_shortcut.pass(chars("hi"), true), chars("hi"));
}

// A letter typed frames ago (the M shortcut, say) is not claimed by a later click on Chat;
// one typed in the last kFramesClaimed frames (the click seen a frame late) is.
TEST(TypeAhead, OnlyTheLastFewFramesCharactersAreClaimed) {
  TypeAhead type_ahead;
  EXPECT_EQ(type_ahead.pass(chars("m"), false), chars("m"));
  for (std::size_t frame = 0; frame < TypeAhead::kFramesClaimed; ++frame)
    EXPECT_TRUE(type_ahead.pass(std::vector<unsigned>{}, false).empty());
  EXPECT_EQ(type_ahead.pass(chars("H"), false), chars("H"));  // typed right after the click
  EXPECT_TRUE(type_ahead.pass(std::vector<unsigned>{}, false).empty());  // the button comes up
  type_ahead.expect_field(true);
  EXPECT_EQ(type_ahead.pass(chars("i"), true), chars("Hi"));
}

// Characters a field with the cursor took are never given again.
TEST(TypeAhead, WhatAFieldAlreadyTookIsNotClaimed) {
  TypeAhead type_ahead;
  EXPECT_EQ(type_ahead.pass(chars("sent"), true), chars("sent"));  // then Enter: sent
  type_ahead.expect_field(true);                                   // focus back to the field
  EXPECT_EQ(type_ahead.pass(chars("next"), true), chars("next"));
}

}  // namespace
}  // namespace parley::view
