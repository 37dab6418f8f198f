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
  EXPECT_EQ(plan_send_track(MediaKind::kVideo, "cam", /*wanted=*/true, audio_only,
                            SignalingState::kStable, false)
                .action,
            Action::kAddTransceiver);
  EXPECT_EQ(plan_send_track(MediaKind::kVideo, std::nullopt, /*wanted=*/true, {},
                            SignalingState::kStable, false)
                .action,
            Action::kAddTransceiver)
      << "the offerer makes a transceiver even without a track";
  const std::vector<TransceiverInfo> stopped{
      {MediaKind::kVideo, Direction::kStopped, Direction::kStopped, std::nullopt}};
  EXPECT_EQ(plan_send_track(MediaKind::kVideo, "cam", /*wanted=*/true, stopped,
                            SignalingState::kStable, false)
                .action,
            Action::kAddTransceiver);
}

TEST(SendPlanTest, AnAnswerersTrackIsAddedOntoTheOffersTransceiverBeforeTheAnswerBegins) {
  const std::vector<TransceiverInfo> offered{from_remote_offer(MediaKind::kAudio),
                                             from_remote_offer(MediaKind::kVideo)};
  const SendStep step = plan_send_track(MediaKind::kVideo, "cam", /*wanted=*/true, offered,
                                        SignalingState::kHaveRemoteOffer, false);
  EXPECT_EQ(step.action, Action::kAddTrack);
  EXPECT_EQ(step.transceiver, 1u);
}

TEST(SendPlanTest, OnceTheAnswerIsUnderWayTheTrackIsReplacedNotAdded) {
  const std::vector<TransceiverInfo> offered{from_remote_offer(MediaKind::kVideo)};
  const SendStep step = plan_send_track(MediaKind::kVideo, "cam", /*wanted=*/true, offered,
                                        SignalingState::kHaveRemoteOffer, true);
  EXPECT_EQ(step.action, Action::kReplaceTrack);
  EXPECT_TRUE(step.make_sendrecv);
}

TEST(SendPlanTest, ANegotiatedTransceiverHasItsTrackReplacedAndNothingIsDoneTwice) {
  const std::vector<TransceiverInfo> sending{
      {MediaKind::kVideo, Direction::kSendRecv, Direction::kSendRecv, "cam"}};
  const SendStep screen = plan_send_track(MediaKind::kVideo, "screen", /*wanted=*/true, sending,
                                          SignalingState::kStable, false);
  EXPECT_EQ(screen.action, Action::kReplaceTrack);
  EXPECT_FALSE(screen.make_sendrecv);
  EXPECT_EQ(plan_send_track(MediaKind::kVideo, "cam", /*wanted=*/true, sending,
                            SignalingState::kStable, false)
                .action,
            Action::kNothing)
      << "a prepared offer's track is already sent";
  EXPECT_EQ(plan_send_track(MediaKind::kVideo, std::nullopt, /*wanted=*/true, sending,
                            SignalingState::kStable, false)
                .action,
            Action::kReplaceTrack)
      << "camera off: the sender sends nothing";
}

TEST(SendPlanTest, AKindNobodyWillSendIsOnlyReceived) {
  // An offerer without a microphone and none wanted: its offer asks only to receive audio.
  const SendStep add = plan_send_track(MediaKind::kAudio, std::nullopt, /*wanted=*/false, {},
                                       SignalingState::kStable, false);
  EXPECT_EQ(add.action, Action::kAddTransceiver);
  EXPECT_EQ(add.direction, Direction::kRecvOnly);
  EXPECT_EQ(plan_send_track(MediaKind::kAudio, std::nullopt, /*wanted=*/true, {},
                            SignalingState::kStable, false)
                .direction,
            Direction::kSendRecv)
      << "a microphone still being asked for may come: its sender is ready for it";
  // An answerer without one leaves the offer's transceiver recvonly: the answer says so.
  const std::vector<TransceiverInfo> offered{from_remote_offer(MediaKind::kAudio)};
  EXPECT_EQ(plan_send_track(MediaKind::kAudio, std::nullopt, /*wanted=*/false, offered,
                            SignalingState::kHaveRemoteOffer, false)
                .action,
            Action::kNothing);
  EXPECT_EQ(plan_send_track(MediaKind::kAudio, std::nullopt, /*wanted=*/true, offered,
                            SignalingState::kHaveRemoteOffer, false)
                .action,
            Action::kReplaceTrack)
      << "wanted but not here yet: the answer offers to send, as before";
  // Once sending, a track that goes is replaced by nothing, not renegotiated away.
  const std::vector<TransceiverInfo> sending{
      {MediaKind::kAudio, Direction::kSendRecv, Direction::kSendRecv, "mic"}};
  EXPECT_EQ(plan_send_track(MediaKind::kAudio, std::nullopt, /*wanted=*/false, sending,
                            SignalingState::kStable, false)
                .action,
            Action::kReplaceTrack);
}

TEST(SendPlanTest, AReceiveOnlyTransceiverIsMadeToSendWhenACameraComesLater) {
  const std::vector<TransceiverInfo> receiving{
      {MediaKind::kVideo, Direction::kRecvOnly, Direction::kRecvOnly, std::nullopt}};
  const SendStep step = plan_send_track(MediaKind::kVideo, "cam", /*wanted=*/true, receiving,
                                        SignalingState::kStable, false);
  EXPECT_EQ(step.action, Action::kReplaceTrack);
  EXPECT_TRUE(step.make_sendrecv);
}

}  // namespace
}  // namespace parley::call
