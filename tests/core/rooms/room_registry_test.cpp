#include "core/rooms/room_registry.h"

#include <gtest/gtest.h>

namespace parley::rooms {
namespace {

using protocol::ErrorCode;
using protocol::JoinRequest;
using protocol::ProtocolError;

class RoomRegistryTest : public ::testing::Test {
 protected:
  // Deterministic "random" ids: gen-1, gen-2, ...
  RoomRegistry rooms{{.room_capacity = 3}, [this] { return "gen-" + std::to_string(++generated); }};
  int generated = 0;

  JoinOutcome join_ok(ConnectionId connection, std::string room, std::optional<std::string> peer_id,
                      std::string name = "") {
    auto result =
        rooms.join(connection, {std::move(room), std::move(peer_id), std::move(name), {}});
    EXPECT_TRUE(std::holds_alternative<JoinOutcome>(result));
    return std::get<JoinOutcome>(result);
  }
  ErrorCode join_error(ConnectionId connection, std::string room,
                       std::optional<std::string> peer_id) {
    auto result = rooms.join(connection, {std::move(room), std::move(peer_id), "", {}});
    EXPECT_TRUE(std::holds_alternative<ProtocolError>(result));
    return std::get<ProtocolError>(result).code;
  }
};

TEST_F(RoomRegistryTest, FirstJoinerSeesAnEmptyRoomLaterOnesSeeEarlierMembersInOrder) {
  EXPECT_TRUE(join_ok(1, "r", "alice", "Alice").others.empty());
  EXPECT_EQ(join_ok(2, "r", "bob").others.size(), 1u);
  const JoinOutcome carol = join_ok(3, "r", "carol");
  ASSERT_EQ(carol.others.size(), 2u);
  EXPECT_EQ(carol.others[0].peer.peer_id, "alice");
  EXPECT_EQ(carol.others[0].peer.name, "Alice");
  EXPECT_EQ(carol.others[0].connection, 1u);
  EXPECT_EQ(carol.others[1].peer.peer_id, "bob");
}

TEST_F(RoomRegistryTest, RequestedIdIsKeptWhenFree) {
  EXPECT_EQ(join_ok(1, "r", "alice").self.peer_id, "alice");
}

TEST_F(RoomRegistryTest, TakenIdIsRefusedButFreeInAnotherRoom) {
  join_ok(1, "r", "alice");
  EXPECT_EQ(join_error(2, "r", "alice"), ErrorCode::kIdTaken);
  EXPECT_EQ(join_ok(2, "other", "alice").self.peer_id, "alice");
}

TEST_F(RoomRegistryTest, MissingIdIsGeneratedAndCollisionsRetried) {
  join_ok(1, "r", "gen-1");
  EXPECT_EQ(join_ok(2, "r", std::nullopt).self.peer_id, "gen-2");
}

TEST_F(RoomRegistryTest, AGeneratorThatAlwaysCollidesGivesAnErrorNotALoop) {
  RoomRegistry stuck({}, [] { return std::string("same"); });
  ASSERT_TRUE(std::holds_alternative<JoinOutcome>(stuck.join(1, {"r", std::nullopt, "", {}})));
  const auto second = stuck.join(2, {"r", std::nullopt, "", {}});
  ASSERT_TRUE(std::holds_alternative<ProtocolError>(second));
  EXPECT_EQ(std::get<ProtocolError>(second).code, ErrorCode::kIdTaken);
}

TEST_F(RoomRegistryTest, FullRoomRefusesTheNextJoiner) {
  join_ok(1, "r", "a");
  join_ok(2, "r", "b");
  join_ok(3, "r", "c");
  EXPECT_EQ(join_error(4, "r", "d"), ErrorCode::kRoomFull);
  rooms.leave(2);
  EXPECT_EQ(join_ok(4, "r", "d").others.size(), 2u);
}

TEST_F(RoomRegistryTest, SecondJoinOnOneConnectionIsRefused) {
  join_ok(1, "r", "a");
  EXPECT_EQ(join_error(1, "other", "a"), ErrorCode::kAlreadyJoined);
}

TEST_F(RoomRegistryTest, LeaveNamesThePeerAndWhoRemains) {
  join_ok(1, "r", "a");
  join_ok(2, "r", "b");
  join_ok(3, "r", "c");
  const auto departure = rooms.leave(2);
  ASSERT_TRUE(departure);
  EXPECT_EQ(departure->room, "r");
  EXPECT_EQ(departure->peer_id, "b");
  EXPECT_EQ(departure->remaining, (std::vector<ConnectionId>{1, 3}));
  EXPECT_FALSE(rooms.leave(2)) << "leaving twice does nothing";
  EXPECT_FALSE(rooms.membership_of(2));
}

TEST_F(RoomRegistryTest, EmptyRoomsAreForgotten) {
  join_ok(1, "r", "a");
  EXPECT_EQ(rooms.room_count(), 1u);
  rooms.leave(1);
  EXPECT_EQ(rooms.room_count(), 0u);
  EXPECT_EQ(rooms.member_count(), 0u);
}

TEST_F(RoomRegistryTest, FailedJoinsLeaveNoEmptyRoomBehind) {
  RoomRegistry stuck({}, [] { return std::string("same"); });
  stuck.join(1, {"r", std::nullopt, "", {}});
  stuck.join(2, {"r", std::nullopt, "", {}});
  stuck.leave(1);
  EXPECT_EQ(stuck.room_count(), 0u);
}

TEST_F(RoomRegistryTest, TargetsResolveOnlyInsideTheSendersRoom) {
  join_ok(1, "r", "alice");
  join_ok(2, "r", "bob");
  join_ok(3, "other", "eve");
  EXPECT_EQ(rooms.find_in_same_room(1, "bob"), 2u);
  EXPECT_FALSE(rooms.find_in_same_room(1, "eve"));
  EXPECT_FALSE(rooms.find_in_same_room(3, "bob"));
  EXPECT_FALSE(rooms.find_in_same_room(99, "bob")) << "not joined";
}

TEST_F(RoomRegistryTest, MembersOfAndFindAddressOneRoom) {
  join_ok(1, "r", "alice");
  join_ok(2, "r", "bob");
  join_ok(3, "other", "eve");
  const auto members = rooms.members_of("r");
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[1].peer.peer_id, "bob");
  EXPECT_TRUE(rooms.members_of("nowhere").empty());
  EXPECT_EQ(rooms.find("other", "eve"), 3u);
  EXPECT_FALSE(rooms.find("r", "eve"));
}

}  // namespace
}  // namespace parley::rooms
