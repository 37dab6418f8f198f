#include "core/call/active_speaker.h"

#include <gtest/gtest.h>

namespace parley::call {
namespace {

using std::chrono::milliseconds;

// Feeds the same levels every 16 ms (a 60 fps UI) from `from` to `to`.
void feed(ActiveSpeaker& speaker, const std::map<std::string, double>& levels, int from, int to) {
  for (int t = from; t <= to; t += 16) speaker.update(levels, milliseconds(t));
}

TEST(ActiveSpeaker, NobodyWhileEveryoneIsQuiet) {
  ActiveSpeaker speaker;
  feed(speaker, {{"ann", 0.005}, {"bob", 0.0}}, 0, 2'000);
  EXPECT_EQ(speaker.current(), std::nullopt);
  EXPECT_LT(speaker.level("ann"), ActiveSpeaker::kSpeakingLevel);
}

TEST(ActiveSpeaker, AVoiceBecomesTheSpeakerAfterTheTakeOverNotAtOnce) {
  ActiveSpeaker speaker;
  feed(speaker, {{"ann", 0.2}, {"bob", 0.0}}, 0, 160);
  EXPECT_EQ(speaker.current(), std::nullopt) << "a cough is not a speaker";
  feed(speaker, {{"ann", 0.2}, {"bob", 0.0}}, 176, 500);
  EXPECT_EQ(speaker.current(), "ann");
  EXPECT_GT(speaker.level("ann"), 0.15);
}

TEST(ActiveSpeaker, HeldThroughPausesThenReleased) {
  ActiveSpeaker speaker;
  feed(speaker, {{"ann", 0.2}}, 0, 500);
  ASSERT_EQ(speaker.current(), "ann");
  feed(speaker, {{"ann", 0.0}}, 516, 1'500);  // a pause between sentences
  EXPECT_EQ(speaker.current(), "ann");
  feed(speaker, {{"ann", 0.0}}, 1'516, 4'000);
  EXPECT_EQ(speaker.current(), std::nullopt);
}

TEST(ActiveSpeaker, TheLouderVoiceTakesOverAndALeaverIsDropped) {
  ActiveSpeaker speaker;
  feed(speaker, {{"ann", 0.1}, {"bob", 0.0}}, 0, 500);
  ASSERT_EQ(speaker.current(), "ann");
  feed(speaker, {{"ann", 0.0}, {"bob", 0.3}}, 516, 1'200);
  EXPECT_EQ(speaker.current(), "bob");
  feed(speaker, {{"ann", 0.0}}, 1'216, 1'300);  // bob left
  EXPECT_EQ(speaker.current(), std::nullopt);
  EXPECT_EQ(speaker.level("bob"), 0.0);
}

}  // namespace
}  // namespace parley::call
