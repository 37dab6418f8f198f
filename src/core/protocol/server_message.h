// Messages the signaling server sends, as JSON text frames.
//
// A superset of the reference design: reference clients understand peer-joined,
// peer-left and the relayed offer/answer/ice-candidate (with "from"), and ignore the
// rest (welcome, error, server-shutdown).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/client_message.h"
#include "core/protocol/error_code.h"

namespace parley::protocol {

struct PeerInfo {
  std::string peer_id;
  std::string name;
};

// {type:"welcome", room, peerId, peers:[{peerId,name}], iceServers:[...]}
std::string welcome_message(std::string_view room, const PeerInfo& self,
                            const std::vector<PeerInfo>& others, const nlohmann::json& ice_servers);

// {type:"peer-joined", peerId, name}
std::string peer_joined_message(const PeerInfo& peer);

// {type:"peer-left", peerId}
std::string peer_left_message(std::string_view peer_id);

// {type:"error", code, message}
std::string error_message(const ProtocolError& error);

// {type:"server-shutdown"}: the server is stopping; reconnect later.
std::string server_shutdown_message();

// The relayed frame as the target receives it: the sender's message with "from" set to
// `from`, whatever the sender wrote there. `from` must be a valid peer id.
std::string relay_frame(const RelayRequest& relay, std::string_view from);

}  // namespace parley::protocol
