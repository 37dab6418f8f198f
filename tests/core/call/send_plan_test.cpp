#include "core/call/send_plan.h"

#include <gtest/gtest.h>

#include <vector>

namespace parley::call {
namespace {
using ports::Direction;
using ports::MediaKind;
using ports::SignalingState;
using ports::TransceiverInfo;
using Action = SendStep::Action;

// A transceiver a remote offer made: recvonly until we put a track on it, never negotiated.
TransceiverInfo from_remote_offer(MediaKind kind) {
  return {kind, Direction::kRecvOnly, std::nullopt, std::nullopt};
}

TEST(SendPlanTest, WithoutATransceiverOfTheKindOneIsAdded) {
  const std::vector<TransceiverInfo> audio_only{{MediaKind::kAudio}};
  EXPECT_EQ(
      plan_send_track(MediaKind::kVideo, "cam", audio_only, SignalingState::kStable, false).action,
      Action::kAddTransceiver);
  EXPECT_EQ(
      plan_send_track(MediaKind::kVideo, std::nullopt, {}, SignalingState::kStable, false).action,
      Action::kAddTransceiver)
      << "the offerer makes a transceiver even without a track";
  const std::vector<TransceiverInfo> stopped{
      {MediaKind::kVideo, Direction::kStopped, Direction::kStopped, std::nullopt}};
  EXPECT_EQ(
      plan_send_track(MediaKind::kVideo, "cam", stopped, SignalingState::kStable, false).action,
      Action::kAddTransceiver);
}

TEST(SendPlanTest, AnAnswerersTrackIsAddedOntoTheOffersTransceiverBeforeTheAnswerBegins) {
  const std::vector<TransceiverInfo> offered{from_remote_offer(MediaKind::kAudio),
                                             from_remote_offer(MediaKind::kVideo)};
  const SendStep step =
      plan_send_track(MediaKind::kVideo, "cam", offered, SignalingState::kHaveRemoteOffer, false);
  EXPECT_EQ(step.action, Action::kAddTrack);
  EXPECT_EQ(step.transceiver, 1u);
}

TEST(SendPlanTest, OnceTheAnswerIsUnderWayTheTrackIsReplacedNotAdded) {
  const std::vector<TransceiverInfo> offered{from_remote_offer(MediaKind::kVideo)};
  const SendStep step =
      plan_send_track(MediaKind::kVideo, "cam", offered, SignalingState::kHaveRemoteOffer, true);
  EXPECT_EQ(step.action, Action::kReplaceTrack);
  EXPECT_TRUE(step.make_sendrecv);
}

TEST(SendPlanTest, ANegotiatedTransceiverHasItsTrackReplacedAndNothingIsDoneTwice) {
  const std::vector<TransceiverInfo> sending{
      {MediaKind::kVideo, Direction::kSendRecv, Direction::kSendRecv, "cam"}};
  const SendStep screen =
      plan_send_track(MediaKind::kVideo, "screen", sending, SignalingState::kStable, false);
  EXPECT_EQ(screen.action, Action::kReplaceTrack);
  EXPECT_FALSE(screen.make_sendrecv);
  EXPECT_EQ(
      plan_send_track(MediaKind::kVideo, "cam", sending, SignalingState::kStable, false).action,
      Action::kNothing)
      << "a prepared offer's track is already sent";
  EXPECT_EQ(
      plan_send_track(MediaKind::kVideo, std::nullopt, sending, SignalingState::kStable, false)
          .action,
      Action::kReplaceTrack)
      << "camera off: the sender sends nothing";
}

TEST(SendPlanTest, AReceiveOnlyTransceiverIsMadeToSendWhenACameraComesLater) {
  const std::vector<TransceiverInfo> receiving{
      {MediaKind::kVideo, Direction::kRecvOnly, Direction::kRecvOnly, std::nullopt}};
  const SendStep step =
      plan_send_track(MediaKind::kVideo, "cam", receiving, SignalingState::kStable, false);
  EXPECT_EQ(step.action, Action::kReplaceTrack);
  EXPECT_TRUE(step.make_sendrecv);
}

}  // namespace
}  // namespace parley::call
