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
                            const std::vector<PeerInfo>& others, const json& ice_servers) {
  json peers = json::array();
  for (const auto& peer : others) peers.push_back(peer_json(peer));
  return dump({{"type", "welcome"},
               {"room", room},
               {"peerId", self.peer_id},
               {"name", self.name},
               {"peers", std::move(peers)},
               {"iceServers", ice_servers}});
}

std::string peer_joined_message(const PeerInfo& peer) {
  json message = peer_json(peer);
  message["type"] = "peer-joined";
  return dump(message);
}

std::string peer_left_message(std::string_view peer_id) {
  return dump({{"type", "peer-left"}, {"peerId", peer_id}});
}

std::string error_message(const ProtocolError& error) {
  return dump({{"type", "error"}, {"code", to_string(error.code)}, {"message", error.message}});
}

std::string server_shutdown_message() {
  return dump({{"type", "server-shutdown"}});
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

}  // namespace parley::protocol
