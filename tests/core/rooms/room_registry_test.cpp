#include "core/rooms/room_registry.h"

#include <gtest/gtest.h>

namespace parley::rooms {
namespace {

using namespace std::chrono_literals;
using protocol::ErrorCode;
using protocol::JoinRequest;
using protocol::ProtocolError;

class RoomRegistryTest : public ::testing::Test {
 protected:
  // Deterministic "random" ids: gen-1, gen-2, ...
  RoomRegistry rooms{{.room_capacity = 3},
                     [this] { return "gen-" + std::to_string(++generated); },
                     [this] { return "secret-" + std::to_string(++secrets); }};
  int generated = 0;
  int secrets = 0;
  Clock::time_point now{};

  JoinOutcome join_ok(ConnectionId connection, std::string room, std::optional<std::string> peer_id,
                      std::string name = "") {
    auto result =
        rooms.join(connection, {std::move(room), std::move(peer_id), std::move(name), {}}, now);
    EXPECT_TRUE(std::holds_alternative<JoinOutcome>(result));
    return std::get<JoinOutcome>(result);
  }
  ErrorCode join_error(ConnectionId connection, std::string room,
                       std::optional<std::string> peer_id) {
    auto result = rooms.join(connection, {std::move(room), std::move(peer_id), "", {}}, now);
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
  ASSERT_TRUE(std::holds_alternative<JoinOutcome>(stuck.join(1, {"r", std::nullopt, "", {}}, now)));
  const auto second = stuck.join(2, {"r", std::nullopt, "", {}}, now);
  ASSERT_TRUE(std::holds_alternative<ProtocolError>(second));
  EXPECT_EQ(std::get<ProtocolError>(second).code, ErrorCode::kIdTaken);
}

TEST_F(RoomRegistryTest, FullRoomRefusesTheNextJoiner) {
  join_ok(1, "r", "a");
  join_ok(2, "r", "b");
  join_ok(3, "r", "c");
  EXPECT_EQ(join_error(4, "r", "d"), ErrorCode::kRoomFull);
  rooms.leave(2, now, HoldId::kNo);
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
  const auto departure = rooms.leave(2, now, HoldId::kNo);
  ASSERT_TRUE(departure);
  EXPECT_EQ(departure->room, "r");
  EXPECT_EQ(departure->peer_id, "b");
  EXPECT_EQ(departure->remaining, (std::vector<ConnectionId>{1, 3}));
  EXPECT_FALSE(rooms.leave(2, now, HoldId::kNo)) << "leaving twice does nothing";
  EXPECT_FALSE(rooms.membership_of(2));
}

TEST_F(RoomRegistryTest, EmptyRoomsAreForgotten) {
  join_ok(1, "r", "a");
  EXPECT_EQ(rooms.room_count(), 1u);
  rooms.leave(1, now, HoldId::kNo);
  EXPECT_EQ(rooms.room_count(), 0u);
  EXPECT_EQ(rooms.member_count(), 0u);
}

TEST_F(RoomRegistryTest, FailedJoinsLeaveNoEmptyRoomBehind) {
  RoomRegistry stuck({}, [] { return std::string("same"); });
  stuck.join(1, {"r", std::nullopt, "", {}}, now);
  stuck.join(2, {"r", std::nullopt, "", {}}, now);
  stuck.leave(1, now, HoldId::kNo);
  EXPECT_EQ(stuck.room_count(), 0u);
}

TEST_F(RoomRegistryTest, TargetsResolveOnlyInsideTheSendersRoom) {
  join_ok(1, "r", "alice");
  join_ok(2, "r", "bob");
  join_ok(3, "other", "eve");
  const auto offer = [](const std::string& target) {
    protocol::RelayRequest relay;
    relay.type = "offer";
    relay.target = target;
    return relay;
  };
  const auto code_of = [](const std::variant<Route, protocol::ProtocolError>& routed) {
    const auto* error = std::get_if<protocol::ProtocolError>(&routed);
    return error ? std::string(protocol::to_string(error->code)) : std::string("routed");
  };
  const auto routed = rooms.route(1, offer("bob"));
  ASSERT_TRUE(std::holds_alternative<Route>(routed));
  EXPECT_EQ(std::get<Route>(routed).target, 2u);
  EXPECT_EQ(std::get<Route>(routed).from.peer_id, "alice");
  EXPECT_EQ(std::get<Route>(routed).from.room, "r");
  EXPECT_EQ(code_of(rooms.route(1, offer("eve"))), "unknown-target") << "another room's";
  EXPECT_EQ(code_of(rooms.route(3, offer("bob"))), "unknown-target");
  EXPECT_EQ(code_of(rooms.route(1, offer("alice"))), "unknown-target") << "to oneself";
  EXPECT_EQ(code_of(rooms.route(99, offer("bob"))), "not-joined");
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

// [SECTION] Who an id belongs to: resume secrets and held ids

JoinRequest resume_of(std::string room, std::string peer_id, std::optional<std::string> secret) {
  JoinRequest join{std::move(room), std::move(peer_id), "", {}};
  join.resume = true;
  join.resume_secret = std::move(secret);
  return join;
}

TEST_F(RoomRegistryTest, EveryJoinGetsItsOwnResumeSecret) {
  const std::string first = join_ok(1, "r", "alice").resume_secret;
  const std::string second = join_ok(2, "r", "bob").resume_secret;
  EXPECT_FALSE(first.empty());
  EXPECT_NE(first, second);
}

TEST_F(RoomRegistryTest, ALostConnectionsIdIsHeldForItsOwnerAndFreedAfterTheHold) {
  const std::string secret = join_ok(1, "r", "alice").resume_secret;
  join_ok(2, "r", "bob");
  const auto lost = rooms.leave(1, now, HoldId::kYes);
  ASSERT_TRUE(lost);
  EXPECT_TRUE(lost->held) << "nobody is told yet";
  EXPECT_EQ(join_error(3, "r", "alice"), ErrorCode::kIdTaken) << "an impostor is refused";
  const auto wrong = rooms.join(3, resume_of("r", "alice", "guessed"), now);
  ASSERT_TRUE(std::holds_alternative<ProtocolError>(wrong));
  EXPECT_EQ(std::get<ProtocolError>(wrong).code, ErrorCode::kIdTaken);

  const auto back = rooms.join(4, resume_of("r", "alice", secret), now + 5s);
  ASSERT_TRUE(std::holds_alternative<JoinOutcome>(back)) << "the owner resumes";
  EXPECT_NE(std::get<JoinOutcome>(back).resume_secret, secret) << "a new secret each time";
  EXPECT_FALSE(std::get<JoinOutcome>(back).replaced);
  EXPECT_TRUE(std::get<JoinOutcome>(back).resumed) << "back in its own seat";
  EXPECT_TRUE(rooms.take_departures().empty()) << "it never left";

  ASSERT_TRUE(rooms.leave(4, now + 10s, HoldId::kYes));
  now += 10s + 30s;  // the hold (30 s) is over
  EXPECT_EQ(join_ok(5, "r", "alice").self.peer_id, "alice");
  const auto gone = rooms.take_departures();
  ASSERT_EQ(gone.size(), 1u) << "the hold that ran out is a departure to announce";
  EXPECT_EQ(gone[0].peer_id, "alice");
  EXPECT_EQ(gone[0].remaining, (std::vector<ConnectionId>{2}));
  EXPECT_EQ(rooms.held_id_count(), 0u);
}

TEST_F(RoomRegistryTest, AnAwayMemberKeepsItsSeatIsListedToNewcomersAndCannotBeReached) {
  join_ok(1, "r", "alice");
  join_ok(2, "r", "bob");
  ASSERT_TRUE(rooms.leave(1, now, HoldId::kYes));
  const JoinOutcome carol = join_ok(3, "r", "carol");
  ASSERT_EQ(carol.others.size(), 2u) << "alice is away, not gone";
  EXPECT_EQ(carol.others[0].peer.peer_id, "alice");
  EXPECT_EQ(carol.others[0].connection, kAway);
  EXPECT_EQ(join_error(4, "r", "dave"), ErrorCode::kRoomFull) << "her seat counts (capacity 3)";

  protocol::RelayRequest offer;
  offer.type = "offer";
  offer.target = "alice";
  const auto routed = rooms.route(3, offer);
  ASSERT_TRUE(std::holds_alternative<ProtocolError>(routed));
  EXPECT_EQ(std::get<ProtocolError>(routed).code, ErrorCode::kUnknownTarget);
  EXPECT_NE(std::get<ProtocolError>(routed).message.find("away"), std::string::npos);
  EXPECT_FALSE(rooms.find("r", "alice"));
  EXPECT_EQ(rooms.members_of("r").size(), 2u) << "room deliveries reach those present";
  const auto bob_left = rooms.leave(2, now, HoldId::kNo);
  ASSERT_TRUE(bob_left);
  EXPECT_EQ(bob_left->remaining, (std::vector<ConnectionId>{3})) << "not the away member";
}

TEST_F(RoomRegistryTest, AHoldThatRunsOutIsADepartureAndTheLastOneEndsTheRoom) {
  join_ok(1, "r", "alice");
  join_ok(2, "r", "bob");
  ASSERT_TRUE(rooms.leave(1, now, HoldId::kYes));
  ASSERT_TRUE(rooms.leave(2, now + 1s, HoldId::kYes));
  rooms.expire_holds(now + 29s);
  EXPECT_TRUE(rooms.take_departures().empty());
  rooms.expire_holds(now + 30s);
  auto gone = rooms.take_departures();
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].peer_id, "alice");
  EXPECT_TRUE(gone[0].remaining.empty()) << "bob is away: nobody to tell";
  EXPECT_EQ(rooms.room_count(), 1u);
  rooms.expire_holds(now + 31s);
  gone = rooms.take_departures();
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].peer_id, "bob");
  EXPECT_EQ(rooms.room_count(), 0u);
  EXPECT_EQ(rooms.held_id_count(), 0u);
}

TEST_F(RoomRegistryTest, AHoldOfAnEarlierLossDoesNotEndALaterOne) {
  const std::string secret = join_ok(1, "r", "alice").resume_secret;
  join_ok(2, "r", "bob");
  ASSERT_TRUE(rooms.leave(1, now, HoldId::kYes));
  const auto back = rooms.join(3, resume_of("r", "alice", secret), now + 20s);
  ASSERT_TRUE(std::holds_alternative<JoinOutcome>(back));
  ASSERT_TRUE(rooms.leave(3, now + 25s, HoldId::kYes));  // lost again
  rooms.expire_holds(now + 31s);                         // the first hold's expiry
  EXPECT_TRUE(rooms.take_departures().empty()) << "held until 55 s now";
  rooms.expire_holds(now + 55s);
  EXPECT_EQ(rooms.take_departures().size(), 1u);
}

TEST_F(RoomRegistryTest, AnIdLeftOnPurposeIsFreeAtOnce) {
  join_ok(1, "r", "alice");
  ASSERT_TRUE(rooms.leave(1, now, HoldId::kNo));
  EXPECT_EQ(join_ok(2, "r", "alice").self.peer_id, "alice");
}

TEST_F(RoomRegistryTest, AResumeWithoutItsSecretIsRefused) {
  join_ok(1, "r", "alice");
  const auto refused = rooms.join(2, resume_of("r", "alice", std::nullopt), now);
  ASSERT_TRUE(std::holds_alternative<ProtocolError>(refused));
  EXPECT_EQ(std::get<ProtocolError>(refused).code, ErrorCode::kUnauthorized);
}

TEST_F(RoomRegistryTest, AResumeWithTheSecretTakesTheIdOverFromAStaleConnection) {
  const std::string secret = join_ok(1, "r", "alice").resume_secret;
  join_ok(2, "r", "bob");
  // Alice's old socket died unnoticed; her client comes back on connection 3.
  const auto back = rooms.join(3, resume_of("r", "alice", secret), now);
  ASSERT_TRUE(std::holds_alternative<JoinOutcome>(back));
  const JoinOutcome& outcome = std::get<JoinOutcome>(back);
  EXPECT_EQ(outcome.replaced, 1u);
  ASSERT_EQ(outcome.others.size(), 1u);
  EXPECT_EQ(outcome.others[0].peer.peer_id, "bob");
  EXPECT_EQ(rooms.find("r", "alice"), 3u);
  EXPECT_TRUE(outcome.resumed);
  EXPECT_FALSE(rooms.leave(1, now, HoldId::kYes)) << "the stale connection is no member";
  EXPECT_EQ(rooms.members_of("r").size(), 2u);
}

TEST_F(RoomRegistryTest, ATokenBoundIdMayClaimItsHeldId) {
  join_ok(1, "r", "alice");
  ASSERT_TRUE(rooms.leave(1, now, HoldId::kYes));
  const auto proven = rooms.join(2, {"r", "alice", "", {}}, now, /*id_proven_by_token=*/true);
  ASSERT_TRUE(std::holds_alternative<JoinOutcome>(proven));
  EXPECT_FALSE(std::get<JoinOutcome>(proven).resumed) << "a new instance, not the away one";
  const auto gone = rooms.take_departures();
  ASSERT_EQ(gone.size(), 1u) << "the away instance departs first";
  EXPECT_EQ(gone[0].peer_id, "alice");
  EXPECT_EQ(rooms.held_id_count(), 0u);
  EXPECT_EQ(rooms.find("r", "alice"), 2u);
}

TEST_F(RoomRegistryTest, AResumeOfAnIdNobodyHoldsIsLetInAsAFreshJoin) {
  // After a server restart nothing is known of the id or its secret.
  const auto back = rooms.join(1, resume_of("r", "alice", "from-before-the-restart"), now);
  ASSERT_TRUE(std::holds_alternative<JoinOutcome>(back));
  EXPECT_EQ(std::get<JoinOutcome>(back).self.peer_id, "alice");
  EXPECT_FALSE(std::get<JoinOutcome>(back).resumed) << "the room must hear of it";
}

TEST_F(RoomRegistryTest, HeldIdsAreBoundedInNumber) {
  RoomRegistry small({.room_capacity = 3, .id_hold = 30s, .max_held_ids = 2}, [] { return "x"; });
  for (ConnectionId c = 1; c <= 4; ++c) {
    const std::string id = "p" + std::to_string(c);
    ASSERT_TRUE(std::holds_alternative<JoinOutcome>(small.join(c, {"r", id, "", {}}, now)));
    ASSERT_TRUE(small.leave(c, now, HoldId::kYes));
  }
  EXPECT_EQ(small.held_id_count(), 2u);
  EXPECT_TRUE(std::holds_alternative<JoinOutcome>(small.join(9, {"r", "p4", "", {}}, now)))
      << "past the bound an id is not held";
}

TEST_F(RoomRegistryTest, WithNoHoldALostMemberLeavesAtOnce) {
  RoomRegistry no_hold({.room_capacity = 3, .id_hold = 0s}, [] { return "x"; });
  ASSERT_TRUE(std::holds_alternative<JoinOutcome>(no_hold.join(1, {"r", "a", "", {}}, now)));
  ASSERT_TRUE(std::holds_alternative<JoinOutcome>(no_hold.join(2, {"r", "b", "", {}}, now)));
  const auto lost = no_hold.leave(1, now, HoldId::kYes);
  ASSERT_TRUE(lost);
  EXPECT_FALSE(lost->held) << "peer-left now";
  EXPECT_EQ(no_hold.held_id_count(), 0u);
  EXPECT_EQ(no_hold.members_of("r").size(), 1u);
}

TEST_F(RoomRegistryTest, GeneratedIdsAvoidHeldOnes) {
  join_ok(1, "r", std::nullopt);  // gen-1
  ASSERT_TRUE(rooms.leave(1, now, HoldId::kYes));
  generated = 0;  // the generator offers gen-1 again first
  EXPECT_EQ(join_ok(2, "r", std::nullopt).self.peer_id, "gen-2");
}

}  // namespace
}  // namespace parley::rooms

namespace parley::rooms {
namespace {

// [SECTION] Seats shared with other server instances (parley-server --redis)

TEST_F(RoomRegistryTest, AJoinGivesOutTheSecretItsCallerIssued) {
  const auto result = rooms.join(1, {"r", "alice", "", {}}, now, false, "stored-in-redis");
  ASSERT_TRUE(std::holds_alternative<JoinOutcome>(result));
  EXPECT_EQ(std::get<JoinOutcome>(result).resume_secret, "stored-in-redis");
  ASSERT_TRUE(rooms.leave(1, now, HoldId::kYes));
  const auto back =
      rooms.join(2, resume_of("r", "alice", "stored-in-redis"), now, false, "next-secret");
  ASSERT_TRUE(std::holds_alternative<JoinOutcome>(back));
  EXPECT_TRUE(std::get<JoinOutcome>(back).resumed);
  EXPECT_EQ(std::get<JoinOutcome>(back).resume_secret, "next-secret");
}

TEST_F(RoomRegistryTest, ASeatResumedElsewhereIsForgottenWithoutADeparture) {
  join_ok(1, "r", "alice");
  join_ok(2, "r", "bob");
  // Present: its connection is given back to be closed, and it is no member any more.
  EXPECT_EQ(rooms.forget("r", "alice"), std::optional<ConnectionId>(1));
  EXPECT_FALSE(rooms.membership_of(1));
  EXPECT_FALSE(rooms.leave(1, now, HoldId::kYes));
  // Away: the hold goes, and its expiry later announces nothing.
  ASSERT_TRUE(rooms.leave(2, now, HoldId::kYes));
  EXPECT_EQ(rooms.held_id_count(), 1u);
  EXPECT_EQ(rooms.forget("r", "bob"), std::nullopt);
  EXPECT_EQ(rooms.held_id_count(), 0u);
  EXPECT_EQ(rooms.room_count(), 0u) << "an empty room is forgotten";
  rooms.expire_holds(now + 1h);
  EXPECT_TRUE(rooms.take_departures().empty());
  EXPECT_EQ(rooms.forget("r", "nobody"), std::nullopt);
  EXPECT_EQ(rooms.forget("no-room", "alice"), std::nullopt);
}

}  // namespace
}  // namespace parley::rooms
