// The signaling hub with fake connections: every rule of the protocol without sockets.
#include "server/signaling_hub.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace parley::server {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class FakeConnection : public SignalingConnection {
 public:
  void send(std::shared_ptr<const std::string> frame) override {
    frames.push_back(json::parse(*frame));
  }
  void close(CloseReason reason) override { closed = reason; }
  void keep_alive(std::chrono::steady_clock::time_point) override { ++keep_alive_checks; }

  // Removes and returns the oldest frame received, if any.
  std::optional<json> next() {
    if (frames.empty()) return std::nullopt;
    json first = frames.front();
    frames.erase(frames.begin());
    return first;
  }
  std::vector<json> frames;
  std::optional<CloseReason> closed;
  int keep_alive_checks = 0;
};

IceServerConfig stun_only(std::string url) {
  IceServerConfig ice;
  ice.stun_urls = {std::move(url)};
  return ice;
}

class SignalingHubTest : public ::testing::Test {
 protected:
  struct Client {
    std::shared_ptr<FakeConnection> connection = std::make_shared<FakeConnection>();
    ConnectionId id = 0;
  };

  Client connect() {
    Client client;
    client.id = hub.attach(client.connection, now);
    return client;
  }
  void send(const Client& client, const json& message) {
    hub.on_frame(client.id, message.dump(), now);
  }
  void send_raw(const Client& client, std::string_view frame) {
    hub.on_frame(client.id, frame, now);
  }
  Client joined(std::string room, std::string peer_id) {
    Client client = connect();
    send(client, {{"type", "join"}, {"room", room}, {"peerId", peer_id}});
    EXPECT_EQ(client.connection->next().value_or(json())["type"], "welcome");
    return client;
  }
  static std::string error_code(Client& client) {
    const auto frame = client.connection->next();
    if (!frame || (*frame)["type"] != "error") return "no error";
    return (*frame)["code"];
  }

  InProcessRoomBus bus;
  HubLimits limits = [] {
    HubLimits l;
    l.messages_per_second = 10;
    l.message_burst = 20;
    l.max_violations = 3;
    l.join_timeout = 10s;
    return l;
  }();
  SignalingHub hub{limits, bus, [] { return std::string("generated"); },
                   JoinAccess(std::nullopt, stun_only("stun:127.0.0.1:3478"))};
  SignalingHub::Clock::time_point now{};
};

TEST_F(SignalingHubTest, JoinGetsWelcomeAndTheRoomHearsPeerJoined) {
  Client alice = connect();
  send(alice, {{"type", "join"}, {"room", "r"}, {"peerId", "alice"}, {"name", "Alice"}});
  const json welcome = alice.connection->next().value();
  EXPECT_EQ(welcome["type"], "welcome");
  EXPECT_EQ(welcome["peerId"], "alice");
  EXPECT_TRUE(welcome["peers"].empty());
  EXPECT_EQ(welcome["iceServers"], json::parse(R"([{"urls":["stun:127.0.0.1:3478"]}])"));

  Client bob = connect();
  send(bob, {{"type", "join"}, {"room", "r"}, {"peerId", "bob"}});
  const json bob_welcome = bob.connection->next().value();
  ASSERT_EQ(bob_welcome["peers"].size(), 1u);
  EXPECT_EQ(bob_welcome["peers"][0]["peerId"], "alice");
  EXPECT_EQ(bob_welcome["peers"][0]["name"], "Alice");
  EXPECT_EQ(alice.connection->next().value(),
            json({{"type", "peer-joined"}, {"peerId", "bob"}, {"name", ""}}));
  EXPECT_FALSE(bob.connection->next()) << "the joiner does not hear about itself";
}

TEST_F(SignalingHubTest, JoinWithoutPeerIdIsAssignedOne) {
  Client client = connect();
  send(client, {{"type", "join"}, {"room", "r"}});
  EXPECT_EQ(client.connection->next().value()["peerId"], "generated");
}

TEST_F(SignalingHubTest, RelayReachesTheTargetWithFromSetByTheServer) {
  Client alice = joined("r", "alice");
  Client bob = joined("r", "bob");
  alice.connection->frames.clear();
  send(alice, {{"type", "offer"}, {"target", "bob"}, {"sdp", {{"type", "offer"}, {"sdp", "v=0"}}}});
  const json offer = bob.connection->next().value();
  EXPECT_EQ(offer["type"], "offer");
  EXPECT_EQ(offer["from"], "alice");
  EXPECT_EQ(offer["sdp"]["sdp"], "v=0");
  EXPECT_FALSE(alice.connection->next()) << "no echo to the sender";
}

TEST_F(SignalingHubTest, RelaysToYourselfAreRefused) {
  Client alice = joined("r", "alice");
  send(alice, {{"type", "offer"}, {"target", "alice"}, {"sdp", "x"}});
  EXPECT_EQ(error_code(alice), "unknown-target");
  EXPECT_FALSE(alice.connection->next()) << "nothing was relayed";
}

TEST_F(SignalingHubTest, SpoofedFromIsOverwritten) {
  Client alice = joined("r", "alice");
  Client bob = joined("r", "bob");
  send(alice, {{"type", "answer"}, {"target", "bob"}, {"from", "carol"}, {"sdp", "x"}});
  EXPECT_EQ(bob.connection->next().value()["from"], "alice");
}

TEST_F(SignalingHubTest, ACanaryNeverCrossesRooms) {
  Client alice = joined("room-a", "alice");
  Client eve = joined("room-b", "eve");
  Client bob = joined("room-b", "bob");
  eve.connection->frames.clear();
  send(alice, {{"type", "offer"}, {"target", "eve"}, {"sdp", "CANARY"}});
  EXPECT_EQ(error_code(alice), "unknown-target");
  send(bob, {{"type", "offer"}, {"target", "eve"}, {"sdp", "fine"}});
  const json first = eve.connection->next().value();
  EXPECT_EQ(first["sdp"], "fine") << "eve's first frame is bob's, not the canary";
  EXPECT_FALSE(eve.connection->next());
}

TEST_F(SignalingHubTest, MessagesBeforeJoinAreNotJoined) {
  Client client = connect();
  send(client, {{"type", "offer"}, {"target", "bob"}, {"sdp", "x"}});
  EXPECT_EQ(error_code(client), "not-joined");
  send(client, {{"type", "leave"}});
  EXPECT_EQ(error_code(client), "not-joined");
}

TEST_F(SignalingHubTest, SecondJoinIsAlreadyJoinedAndTakenIdsAreRefused) {
  Client alice = joined("r", "alice");
  send(alice, {{"type", "join"}, {"room", "r2"}, {"peerId", "alice"}});
  EXPECT_EQ(error_code(alice), "already-joined");
  Client impostor = connect();
  send(impostor, {{"type", "join"}, {"room", "r"}, {"peerId", "alice"}});
  EXPECT_EQ(error_code(impostor), "id-taken");
}

TEST_F(SignalingHubTest, LeaveAndACloseAnnouncePeerLeftALostConnectionOnlyWhenItsHoldRunsOut) {
  Client alice = joined("r", "alice");
  Client bob = joined("r", "bob");
  Client carol = joined("r", "carol");
  Client dave = joined("r", "dave");
  alice.connection->frames.clear();
  bob.connection->frames.clear();
  send(carol, {{"type", "leave"}});
  EXPECT_EQ(alice.connection->next().value(), json({{"type", "peer-left"}, {"peerId", "carol"}}));
  EXPECT_EQ(bob.connection->next().value()["peerId"], "carol");
  hub.depart(dave.id, now, rooms::HoldId::kNo);  // its close frame: gone on purpose
  EXPECT_EQ(alice.connection->next().value(), json({{"type", "peer-left"}, {"peerId", "dave"}}));

  hub.detach(bob.id, now);  // lost: its seat is held for a resume
  EXPECT_EQ(hub.gauges().away_members, 1u);
  hub.keep_alive(now + 29s);
  EXPECT_FALSE(alice.connection->next()) << "nothing yet: bob may be back";
  hub.keep_alive(now + 31s);
  EXPECT_EQ(alice.connection->next().value(), json({{"type", "peer-left"}, {"peerId", "bob"}}));
  EXPECT_EQ(hub.gauges().away_members, 0u);
  EXPECT_EQ(hub.gauges().connections, 3u);
}

TEST_F(SignalingHubTest, HostileFramesGetErrorsAndTheConnectionStaysUsable) {
  Client alice = joined("r", "alice");
  send_raw(alice, "{\"type\":\"join\",\"room\":\"\xC0\xAF\"}");
  EXPECT_EQ(error_code(alice), "bad-json");
  send_raw(alice, std::string(10'000, '[') + std::string(10'000, ']'));
  EXPECT_EQ(error_code(alice), "bad-json");
  send_raw(alice, R"({"type":"teleport"})");
  EXPECT_EQ(error_code(alice), "unknown-type");
  Client bob = joined("r", "bob");
  send(alice, {{"type", "ice-candidate"}, {"target", "bob"}, {"candidate", nullptr}});
  EXPECT_EQ(bob.connection->frames.back()["type"], "ice-candidate");
  EXPECT_FALSE(alice.connection->closed);
}

TEST_F(SignalingHubTest, MessagesOverTheRateAreDroppedAndSaidSoOncePerBurst) {
  Client flooder = joined("r", "flooder");
  Client sink = joined("r", "sink");
  sink.connection->frames.clear();
  flooder.connection->frames.clear();
  for (int i = 0; i < 40; ++i) {
    send(flooder, {{"type", "ice-candidate"}, {"target", "sink"}, {"candidate", {{"n", i}}}});
  }
  // The burst is 20 and the join took one token of it.
  EXPECT_EQ(sink.connection->frames.size(), 19u) << "exactly the rest of the burst got through";
  ASSERT_EQ(flooder.connection->frames.size(), 1u) << "one error for the whole burst";
  EXPECT_EQ(flooder.connection->frames[0]["code"], "rate-limited");
  EXPECT_FALSE(flooder.connection->closed)
      << "a rate can be driven up by others (every offer asks for an answer): not a violation";
  now += 1s;  // ten tokens back
  send(flooder, {{"type", "ice-candidate"}, {"target", "sink"}, {"candidate", {{"n", 99}}}});
  EXPECT_EQ(sink.connection->frames.back()["candidate"]["n"], 99);
  for (int i = 0; i < 20; ++i) {
    send(flooder, {{"type", "ice-candidate"}, {"target", "sink"}, {"candidate", nullptr}});
  }
  EXPECT_EQ(flooder.connection->frames.size(), 2u) << "a new burst over the rate is told again";
}

TEST_F(SignalingHubTest, APingIsAnsweredWithAPongToItsSenderOnlyInARoomOrNot) {
  Client alice = joined("r", "alice");
  Client bob = joined("r", "bob");
  Client lobby;
  lobby.connection = std::make_shared<FakeConnection>();
  lobby.id = hub.attach(lobby.connection, now);
  alice.connection->frames.clear();
  bob.connection->frames.clear();
  send(alice, {{"type", "ping"}});
  send(lobby, {{"type", "ping"}});
  ASSERT_EQ(alice.connection->frames.size(), 1u);
  EXPECT_EQ(alice.connection->frames[0], nlohmann::json({{"type", "pong"}}));
  ASSERT_EQ(lobby.connection->frames.size(), 1u);
  EXPECT_EQ(lobby.connection->frames[0]["type"], "pong");
  EXPECT_TRUE(bob.connection->frames.empty());
}

TEST_F(SignalingHubTest, JoinsAndLeavesHaveABudgetOfTheirOwn) {
  Client member = joined("r", "member");
  Client churner = joined("r", "churner");  // its first membership change
  member.connection->frames.clear();
  for (int i = 0; i < 10; ++i) {
    send(churner, {{"type", "leave"}});
    send(churner, {{"type", "join"}, {"room", "r"}, {"peerId", "churner"}});
  }
  // A burst of five changes (one spent on the first join): two leaves and two joins reach
  // the room, then the churner is told to slow down.
  std::size_t announcements = 0;
  for (const auto& frame : member.connection->frames) {
    announcements += frame["type"] == "peer-joined" || frame["type"] == "peer-left";
  }
  EXPECT_EQ(announcements, 4u);
  EXPECT_FALSE(churner.connection->closed);
  EXPECT_EQ(churner.connection->frames.back()["code"], "rate-limited");
  std::size_t told = 0;
  for (const auto& frame : churner.connection->frames)
    told += frame.value("code", "") == "rate-limited";
  EXPECT_EQ(told, 1u) << "told once a second, not once per change";
}

TEST_F(SignalingHubTest, RelaysToAPeerThatIsNotKeepingUpAreRefusedToTheirSender) {
  struct CongestedConnection : FakeConnection {
    bool congested() const override { return true; }
  };
  Client sender = joined("r", "sender");
  Client slow;
  slow.connection = std::make_shared<CongestedConnection>();
  slow.id = hub.attach(slow.connection, now);
  send(slow, {{"type", "join"}, {"room", "r"}, {"peerId", "slow"}});
  slow.connection->frames.clear();
  sender.connection->frames.clear();
  for (int i = 0; i < 10; ++i) send(sender, {{"type", "offer"}, {"target", "slow"}, {"sdp", "s"}});
  EXPECT_TRUE(slow.connection->frames.empty());
  ASSERT_EQ(sender.connection->frames.size(), 10u);
  EXPECT_EQ(sender.connection->frames[0]["code"], "peer-busy");
  EXPECT_FALSE(sender.connection->closed) << "a slow peer is not the sender's fault";
  EXPECT_FALSE(slow.connection->closed) << "nor is a sender's volume the slow peer's";
}

TEST_F(SignalingHubTest, ViolationsAreForgivenOverTime) {
  Client alice = joined("r", "alice");
  alice.connection->frames.clear();
  // Three violations are allowed at once; one is forgiven every five seconds.
  for (int i = 0; i < 3; ++i) send_raw(alice, "{nope");
  now += 15s;
  for (int i = 0; i < 3; ++i) send_raw(alice, "{nope");
  EXPECT_FALSE(alice.connection->closed) << "six mistakes fifteen seconds apart are not abuse";
  send_raw(alice, "{nope");
  ASSERT_TRUE(alice.connection->closed) << "but a fourth at once is";
  EXPECT_EQ(alice.connection->closed->code, 1008);
}

TEST_F(SignalingHubTest, AMemberWhoKeepsLeavingCannotGetTheOthersClosed) {
  Client alice = joined("r", "alice");
  Client bob = joined("r", "bob");
  // Bob leaves and rejoins over and over; each time Alice's candidates for him are still
  // on their way and find nobody. That is a race of the network, not Alice's fault.
  for (int round = 0; round < 20; ++round) {
    send(bob, {{"type", "leave"}});
    send(alice, {{"type", "ice-candidate"}, {"target", "bob"}, {"candidate", nullptr}});
    send(bob, {{"type", "join"}, {"room", "r"}, {"peerId", "bob"}});
    now += 2s;  // within every rate limit (joins and leaves: one a second)
  }
  EXPECT_FALSE(alice.connection->closed);
  std::size_t unknown_targets = 0;
  for (const auto& frame : alice.connection->frames) {
    unknown_targets += frame["type"] == "error" && frame["code"] == "unknown-target";
  }
  EXPECT_EQ(unknown_targets, 20u);
  send(alice, {{"type", "ice-candidate"}, {"target", "bob"}, {"candidate", nullptr}});
  EXPECT_EQ(bob.connection->frames.back()["type"], "ice-candidate") << "Alice is still served";
}

TEST_F(SignalingHubTest, PingsAndPongsSpendTheMessageBudget) {
  Client alice = joined("r", "alice");  // the join took one token of the burst of 20
  alice.connection->frames.clear();
  int charged = 0;
  for (int i = 0; i < 30; ++i) charged += hub.charge_control_frame(alice.id, now);
  EXPECT_EQ(charged, 19);
  ASSERT_TRUE(alice.connection->closed) << "eleven pings over the budget: closed after the 4th";
  EXPECT_EQ(alice.connection->closed->code, 1008);
  EXPECT_EQ(error_code(alice), "rate-limited");
}

TEST_F(SignalingHubTest, AConnectionOutOfARoomPastTheJoinTimeoutIsClosedWith4408) {
  Client idle = connect();  // never joins
  Client member = joined("r", "member");
  Client leaver = joined("r", "leaver");
  now += 5s;
  send(leaver, {{"type", "leave"}});
  now += 5s;  // the join timeout (10 s) since idle connected
  hub.keep_alive(now);
  ASSERT_TRUE(idle.connection->closed);
  EXPECT_EQ(idle.connection->closed->code, kJoinTimeoutCloseCode);
  EXPECT_EQ(idle.connection->closed->text, "no join within 10 s");
  EXPECT_FALSE(member.connection->closed);
  EXPECT_FALSE(leaver.connection->closed) << "its clock started again when it left";
  send(idle, {{"type", "join"}, {"room", "r"}, {"peerId", "late"}});
  EXPECT_TRUE(idle.connection->frames.empty()) << "a connection being closed is not served";
  now += 5s;
  hub.keep_alive(now);
  ASSERT_TRUE(leaver.connection->closed);
  EXPECT_FALSE(member.connection->closed);
}

TEST_F(SignalingHubTest, WithAnAuthSecretOnlyTokenHoldersJoin) {
  const std::string secret = "0123456789abcdef-secret";
  const WallClock::time_point wall_now{1'700'000'000s};
  SignalingHub guarded(
      limits, bus, [] { return std::string("g"); },
      JoinAccess(secret, {}, [&] { return wall_now; }));
  const auto join_with = [&](std::optional<std::string> token) {
    auto connection = std::make_shared<FakeConnection>();
    json join = {{"type", "join"}, {"room", "r"}};
    if (token) join["token"] = *token;
    guarded.on_frame(guarded.attach(connection), join.dump(), now);
    return connection->next().value();
  };
  EXPECT_EQ(join_with(std::nullopt)["code"], "unauthorized");
  EXPECT_EQ(join_with("v1.1.x.forged")["code"], "unauthorized");
  const auto expired = join_with(mint_join_token(secret, {"r", "alice", wall_now - 1s}));
  EXPECT_EQ(expired["code"], "unauthorized");
  EXPECT_EQ(expired["message"], "the join token has expired");
  const auto welcome = join_with(mint_join_token(secret, {"r", "alice", wall_now + 1min}));
  EXPECT_EQ(welcome["type"], "welcome");
  EXPECT_EQ(welcome["peerId"], "alice") << "the token's peer id is used";
}

TEST_F(SignalingHubTest, WelcomeCarriesTurnCredentialsForThePeer) {
  IceServerConfig ice;
  ice.turn_urls = {"turn:127.0.0.1:3478"};
  ice.turn_secret = "turn-shared-secret";
  ice.turn_ttl = 1000s;
  SignalingHub hub_with_turn(
      limits, bus, [] { return std::string("g"); },
      JoinAccess(std::nullopt, ice, [] { return WallClock::time_point{1'699'999'000s}; }));
  auto connection = std::make_shared<FakeConnection>();
  hub_with_turn.on_frame(hub_with_turn.attach(connection),
                         R"({"type":"join","room":"r","peerId":"alice"})", now);
  const json turn = connection->next().value()["iceServers"][0];
  EXPECT_EQ(turn["username"], "1700000000:alice");
  EXPECT_EQ(turn["credential"], "RXM8cmVrcU98snNLpKm+uJgLUBU=");
}

TEST_F(SignalingHubTest, MembersGetFreshTurnCredentialsBeforeTheirsExpireAndOnlyWhileInTheRoom) {
  IceServerConfig ice;
  ice.turn_urls = {"turn:127.0.0.1:3478"};
  ice.turn_secret = "turn-shared-secret";
  ice.turn_ttl = 40s;
  WallClock::time_point wall_now{1'700'000'000s};
  SignalingHub hub_with_turn(
      limits, bus, [] { return std::string("g"); },
      JoinAccess(std::nullopt, ice, [&] { return wall_now; }));
  const auto join = [&](std::string peer_id) {
    auto connection = std::make_shared<FakeConnection>();
    const auto id = hub_with_turn.attach(connection, now);
    hub_with_turn.on_frame(id, json{{"type", "join"}, {"room", "r"}, {"peerId", peer_id}}.dump(),
                           now);
    EXPECT_EQ(connection->next().value()["iceServers"][0]["username"],
              std::to_string(1'700'000'040) + ":" + peer_id);
    return std::pair{connection, id};
  };
  const auto [alice, alice_id] = join("alice");
  const auto [bob, bob_id] = join("bob");
  alice->frames.clear();

  const auto tick = [&](std::chrono::seconds by) {
    now += by;
    wall_now += by;
    hub_with_turn.keep_alive(now);
  };
  tick(29s);
  EXPECT_TRUE(alice->frames.empty()) << "renewed before three quarters of 40 s";
  tick(1s);
  ASSERT_EQ(alice->frames.size(), 1u);
  EXPECT_EQ(alice->frames[0]["type"], "ice-servers");
  EXPECT_EQ(alice->frames[0]["iceServers"][0]["username"], "1700000070:alice")
      << "fresh credentials for 40 s from now";
  tick(1s);
  EXPECT_EQ(alice->frames.size(), 1u) << "renewed once, not every keep-alive";
  tick(29s);
  ASSERT_EQ(alice->frames.size(), 2u) << "and again three quarters into the new ones";
  EXPECT_EQ(alice->frames[1]["iceServers"][0]["username"], "1700000100:alice");

  hub_with_turn.on_frame(bob_id, R"({"type":"leave"})", now);
  bob->frames.clear();
  tick(60s);
  EXPECT_TRUE(bob->frames.empty()) << "a peer out of the room gets no TURN credentials";
}

TEST_F(SignalingHubTest, ShutdownSaysGoodbyeAndClosesWithGoingAway) {
  Client alice = joined("r", "alice");
  hub.shutdown();
  EXPECT_EQ(alice.connection->next().value()["type"], "server-shutdown");
  ASSERT_TRUE(alice.connection->closed);
  EXPECT_EQ(alice.connection->closed->code, 1001);
}

TEST_F(SignalingHubTest, AResumeIntoAHeldSeatIsSilentToTheRoomAndSaysSoInItsWelcome) {
  Client alice = joined("r", "alice");
  Client bob = connect();
  send(bob, {{"type", "join"}, {"room", "r"}, {"peerId", "bob"}});
  const std::string secret = bob.connection->next().value()["resumeSecret"];
  hub.detach(bob.id, now);  // bob's connection is lost
  alice.connection->frames.clear();
  Client carol = connect();  // comes while bob is away
  send(carol, {{"type", "join"}, {"room", "r"}, {"peerId", "carol"}});
  EXPECT_EQ(carol.connection->next().value()["peers"].size(), 2u) << "bob is listed";
  send(carol, {{"type", "offer"}, {"target", "bob"}, {"sdp", "s"}});
  EXPECT_EQ(error_code(carol), "unknown-target") << "bob cannot be reached while away";
  alice.connection->frames.clear();

  Client bob_again = connect();
  send(bob_again, {{"type", "join"},
                   {"room", "r"},
                   {"peerId", "bob"},
                   {"resume", true},
                   {"resumeSecret", secret}});
  const json welcome = bob_again.connection->next().value();
  EXPECT_EQ(welcome["type"], "welcome");
  EXPECT_EQ(welcome["resumed"], true);
  EXPECT_EQ(welcome["peers"].size(), 2u) << "alice, and carol who came meanwhile";
  EXPECT_FALSE(alice.connection->next()) << "alice's connection to bob never ended";
  EXPECT_FALSE(carol.connection->next());
  hub.keep_alive(now + 31s);
  EXPECT_FALSE(alice.connection->next()) << "the hold ended with the resume";
}

TEST_F(SignalingHubTest, AResumeTheServerCannotPlaceIsAnnouncedAsAResume) {
  Client alice = joined("r", "alice");
  alice.connection->frames.clear();
  // After a restart the server knows nothing of bob or his secret.
  Client bob = connect();
  send(bob, {{"type", "join"},
             {"room", "r"},
             {"peerId", "bob"},
             {"resume", true},
             {"resumeSecret", "from-before"}});
  EXPECT_FALSE(bob.connection->next().value().contains("resumed"));
  EXPECT_EQ(alice.connection->next().value(),
            json({{"type", "peer-joined"}, {"peerId", "bob"}, {"name", ""}, {"resumed", true}}));
}

TEST_F(SignalingHubTest, AResumeWithoutTheSecretIsRefused) {
  Client alice = joined("r", "alice");
  Client mallory = connect();
  send(mallory, {{"type", "join"}, {"room", "r"}, {"peerId", "alice"}, {"resume", true}});
  EXPECT_EQ(error_code(mallory), "unauthorized");
  send(mallory, {{"type", "join"},
                 {"room", "r"},
                 {"peerId", "alice"},
                 {"resume", true},
                 {"resumeSecret", "guessed"}});
  EXPECT_EQ(error_code(mallory), "id-taken");
  EXPECT_FALSE(alice.connection->closed) << "nobody can take alice's id over";
}

TEST_F(SignalingHubTest, ADepartedIdIsHeldAgainstOthersForTheGracePeriod) {
  Client bob = joined("r", "bob");
  Client alice = joined("r", "alice");
  hub.detach(alice.id, now);  // lost, not left
  Client impostor = connect();
  send(impostor, {{"type", "join"}, {"room", "r"}, {"peerId", "alice"}});
  EXPECT_EQ(error_code(impostor), "id-taken");
  bob.connection->frames.clear();
  now += 31s;  // the hold (30 s) is over: the id is free again
  send(impostor, {{"type", "join"}, {"room", "r"}, {"peerId", "alice"}});
  EXPECT_EQ(impostor.connection->next().value()["type"], "welcome");
  EXPECT_EQ(bob.connection->next().value(), json({{"type", "peer-left"}, {"peerId", "alice"}}))
      << "the old alice departs before the new one is announced";
  EXPECT_EQ(bob.connection->next().value()["type"], "peer-joined");
}

TEST_F(SignalingHubTest, AResumeTakesOverAStaleConnectionWithoutAPeerLeft) {
  Client bob = joined("r", "bob");
  Client alice = connect();
  send(alice, {{"type", "join"}, {"room", "r"}, {"peerId", "alice"}});
  const std::string secret = alice.connection->next().value()["resumeSecret"];
  bob.connection->frames.clear();
  // Alice's old socket died unnoticed; her client is back on a new one.
  Client alice_again = connect();
  send(alice_again, {{"type", "join"},
                     {"room", "r"},
                     {"peerId", "alice"},
                     {"resume", true},
                     {"resumeSecret", secret}});
  EXPECT_EQ(alice_again.connection->next().value()["type"], "welcome");
  ASSERT_TRUE(alice.connection->closed);
  EXPECT_EQ(alice.connection->closed->code, kReplacedCloseCode);
  hub.detach(alice.id, now);  // the stale socket goes
  EXPECT_TRUE(bob.connection->frames.empty()) << "neither a peer-left nor a peer-joined";
  send(bob, {{"type", "offer"}, {"target", "alice"}, {"sdp", "s"}});
  EXPECT_EQ(alice_again.connection->next().value()["type"], "offer") << "relays go to the new one";
}

TEST_F(SignalingHubTest, KeepAliveReachesEveryAttachedConnectionAndNoDetachedOne) {
  Client alice = joined("r", "alice");
  Client lobby = connect();  // attached, in no room yet
  Client gone = joined("r", "gone");
  hub.detach(gone.id);
  hub.keep_alive(std::chrono::steady_clock::now());
  EXPECT_EQ(alice.connection->keep_alive_checks, 1);
  EXPECT_EQ(lobby.connection->keep_alive_checks, 1);
  EXPECT_EQ(gone.connection->keep_alive_checks, 0);
}

}  // namespace
}  // namespace parley::server
