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
    client.id = hub.attach(client.connection);
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

TEST_F(SignalingHubTest, LeaveAndDetachAnnouncePeerLeft) {
  Client alice = joined("r", "alice");
  Client bob = joined("r", "bob");
  Client carol = joined("r", "carol");
  alice.connection->frames.clear();
  bob.connection->frames.clear();
  send(carol, {{"type", "leave"}});
  EXPECT_EQ(alice.connection->next().value(), json({{"type", "peer-left"}, {"peerId", "carol"}}));
  EXPECT_EQ(bob.connection->next().value()["peerId"], "carol");
  hub.detach(bob.id);
  EXPECT_EQ(alice.connection->next().value(), json({{"type", "peer-left"}, {"peerId", "bob"}}));
  EXPECT_EQ(hub.gauges().connections, 2u);
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

TEST_F(SignalingHubTest, FloodsOfValidRelaysAreRateLimitedThenClosed) {
  Client flooder = joined("r", "flooder");
  Client sink = joined("r", "sink");
  sink.connection->frames.clear();
  flooder.connection->frames.clear();
  // Valid relays, so only the rate limit can reject them (burst 20, 3 violations allowed).
  for (int i = 0; i < 40; ++i) {
    send(flooder, {{"type", "ice-candidate"}, {"target", "sink"}, {"candidate", {{"n", i}}}});
  }
  // The burst is 20 and the join took one token of it.
  EXPECT_EQ(sink.connection->frames.size(), 19u) << "exactly the rest of the burst got through";
  ASSERT_EQ(flooder.connection->frames.size(), 4u) << "after the 4th violation it is ignored";
  for (const auto& frame : flooder.connection->frames) EXPECT_EQ(frame["code"], "rate-limited");
  ASSERT_TRUE(flooder.connection->closed);
  EXPECT_EQ(flooder.connection->closed->code, 1008);
  send(flooder, {{"type", "leave"}});
  EXPECT_EQ(flooder.connection->frames.size(), 4u) << "a closing connection gets no answers";
}

TEST_F(SignalingHubTest, TheRateRefillsOverTime) {
  HubLimits strict = limits;
  strict.max_violations = 100;
  SignalingHub patient(
      strict, bus, [] { return std::string("g"); }, JoinAccess());
  auto connection = std::make_shared<FakeConnection>();
  const ConnectionId id = patient.attach(connection);
  for (int i = 0; i < 20; ++i) patient.on_frame(id, R"({"type":"leave"})", now);
  patient.on_frame(id, R"({"type":"leave"})", now);
  EXPECT_EQ(connection->frames.back()["code"], "rate-limited");
  patient.on_frame(id, R"({"type":"leave"})", now + 200ms);  // two tokens back
  EXPECT_EQ(connection->frames.back()["code"], "not-joined");
}

TEST_F(SignalingHubTest, ConnectionsPastTheLimitGetServerFullAndClose1013) {
  HubLimits two = limits;
  two.max_connections = 2;
  SignalingHub small(
      two, bus, [] { return std::string("g"); }, JoinAccess());
  std::vector<std::shared_ptr<FakeConnection>> connections;
  std::vector<ConnectionId> ids;
  for (int i = 0; i < 3; ++i) {
    connections.push_back(std::make_shared<FakeConnection>());
    ids.push_back(small.attach(connections.back()));
  }
  EXPECT_FALSE(connections[1]->closed);
  ASSERT_TRUE(connections[2]->closed);
  EXPECT_EQ(connections[2]->closed->code, 1013);
  EXPECT_EQ(connections[2]->next().value()["code"], "server-full");
  small.on_frame(ids[2], R"({"type":"join","room":"r"})", now);
  EXPECT_TRUE(connections[2]->frames.empty()) << "a refused connection is not served";

  small.detach(ids[2]);  // the refused socket's close handshake ended
  small.detach(ids[0]);  // and a place frees up
  auto next = std::make_shared<FakeConnection>();
  const ConnectionId id = small.attach(next);
  small.on_frame(id, R"({"type":"join","room":"r"})", now);
  EXPECT_EQ(next->next().value()["type"], "welcome");
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

TEST_F(SignalingHubTest, ShutdownSaysGoodbyeAndClosesWithGoingAway) {
  Client alice = joined("r", "alice");
  hub.shutdown();
  EXPECT_EQ(alice.connection->next().value()["type"], "server-shutdown");
  ASSERT_TRUE(alice.connection->closed);
  EXPECT_EQ(alice.connection->closed->code, 1001);
}

TEST_F(SignalingHubTest, AResumingJoinTellsTheRoomItIsAResume) {
  Client alice = joined("r", "alice");
  Client bob = connect();
  send(bob, {{"type", "join"}, {"room", "r"}, {"peerId", "bob"}, {"resume", true}});
  EXPECT_EQ(alice.connection->next().value(),
            json({{"type", "peer-joined"}, {"peerId", "bob"}, {"name", ""}, {"resumed", true}}));
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
