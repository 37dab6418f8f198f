#include "server/access/ice_servers.h"

#include <gtest/gtest.h>

namespace parley::server {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const WallClock::time_point kNow{1'699'999'000s};

TEST(TurnCredentials, FollowCoturnsRestScheme) {
  // Expected credential computed independently: base64(HMAC-SHA1(secret, username)) in Python.
  const auto credentials =
      turn_rest_credentials("turn-shared-secret", "alice", WallClock::time_point{1'700'000'000s});
  EXPECT_EQ(credentials.username, "1700000000:alice");
  EXPECT_EQ(credentials.credential, "RXM8cmVrcU98snNLpKm+uJgLUBU=");
}

TEST(IceServers, NoneConfiguredIsAnEmptyList) {
  EXPECT_EQ(ice_servers_for({}, "alice", kNow), json::array());
}

TEST(IceServers, StunAndTurnBecomeRtcIceServers) {
  IceServerConfig config;
  config.stun_urls = {"stun:127.0.0.1:3478", "stun:[::1]:3478"};
  config.turn_urls = {"turn:127.0.0.1:3478?transport=udp", "turns:turn.example.org:5349"};
  config.turn_secret = "turn-shared-secret";
  config.turn_ttl = 1000s;
  const json servers = ice_servers_for(config, "alice", kNow);
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0], json({{"urls", {"stun:127.0.0.1:3478", "stun:[::1]:3478"}}}));
  EXPECT_EQ(servers[1]["urls"], json(config.turn_urls));
  EXPECT_EQ(servers[1]["username"], "1700000000:alice");  // now + ttl
  EXPECT_EQ(servers[1]["credential"], "RXM8cmVrcU98snNLpKm+uJgLUBU=");
}

TEST(IceServers, EachPeerGetsItsOwnTurnUsername) {
  IceServerConfig config;
  config.turn_urls = {"turn:127.0.0.1"};
  config.turn_secret = "s";
  EXPECT_NE(ice_servers_for(config, "alice", kNow)[0]["credential"],
            ice_servers_for(config, "bob", kNow)[0]["credential"]);
}

TEST(IceUrls, TheStunServiceOfTurnServersIsOnePerHostAndPort) {
  EXPECT_EQ(stun_urls_of_turn_servers({"turn:a.example:3478?transport=udp",
                                       "turn:a.example:3478?transport=tcp", "turn:[2001:db8::1]",
                                       "turns:a.example:5349"}),
            (std::vector<std::string>{"stun:a.example:3478", "stun:[2001:db8::1]"}));
  EXPECT_TRUE(stun_urls_of_turn_servers({}).empty());
}

TEST(IceUrls, AcceptWhatBrowsersAccept) {
  EXPECT_TRUE(is_stun_url("stun:stun.example.org"));
  EXPECT_TRUE(is_stun_url("stuns:stun.example.org:5349"));
  EXPECT_TRUE(is_stun_url("stun:[2001:db8::1]:3478"));
  EXPECT_TRUE(is_turn_url("turn:10.0.0.1:3478?transport=tcp"));
  EXPECT_TRUE(is_turn_url("turns:turn.example.org"));
}

TEST(IceUrls, RefuseTyposAndWrongSchemes) {
  for (const std::string_view bad : {"stun://host", "stun:", "http://host", "turn:host",
                                     "stun:host?transport=udp", "stun:host/path", "stun:ho st"}) {
    EXPECT_FALSE(is_stun_url(bad)) << bad;
  }
  for (const std::string_view bad :
       {"turn:", "turn:host?transport=sctp", "stun:host", "turn:host?x=1"}) {
    EXPECT_FALSE(is_turn_url(bad)) << bad;
  }
}

}  // namespace
}  // namespace parley::server
