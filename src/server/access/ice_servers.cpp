#include "server/access/ice_servers.h"

#include <algorithm>

#include "server/access/crypto.h"

namespace parley::server {

namespace {

// The part after the scheme: a host (name, IPv4 or [IPv6]) with an optional port and
// transport. Strict enough to catch typos like "stun://host" or a missing host.
bool has_valid_host_part(std::string_view rest, bool transport_allowed) {
  const std::size_t query = rest.find('?');
  if (query != std::string_view::npos) {
    if (!transport_allowed) return false;
    const std::string_view transport = rest.substr(query + 1);
    if (transport != "transport=udp" && transport != "transport=tcp") return false;
    rest = rest.substr(0, query);
  }
  if (rest.empty() || rest.starts_with("/")) return false;
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == ':' || c == '[' || c == ']';
  };
  return std::all_of(rest.begin(), rest.end(), allowed);
}

bool has_scheme(std::string_view url, std::string_view scheme) {
  return url.starts_with(scheme) && url.size() > scheme.size() && url[scheme.size()] == ':';
}

bool is_url_of(std::string_view url, std::string_view plain, std::string_view secure,
               bool transport_allowed) {
  for (const std::string_view scheme : {plain, secure}) {
    if (has_scheme(url, scheme)) {
      return has_valid_host_part(url.substr(scheme.size() + 1), transport_allowed);
    }
  }
  return false;
}

}  // namespace

TurnCredentials turn_rest_credentials(std::string_view secret, std::string_view peer_id,
                                      WallClock::time_point expires_at) {
  const auto expiry =
      std::chrono::duration_cast<std::chrono::seconds>(expires_at.time_since_epoch()).count();
  TurnCredentials credentials;
  credentials.username = std::to_string(expiry) + ":" + std::string(peer_id);
  credentials.credential = base64(hmac_sha1(secret, credentials.username));
  return credentials;
}

nlohmann::json ice_servers_for(const IceServerConfig& config, std::string_view peer_id,
                               WallClock::time_point now,
                               std::optional<WallClock::time_point> not_after) {
  auto servers = nlohmann::json::array();
  if (!config.stun_urls.empty()) servers.push_back({{"urls", config.stun_urls}});
  if (!config.turn_urls.empty()) {
    WallClock::time_point expires_at = now + config.turn_ttl;
    if (not_after && *not_after < expires_at) expires_at = *not_after;
    const auto credentials = turn_rest_credentials(config.turn_secret, peer_id, expires_at);
    servers.push_back({{"urls", config.turn_urls},
                       {"username", credentials.username},
                       {"credential", credentials.credential}});
  }
  return servers;
}

bool is_stun_url(std::string_view url) {
  return is_url_of(url, "stun", "stuns", /*transport_allowed=*/false);
}

bool is_turn_url(std::string_view url) {
  return is_url_of(url, "turn", "turns", /*transport_allowed=*/true);
}

std::vector<std::string> stun_urls_of_turn_servers(const std::vector<std::string>& turn_urls) {
  std::vector<std::string> stun_urls;
  for (const std::string_view url : turn_urls) {
    if (!has_scheme(url, "turn")) continue;
    std::string_view endpoint = url.substr(std::string_view("turn:").size());
    endpoint = endpoint.substr(0, endpoint.find('?'));
    std::string stun = "stun:" + std::string(endpoint);
    if (std::find(stun_urls.begin(), stun_urls.end(), stun) == stun_urls.end()) {
      stun_urls.push_back(std::move(stun));
    }
  }
  return stun_urls;
}

}  // namespace parley::server
