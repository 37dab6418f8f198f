#include "core/call/key_frame_refresh.h"

#include <gtest/gtest.h>

#include "../../fakes/fake_scheduler.h"

namespace parley::call {
namespace {
using namespace std::chrono_literals;
using ports::IceConnectionState;

class KeyFrameRefreshTest : public ::testing::Test {
 protected:
  fakes::FakeScheduler scheduler;
  int key_frames = 0;
  KeyFrameRefresh refresh{scheduler, [this] { ++key_frames; }};
};

TEST_F(KeyFrameRefreshTest, TheCallsFirstPathSendsNone) {
  refresh.on_path_selected();
  refresh.on_ice_state(IceConnectionState::kChecking);
  refresh.on_ice_state(IceConnectionState::kConnected);
  EXPECT_EQ(key_frames, 0);
}

TEST_F(KeyFrameRefreshTest, EveryLaterPathSendsOne) {
  refresh.on_path_selected();
  scheduler.advance(5s);
  refresh.on_path_selected();  // the laptop moved to another network
  EXPECT_EQ(key_frames, 1);
  scheduler.advance(5s);
  refresh.on_path_selected();  // and back
  EXPECT_EQ(key_frames, 2);
}

TEST_F(KeyFrameRefreshTest, ConnectedAgainOnTheSamePathSendsOne) {
  refresh.on_path_selected();
  refresh.on_ice_state(IceConnectionState::kConnected);
  scheduler.advance(5s);
  refresh.on_ice_state(IceConnectionState::kDisconnected);  // the uplink is cut
  EXPECT_EQ(key_frames, 0);
  scheduler.advance(5s);
  refresh.on_ice_state(IceConnectionState::kConnected);  // and back, no new pair
  EXPECT_EQ(key_frames, 1);
  scheduler.advance(5s);
  refresh.on_ice_state(IceConnectionState::kFailed);
  refresh.on_ice_state(IceConnectionState::kChecking);  // a restart
  refresh.on_ice_state(IceConnectionState::kCompleted);
  EXPECT_EQ(key_frames, 2);
}

TEST_F(KeyFrameRefreshTest, ConnectedWithoutACutBeforeSendsNone) {
  refresh.on_path_selected();
  refresh.on_ice_state(IceConnectionState::kConnected);
  refresh.on_ice_state(IceConnectionState::kCompleted);
  refresh.on_ice_state(IceConnectionState::kConnected);
  EXPECT_EQ(key_frames, 0);
}

TEST_F(KeyFrameRefreshTest, ANewPairThenConnectedIsOneChange) {
  refresh.on_path_selected();
  refresh.on_ice_state(IceConnectionState::kConnected);
  scheduler.advance(5s);
  refresh.on_ice_state(IceConnectionState::kDisconnected);
  scheduler.advance(3s);
  refresh.on_path_selected();
  scheduler.advance(KeyFrameRefresh::kSettles - 1ms);
  refresh.on_ice_state(IceConnectionState::kConnected);
  EXPECT_EQ(key_frames, 1);
  // Later changes are changes of their own.
  scheduler.advance(1ms);
  refresh.on_path_selected();
  EXPECT_EQ(key_frames, 2);
}

TEST_F(KeyFrameRefreshTest, AClosedConnectionIsNotDown) {
  refresh.on_ice_state(IceConnectionState::kDisconnected);
  refresh.on_ice_state(IceConnectionState::kClosed);
  refresh.on_ice_state(IceConnectionState::kConnected);
  EXPECT_EQ(key_frames, 0);
}

}  // namespace
}  // namespace parley::call
