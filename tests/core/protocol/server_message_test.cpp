#include "core/protocol/server_message.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace parley::protocol {
namespace {

using nlohmann::json;

RelayRequest relay_of(std::string_view frame) {
  auto parsed = parse_client_message(frame, ProtocolLimits{});
  EXPECT_TRUE(std::holds_alternative<RelayRequest>(parsed)) << frame;
  return std::get<RelayRequest>(parsed);
}

TEST(ServerMessage, WelcomeListsSelfPeersAndIceServers) {
  const json ice = json::array({{{"urls", "stun:127.0.0.1:3478"}}});
  const json welcome = json::parse(
      welcome_message("room1", {"alice", "Alice"}, {{"bob", "Bob"}, {"carol", ""}}, ice));
  EXPECT_EQ(welcome["type"], "welcome");
  EXPECT_EQ(welcome["room"], "room1");
  EXPECT_EQ(welcome["peerId"], "alice");
  EXPECT_EQ(welcome["name"], "Alice");
  ASSERT_EQ(welcome["peers"].size(), 2u);
  EXPECT_EQ(welcome["peers"][0], json({{"peerId", "bob"}, {"name", "Bob"}}));
  EXPECT_EQ(welcome["iceServers"], ice);
}

TEST(ServerMessage, PeerJoinedAndLeftMatchTheReferenceShape) {
  EXPECT_EQ(json::parse(peer_joined_message({"bob", "Bob"})),
            json({{"type", "peer-joined"}, {"peerId", "bob"}, {"name", "Bob"}}));
  EXPECT_EQ(json::parse(peer_left_message("bob")),
            json({{"type", "peer-left"}, {"peerId", "bob"}}));
}

TEST(ServerMessage, ErrorsCarryTheirStableCode) {
  const json error = json::parse(error_message({ErrorCode::kRoomFull, "room is full"}));
  EXPECT_EQ(error, json({{"type", "error"}, {"code", "room-full"}, {"message", "room is full"}}));
}

TEST(ServerMessage, ShutdownIsItsOwnType) {
  EXPECT_EQ(json::parse(server_shutdown_message()),
            json({{"type", "server-shutdown"}, {"reconnect", true}}));
}

TEST(RelayFrame, AddsFromAndKeepsThePayloadByteForByte) {
  const std::string sdp = R"({"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"})";
  const std::string frame = R"({"type":"offer","target":"bob","sdp":)" + sdp + "}";
  const std::string out = relay_frame(relay_of(frame), "alice");
  const json relayed = json::parse(out);
  EXPECT_EQ(relayed["from"], "alice");
  EXPECT_EQ(relayed["target"], "bob");
  EXPECT_EQ(relayed["sdp"], json::parse(sdp));
  EXPECT_NE(out.find(sdp), std::string::npos);
}

TEST(RelayFrame, ReplacesASpoofedFrom) {
  const std::string out = relay_frame(
      relay_of(R"({"type":"answer","from":"mallory","target":"bob","sdp":"x"})"), "alice");
  EXPECT_EQ(out.find("mallory"), std::string::npos);
  EXPECT_EQ(json::parse(out)["from"], "alice");
}

TEST(RelayFrame, ReplacesEveryCopyOfADuplicatedFromKey) {
  const std::string out = relay_frame(
      relay_of(R"({"type":"answer","from":"m1","target":"bob","sdp":"x","from":"m2"})"), "alice");
  EXPECT_EQ(out.find("m1"), std::string::npos);
  EXPECT_EQ(out.find("m2"), std::string::npos);
  EXPECT_EQ(json::parse(out)["from"], "alice");
}

TEST(RelayFrame, ToleratesLeadingWhitespace) {
  const std::string out = relay_frame(
      relay_of(" \n{\"type\":\"ice-candidate\",\"target\":\"b\",\"candidate\":null}"), "a");
  EXPECT_EQ(json::parse(out)["from"], "a");
}

TEST(ParseServerMessage, ReadsWhatTheServerWrites) {
  const json ice = json::parse(
      R"([{"urls":["stun:127.0.0.1:3478"]},{"urls":"turn:127.0.0.1:3478","username":"1:a","credential":"x"}])");
  const auto welcome = std::get<Welcome>(
      parse_server_message(welcome_message("r", {"alice", "Alice"}, {{"bob", "Bob"}}, ice)));
  EXPECT_EQ(welcome.room, "r");
  EXPECT_EQ(welcome.self.peer_id, "alice");
  ASSERT_EQ(welcome.peers.size(), 1u);
  EXPECT_EQ(welcome.peers[0].name, "Bob");
  ASSERT_EQ(welcome.ice_servers.size(), 2u);
  EXPECT_EQ(welcome.ice_servers[1].urls, std::vector<std::string>{"turn:127.0.0.1:3478"});
  EXPECT_EQ(welcome.ice_servers[1].credential, "x");

  const auto joined =
      std::get<PeerJoined>(parse_server_message(peer_joined_message({"bob", "Bob"}, true)));
  EXPECT_EQ(joined.peer.peer_id, "bob");
  EXPECT_TRUE(joined.resumed);
  EXPECT_EQ(std::get<PeerLeft>(parse_server_message(peer_left_message("bob"))).peer_id, "bob");
  EXPECT_EQ(
      std::get<ServerError>(parse_server_message(error_message({ErrorCode::kRoomFull, "full"})))
          .code,
      "room-full");
  EXPECT_TRUE(
      std::holds_alternative<ServerShutdown>(parse_server_message(server_shutdown_message())));
  const auto relayed = std::get<Relayed>(parse_server_message(
      relay_frame(relay_of(R"({"type":"offer","target":"a","sdp":"x"})"), "bob")));
  EXPECT_EQ(relayed.type, "offer");
  EXPECT_EQ(relayed.from, "bob");
  EXPECT_EQ(relayed.message["sdp"], "x");

  const auto renewed = std::get<IceServersRenewed>(parse_server_message(ice_servers_message(ice)));
  ASSERT_EQ(renewed.ice_servers.size(), 2u);
  EXPECT_EQ(renewed.ice_servers[1].username, "1:a");
}

TEST(ParseServerMessage, IceServersFromAnotherPeerAreNotTakenAsTheServers) {
  // A peer cannot send this type (the server relays only kRelayedTypes); were it to arrive
  // with a "from", it is still never taken as a relayed message either.
  const auto malformed = parse_server_message(R"({"type":"ice-servers","iceServers":{}})");
  EXPECT_TRUE(std::holds_alternative<IgnoredMessage>(malformed));
  EXPECT_FALSE(is_relayed_type("ice-servers"));
}

TEST(ParseServerMessage, IgnoresWhatItDoesNotKnowInsteadOfFailing) {
  for (const char* text :
       {"", "[]", "{}", R"({"type":"welcome"})", R"({"type":"peer-left"})", R"({"type":"offer"})",
        R"({"type":"brand-new","x":1})", R"({"type":"ice-servers"})", "\xff"}) {
    EXPECT_TRUE(std::holds_alternative<IgnoredMessage>(parse_server_message(text))) << text;
  }
}

}  // namespace
}  // namespace parley::protocol
