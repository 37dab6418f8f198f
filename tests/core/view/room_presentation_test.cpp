#include "core/view/room_presentation.h"

#include <gtest/gtest.h>

namespace parley::view {
namespace {

using std::chrono::milliseconds;
using Notice = RoomPresentation::Notice;

ports::RemoteTrack video(std::string id) {
  return {std::move(id), ports::MediaKind::kVideo};
}
ports::RemoteTrack audio(std::string id) {
  return {std::move(id), ports::MediaKind::kAudio};
}

std::vector<std::string> ids(const RoomPresentation& presentation) {
  std::vector<std::string> result;
  for (const auto& person : presentation.participants()) result.push_back(person.peer_id);
  return result;
}

TEST(RoomPresentation, PeopleAppearInArrivalOrderWithTheirTracksAndGoWhenTheyLeave) {
  RoomPresentation room;
  room.apply(events::Joined{"team", "me", false}, milliseconds(0));
  room.apply(events::PeerJoined{"bob", "Bob"}, milliseconds(1));
  room.apply(events::PeerJoined{"ann", "Ann"}, milliseconds(2));
  room.apply(events::Track{"ann", video("v-ann")}, milliseconds(3));
  room.apply(events::Track{"ann", audio("a-ann")}, milliseconds(3));
  room.apply(events::ConnectionState{"ann", "connected"}, milliseconds(4));

  EXPECT_TRUE(room.joined());
  EXPECT_EQ(room.self_id(), "me");
  EXPECT_EQ(ids(room), (std::vector<std::string>{"bob", "ann"}));
  const auto* ann = room.participant("ann");
  ASSERT_NE(ann, nullptr);
  EXPECT_EQ(ann->name, "Ann");
  EXPECT_EQ(ann->video_track, "v-ann");
  EXPECT_TRUE(ann->has_audio);
  EXPECT_EQ(ann->connection, "connected");
  EXPECT_EQ(room.participant("bob")->video_track, std::nullopt);

  room.apply(events::PeerLeft{"bob"}, milliseconds(5));
  EXPECT_EQ(ids(room), (std::vector<std::string>{"ann"}));
  EXPECT_EQ(room.participant("bob"), nullptr);
}

TEST(RoomPresentation, ALateStateOfADepartedPeerMakesNoGhost) {
  RoomPresentation room;
  room.apply(events::PeerJoined{"bob", "Bob"}, milliseconds(0));
  room.apply(events::PeerLeft{"bob"}, milliseconds(1));
  room.apply(events::ConnectionState{"bob", "closed"}, milliseconds(2));
  EXPECT_TRUE(room.participants().empty());
}

TEST(RoomPresentation, ReconnectingBannerThenReconnectedForAFewSeconds) {
  RoomPresentation room;
  room.apply(events::ConnectionState{"", "connecting"}, milliseconds(0));
  room.apply(events::ConnectionState{"", "joined"}, milliseconds(10));
  room.apply(events::Joined{"team", "me", false}, milliseconds(10));
  EXPECT_EQ(room.banner(milliseconds(20)), std::nullopt) << "a first join is not a reconnect";

  room.apply(events::ConnectionState{"", "reconnecting"}, milliseconds(1'000));
  ASSERT_TRUE(room.banner(milliseconds(1'001)));
  EXPECT_NE(room.banner(milliseconds(1'001))->find("Reconnecting"), std::string::npos);
  room.apply(events::ConnectionState{"", "connecting"}, milliseconds(1'500));
  room.apply(events::ConnectionState{"", "joining"}, milliseconds(1'600));
  EXPECT_NE(room.banner(milliseconds(1'600))->find("Reconnecting"), std::string::npos)
      << "still reconnecting until joined again";

  room.apply(events::ConnectionState{"", "joined"}, milliseconds(2'000));
  room.apply(events::Joined{"team", "me", true}, milliseconds(2'000));
  EXPECT_EQ(room.banner(milliseconds(2'100)), "Reconnected.");
  EXPECT_EQ(room.banner(milliseconds(2'000) + RoomPresentation::kReconnectedBannerFor),
            std::nullopt);
  EXPECT_EQ(room.ended_because(), std::nullopt);
}

TEST(RoomPresentation, ErrorsBecomeNoticesOnceAndAFatalOneEndsTheCall) {
  RoomPresentation room;
  room.apply(
      events::Error{"permission-denied", "Camera and microphone access was denied.", "", false},
      milliseconds(0));
  auto notices = room.take_notices();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].code, "permission-denied");
  EXPECT_TRUE(room.take_notices().empty());
  EXPECT_EQ(room.ended_because(), std::nullopt);

  room.apply(events::Error{"room-full", "The room is full.", "", true}, milliseconds(1));
  EXPECT_EQ(room.ended_because(), "The room is full.");
}

TEST(RoomPresentation, AMessageToSomeoneWhoIsAwayIsNoNotice) {
  RoomPresentation room;
  room.apply(events::Error{"unknown-target",
                           "peer \"bob\" lost its connection and is away; its ice-candidate was "
                           "not delivered",
                           "", false},
             milliseconds(0));
  EXPECT_TRUE(room.take_notices().empty());
}

TEST(RoomPresentation, AFailedPeerConnectionIsToldByName) {
  RoomPresentation room;
  room.apply(events::PeerJoined{"bob", "Bob"}, milliseconds(0));
  room.apply(events::ConnectionState{"bob", "failed"}, milliseconds(1));
  const auto notices = room.take_notices();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].text, "The connection to Bob failed.");
  EXPECT_EQ(room.participant("bob")->connection, "failed");
}

TEST(RoomPresentation, NoRouteToSomeoneIsABannerUntilTheyConnectOrLeave) {
  RoomPresentation room;
  room.apply(events::PeerJoined{"bob", "Bob"}, milliseconds(0));
  room.apply(events::PeerJoined{"cy", "Cy"}, milliseconds(0));
  room.apply(events::Error{"no-route", "No connection to Bob: no TURN.", "bob", false},
             milliseconds(1));
  EXPECT_TRUE(room.take_notices().empty()) << "a banner, not a toast";
  EXPECT_EQ(room.banner(milliseconds(2)), "No connection to Bob: no TURN.");
  room.apply(events::ConnectionState{"bob", "connected"}, milliseconds(3));
  EXPECT_EQ(room.banner(milliseconds(4)), std::nullopt);

  room.apply(events::Error{"no-route", "No connection to Cy: no TURN.", "cy", false},
             milliseconds(5));
  EXPECT_EQ(room.banner(milliseconds(6)), "No connection to Cy: no TURN.");
  room.apply(events::PeerLeft{"cy"}, milliseconds(7));
  EXPECT_EQ(room.banner(milliseconds(8)), std::nullopt);
}

TEST(RoomPresentation, APeersMicrophoneAndCameraFollowItsMediaState) {
  RoomPresentation room;
  room.apply(events::PeerJoined{"bob", "Bob"}, milliseconds(0));
  EXPECT_TRUE(room.participant("bob")->microphone_on);
  room.apply(events::PeerMedia{"bob", false, false}, milliseconds(1));
  EXPECT_FALSE(room.participant("bob")->microphone_on);
  EXPECT_FALSE(room.participant("bob")->camera_on);
  room.apply(events::PeerMedia{"ann", false, false}, milliseconds(2));
  EXPECT_EQ(room.participant("ann"), nullptr) << "no tile for someone never announced";
}

TEST(RoomPresentation, AServerThatCannotBeReachedAtFirstIsSaidSoNotReconnecting) {
  RoomPresentation room;
  room.apply(events::ConnectionState{"", "connecting"}, milliseconds(0));
  room.apply(events::ConnectionState{"", "reconnecting"}, milliseconds(10));
  ASSERT_TRUE(room.banner(milliseconds(20)));
  EXPECT_NE(room.banner(milliseconds(20))->find("cannot be reached"), std::string::npos);
  room.apply(events::ConnectionState{"", "joined"}, milliseconds(3'000));
  room.apply(events::Joined{"team", "me", false}, milliseconds(3'000));
  EXPECT_EQ(room.banner(milliseconds(3'001)), "Reconnected.");
}

TEST(RoomPresentation, ASignalingClientThatGivesUpEndsTheCall) {
  RoomPresentation room;
  room.apply(events::ConnectionState{"", "connecting"}, milliseconds(0));
  room.apply(events::ConnectionState{"", "failed"}, milliseconds(1));
  EXPECT_EQ(room.ended_because(), "The signaling server could not be reached.");
}

}  // namespace
}  // namespace parley::view
