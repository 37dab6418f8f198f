// Messages a client sends to the signaling server, parsed and validated.
//
// Compatible with the reference design: a client that sends only
// {type:"join", room, peerId} and {type:"offer"|"answer"|"ice-candidate", target, ...}
// works unchanged. Parley clients may add name, token and "leave".
//
//   auto parsed = parse_client_message(frame, limits);
//   std::visit(overloaded{
//       [](const JoinRequest& join) { ... },
//       [](const RelayRequest& relay) { ... forward relay_frame(relay, sender) ... },
//       [](const LeaveRequest&) { ... },
//       [](const ProtocolError& error) { ... send error_message(error) ... }}, parsed);
//
// Checks run cheapest first and bound the work of hostile input: size, then one
// non-recursive scan (src/core/base/json_scan.h) that validates the JSON, its UTF-8 and its
// depth and picks out the top-level fields. Relays - nearly all traffic - are answered
// from that scan; joins and unusual spellings (escaped keys) are parsed with nlohmann.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/protocol/error_code.h"

namespace parley::protocol {

struct ProtocolLimits {
  std::size_t max_message_bytes = 64 * 1024;
  std::size_t max_json_depth = 16;
  std::size_t max_name_bytes = 64;
  std::size_t max_token_bytes = 1024;
  std::size_t max_resume_secret_bytes = 128;
};

struct JoinRequest {
  std::string room;
  std::optional<std::string> peer_id;  // kept if free in the room, else id-taken
  std::string name;                    // display name, may be empty
  std::optional<std::string> token;    // required when the server has an auth secret
  // A client coming back after a lost connection, with its peer connections still up. It
  // must present the "resumeSecret" of its last welcome; back in the seat the server kept,
  // the room hears nothing (rooms/room_registry.h); after a server restart the room hears
  // peer-joined with "resumed": true and keeps its sessions.
  bool resume = false;
  std::optional<std::string> resume_secret = std::nullopt;
};

struct LeaveRequest {};

// The close code of a client that gives up on a connection it takes for dead and will
// resume on a new one (a private-use code, RFC 6455 7.4.2). Should that close frame still
// reach the server, the seat is held as for a lost connection, not freed as for a page
// that closed; any other close frame from a client means it is gone.
inline constexpr std::uint16_t kResumingCloseCode = 4000;

// {type:"ping"}: answered with {type:"pong"} to the sender alone, in a room or not. A
// Parley client sends one every few seconds to notice a connection that died without a
// close (a laptop's lid, a NAT that forgot it); reference clients never send it.
struct PingRequest {};

// offer / answer / ice-candidate: forwarded verbatim to `target` in the sender's room,
// with `from` set by the server (see relay_frame in server_message.h).
struct RelayRequest {
  std::string type;
  std::string target;
  std::string_view frame;       // the message exactly as received (the caller's buffer)
  bool has_from_field = false;  // the client wrote its own "from", which must be replaced
};

using ParsedClientMessage =
    std::variant<JoinRequest, LeaveRequest, PingRequest, RelayRequest, ProtocolError>;

ParsedClientMessage parse_client_message(std::string_view frame, const ProtocolLimits& limits);

namespace detail {
// The same decision made from a full nlohmann parse of a frame that already passed the
// scan. parse_client_message uses it for joins and escaped keys; the fuzz target checks
// that both paths agree on everything else.
ParsedClientMessage parse_client_message_with_dom(std::string_view frame,
                                                  const ProtocolLimits& limits);
}  // namespace detail

// The message types the server forwards between peers.
bool is_relayed_type(std::string_view type);

// What a client sends, as text frames.
std::string join_message(const JoinRequest& join);
// {type, target, ...fields}: fields must be an object without "type" or "target".
std::string relay_message(std::string_view type, std::string_view target,
                          const nlohmann::json& fields);
std::string leave_message();
std::string ping_message();

}  // namespace parley::protocol
