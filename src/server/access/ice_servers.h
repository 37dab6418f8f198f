// The ICE servers each peer is told about in `welcome` (an RTCConfiguration.iceServers
// array). STUN URLs are passed through; TURN gets time-limited credentials in coturn's
// `use-auth-secret` scheme (the "TURN REST API" draft), so no long-lived TURN password
// ever reaches a browser:
//
//   username   = "<expiry unix seconds>:<peer id>"
//   credential = base64(HMAC-SHA1(turn secret, username))
//
//   IceServerConfig ice{.stun_urls = {"stun:stun.example.org"}, .turn_urls = {"turn:..."},
//                       .turn_secret = "...", .turn_ttl = 24h};
//   nlohmann::json servers = ice_servers_for(ice, "alice", WallClock::now());
//
// A credential never outlives `not_after` when given (the join token's expiry): a guest
// whose invitation has run out gets no relay beyond it.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/access/join_token.h"  // WallClock

namespace parley::server {

struct IceServerConfig {
  std::vector<std::string> stun_urls;
  std::vector<std::string> turn_urls;  // turn: or turns: URLs sharing one secret
  std::string turn_secret;             // coturn's static-auth-secret
  std::chrono::seconds turn_ttl{60 * 60};
};

struct TurnCredentials {
  std::string username;
  std::string credential;
};

TurnCredentials turn_rest_credentials(std::string_view secret, std::string_view peer_id,
                                      WallClock::time_point expires_at);

nlohmann::json ice_servers_for(const IceServerConfig& config, std::string_view peer_id,
                               WallClock::time_point now,
                               std::optional<WallClock::time_point> not_after = std::nullopt);

// "stun:host[:port]" / "stuns:..." (RFC 7064) and "turn:..." / "turns:..." with an
// optional "?transport=udp|tcp" (RFC 7065). A URL RTCPeerConnection would reject must
// be refused at startup, not discovered when every call fails to connect.
bool is_stun_url(std::string_view url);
bool is_turn_url(std::string_view url);

// The STUN service of the TURN servers: "turn:host:port?transport=udp" -> "stun:host:port",
// once per host and port. coturn answers STUN on its TURN port, so one coturn gives every
// guest its NAT mapping - also a guest without TURN credentials (no join token). turns:
// URLs give none: browsers do not speak STUN over TLS.
std::vector<std::string> stun_urls_of_turn_servers(const std::vector<std::string>& turn_urls);

}  // namespace parley::server
