#include "core/protocol/server_message.h"

namespace parley::protocol {
namespace {

using nlohmann::json;

// Never throws: invalid UTF-8 (which validated input cannot contain) would be replaced.
std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json peer_json(const PeerInfo& peer) {
  return {{"peerId", peer.peer_id}, {"name", peer.name}};
}

}  // namespace

std::string welcome_message(std::string_view room, const PeerInfo& self,
                            const std::vector<PeerInfo>& others, const json& ice_servers,
                            std::string_view resume_secret, bool resumed) {
  json peers = json::array();
  for (const auto& peer : others) peers.push_back(peer_json(peer));
  json message = {{"type", "welcome"},         {"room", room},
                  {"peerId", self.peer_id},    {"name", self.name},
                  {"peers", std::move(peers)}, {"iceServers", ice_servers}};
  if (!resume_secret.empty()) message["resumeSecret"] = resume_secret;
  if (resumed) message["resumed"] = true;
  return dump(message);
}

std::string peer_joined_message(const PeerInfo& peer, bool resumed) {
  json message = peer_json(peer);
  message["type"] = "peer-joined";
  if (resumed) message["resumed"] = true;
  return dump(message);
}

std::string peer_left_message(std::string_view peer_id) {
  return dump({{"type", "peer-left"}, {"peerId", peer_id}});
}

std::string error_message(const ProtocolError& error) {
  return dump({{"type", "error"}, {"code", to_string(error.code)}, {"message", error.message}});
}

std::string ice_servers_message(const json& ice_servers) {
  return dump({{"type", "ice-servers"}, {"iceServers", ice_servers}});
}

std::string server_shutdown_message() {
  return dump({{"type", "server-shutdown"}, {"reconnect", true}});
}

std::string pong_message() {
  return R"({"type":"pong"})";
}

std::string relay_frame(const RelayRequest& relay, std::string_view from) {
  if (relay.has_from_field) {
    // Rare: the client wrote "from" itself. Rewrite the whole object so only ours remains.
    json object = json::parse(relay.frame, nullptr, false);
    object["from"] = from;
    return dump(object);
  }
  // Common case: splice "from" in after the opening brace, leaving the payload (SDP,
  // candidate) byte for byte as the sender wrote it. A relay message always has
  // "target", so the object is not empty and a comma follows.
  const std::size_t brace = relay.frame.find('{');
  std::string out;
  out.reserve(relay.frame.size() + from.size() + 12);
  out.append(relay.frame, 0, brace + 1);
  out.append("\"from\":\"").append(from).append("\",");
  out.append(relay.frame, brace + 1, std::string::npos);
  return out;
}

namespace {

std::string string_field(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_true(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

std::optional<PeerInfo> peer_of(const json& object) {
  PeerInfo peer{string_field(object, "peerId"), string_field(object, "name")};
  if (peer.peer_id.empty()) return std::nullopt;
  return peer;
}

std::vector<ports::IceServer> ice_servers_of(const json& list) {
  std::vector<ports::IceServer> servers;
  if (!list.is_array()) return servers;
  for (const auto& entry : list) {
    if (!entry.is_object()) continue;
    ports::IceServer server;
    const auto urls = entry.find("urls");
    if (urls != entry.end() && urls->is_string()) server.urls.push_back(urls->get<std::string>());
    if (urls != entry.end() && urls->is_array()) {
      for (const auto& url : *urls) {
        if (url.is_string()) server.urls.push_back(url.get<std::string>());
      }
    }
    if (server.urls.empty()) continue;
    if (const auto user = string_field(entry, "username"); !user.empty()) server.username = user;
    if (const auto credential = string_field(entry, "credential"); !credential.empty()) {
      server.credential = credential;
    }
    servers.push_back(std::move(server));
  }
  return servers;
}

}  // namespace

ServerMessage parse_server_message(std::string_view text) {
  json message = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!message.is_object()) return IgnoredMessage{"not a JSON object"};
  const std::string type = string_field(message, "type");
  if (type == "welcome") {
    auto self = peer_of(message);
    if (!self) return IgnoredMessage{"welcome without peerId"};
    Welcome welcome{string_field(message, "room"),         std::move(*self),           {}, {},
                    string_field(message, "resumeSecret"), is_true(message, "resumed")};
    if (const auto peers = message.find("peers"); peers != message.end() && peers->is_array()) {
      for (const auto& entry : *peers) {
        if (auto peer = entry.is_object() ? peer_of(entry) : std::nullopt) {
          welcome.peers.push_back(std::move(*peer));
        }
      }
    }
    if (const auto ice = message.find("iceServers"); ice != message.end()) {
      welcome.ice_servers = ice_servers_of(*ice);
    }
    return welcome;
  }
  if (type == "peer-joined") {
    auto peer = peer_of(message);
    if (!peer) return IgnoredMessage{"peer-joined without peerId"};
    return PeerJoined{std::move(*peer), is_true(message, "resumed")};
  }
  if (type == "peer-left") {
    auto peer_id = string_field(message, "peerId");
    if (peer_id.empty()) return IgnoredMessage{"peer-left without peerId"};
    return PeerLeft{std::move(peer_id)};
  }
  if (type == "error")
    return ServerError{string_field(message, "code"), string_field(message, "message")};
  if (type == "server-shutdown") return ServerShutdown{};
  if (type == "pong") return Pong{};
  // Never a relayed message: the server relays only the types of kRelayedTypes, so a peer
  // cannot hand us its TURN server this way.
  if (type == "ice-servers") {
    const auto ice = message.find("iceServers");
    if (ice == message.end() || !ice->is_array())
      return IgnoredMessage{"ice-servers without a list"};
    return IceServersRenewed{ice_servers_of(*ice)};
  }
  if (type.empty()) return IgnoredMessage{"message without a type"};
  auto from = string_field(message, "from");
  if (from.empty()) return IgnoredMessage{"\"" + type + "\" without from"};
  return Relayed{type, std::move(from), std::move(message)};
}

}  // namespace parley::protocol
