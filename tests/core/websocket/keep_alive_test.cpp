#include "core/websocket/keep_alive.h"

#include <gtest/gtest.h>

namespace parley::websocket {
namespace {
using namespace std::chrono_literals;

TEST(KeepAlive, WaitsWhileThePeerWasHeardWithinHalfTheTimeout) {
  EXPECT_EQ(keep_alive_step(0s, false, 20s), KeepAliveStep::kWait);
  EXPECT_EQ(keep_alive_step(9999ms, false, 20s), KeepAliveStep::kWait);
}

TEST(KeepAlive, PingsOnceAfterHalfTheTimeout) {
  EXPECT_EQ(keep_alive_step(10s, false, 20s), KeepAliveStep::kPing);
  EXPECT_EQ(keep_alive_step(15s, true, 20s), KeepAliveStep::kWait) << "one ping is enough";
}

TEST(KeepAlive, DropsAfterTheWholeTimeoutPingedOrNot) {
  EXPECT_EQ(keep_alive_step(20s, true, 20s), KeepAliveStep::kDrop);
  EXPECT_EQ(keep_alive_step(25s, false, 20s), KeepAliveStep::kDrop);
}

}  // namespace
}  // namespace parley::websocket
