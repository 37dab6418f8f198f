#include "core/base/token_bucket.h"

#include <gtest/gtest.h>

namespace parley {
namespace {

using namespace std::chrono_literals;
const TokenBucket::Clock::time_point kStart{};

TEST(TokenBucket, AllowsABurstThenRefuses) {
  TokenBucket bucket(10.0, 5.0);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(bucket.try_take(kStart)) << i;
  EXPECT_FALSE(bucket.try_take(kStart));
}

TEST(TokenBucket, RefillsAtTheRate) {
  TokenBucket bucket(10.0, 5.0);
  for (int i = 0; i < 5; ++i) bucket.try_take(kStart);
  EXPECT_FALSE(bucket.try_take(kStart + 50ms));  // half a token
  EXPECT_TRUE(bucket.try_take(kStart + 100ms));
  EXPECT_FALSE(bucket.try_take(kStart + 100ms));
}

TEST(TokenBucket, NeverHoldsMoreThanTheBurst) {
  TokenBucket bucket(10.0, 3.0);
  bucket.try_take(kStart);
  int taken = 0;
  while (bucket.try_take(kStart + 1h)) ++taken;
  EXPECT_EQ(taken, 3);
}

TEST(TokenBucket, ClockGoingBackwardsGrantsNothingExtra) {
  TokenBucket bucket(10.0, 1.0);
  EXPECT_TRUE(bucket.try_take(kStart + 1s));
  EXPECT_FALSE(bucket.try_take(kStart));
  EXPECT_FALSE(bucket.try_take(kStart + 1s));
  EXPECT_TRUE(bucket.try_take(kStart + 1100ms));
}

}  // namespace
}  // namespace parley
