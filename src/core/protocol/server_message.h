// Messages the signaling server sends, as JSON text frames: built by the server, read by
// clients with parse_server_message().
//
// A superset of the reference design: reference clients understand peer-joined,
// peer-left and the relayed offer/answer/ice-candidate (with "from"), and ignore the
// rest (welcome, error, server-shutdown).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/ports/peer_connection.h"
#include "core/protocol/client_message.h"
#include "core/protocol/error_code.h"

namespace parley::protocol {

struct PeerInfo {
  std::string peer_id;
  std::string name;
};

// {type:"welcome", room, peerId, peers:[{peerId,name}], iceServers:[...], resumeSecret}
// (resumeSecret only when given: what a later resume of this peer id must present;
// "resumed": true when the server kept this peer's seat while it was away, so the room
// heard nothing and every peer listed still has its connection to it).
std::string welcome_message(std::string_view room, const PeerInfo& self,
                            const std::vector<PeerInfo>& others, const nlohmann::json& ice_servers,
                            std::string_view resume_secret = {}, bool resumed = false);

// {type:"ice-servers", iceServers:[...]}: fresh TURN credentials for a member whose
// earlier ones are about to expire, for its next ICE restart (the ones in use go on:
// coturn checks credentials when an allocation is made, not while it lives).
std::string ice_servers_message(const nlohmann::json& ice_servers);

// {type:"peer-joined", peerId, name} (+ "resumed": true for a client coming back)
std::string peer_joined_message(const PeerInfo& peer, bool resumed = false);

// {type:"peer-left", peerId}
std::string peer_left_message(std::string_view peer_id);

// {type:"error", code, message}
std::string error_message(const ProtocolError& error);

// {type:"server-shutdown", reconnect:true}: this server is stopping; the service goes on -
// reconnect (to another instance behind the same address) and resume.
std::string server_shutdown_message();

// {type:"pong"}: the answer to a client's ping.
std::string pong_message();

// The relayed frame as the target receives it: the sender's message with "from" set to
// `from`, whatever the sender wrote there. `from` must be a valid peer id.
std::string relay_frame(const RelayRequest& relay, std::string_view from);

// [SECTION] Reading them, on the client

struct Welcome {
  std::string room;
  PeerInfo self;
  std::vector<PeerInfo> peers;
  std::vector<ports::IceServer> ice_servers;
  std::string resume_secret;  // empty when the server sent none
  bool resumed = false;       // our seat was kept: see welcome_message
};
struct PeerJoined {
  PeerInfo peer;
  bool resumed = false;
};
struct PeerLeft {
  std::string peer_id;
};
// A message another peer sent (offer, answer, ice-candidate, ...), as the server relayed it.
struct Relayed {
  std::string type;
  std::string from;
  nlohmann::json message;
};
struct ServerError {
  std::string code;
  std::string message;
};
struct ServerShutdown {};
struct Pong {};
// Fresh ICE servers (see ice_servers_message).
struct IceServersRenewed {
  std::vector<ports::IceServer> ice_servers;
};
// Not for this client: an unknown type or a malformed message. Ignored, as the protocol
// lets servers add types.
struct IgnoredMessage {
  std::string why;
};

using ServerMessage = std::variant<Welcome, PeerJoined, PeerLeft, Relayed, ServerError,
                                   ServerShutdown, Pong, IceServersRenewed, IgnoredMessage>;

ServerMessage parse_server_message(std::string_view text);

}  // namespace parley::protocol
