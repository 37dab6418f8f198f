#include "core/view/frame_times.h"

#include <gtest/gtest.h>

namespace parley::view {
namespace {

TEST(FrameTimes, NothingMeasuredIsZero) {
  EXPECT_EQ(FrameTimes().percentile(95), 0);
}

TEST(FrameTimes, NearestRankPercentiles) {
  FrameTimes times;
  for (int ms = 100; ms >= 1; --ms) times.add(ms);  // order does not matter
  EXPECT_EQ(times.count(), 100u);
  EXPECT_EQ(times.percentile(50), 50);
  EXPECT_EQ(times.percentile(95), 95);
  EXPECT_EQ(times.percentile(100), 100);
  EXPECT_EQ(times.percentile(0), 1);
}

TEST(FrameTimes, KeepsOnlyTheLastCapacitySamples) {
  FrameTimes times(4);
  for (double ms : {90.0, 90.0, 90.0, 90.0, 1.0, 2.0, 3.0}) times.add(ms);
  EXPECT_EQ(times.count(), 4u);
  EXPECT_EQ(times.percentile(100), 90) << "one old sample is still in";
  times.add(4.0);
  EXPECT_EQ(times.percentile(100), 4);
  times.clear();
  EXPECT_EQ(times.count(), 0u);
}

}  // namespace
}  // namespace parley::view
