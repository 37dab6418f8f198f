// The stable error codes of the signaling protocol: {type:"error", code, message}.
// Codes never change meaning; clients may switch on them. Messages are for people.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace parley::protocol {

enum class ErrorCode {
  kBadJson,        // not JSON, not UTF-8, or nested too deep
  kBadMessage,     // JSON, but not a valid message (wrong field types, bad ids)
  kUnknownType,    // a "type" this server does not know
  kNotJoined,      // a room message before join
  kAlreadyJoined,  // a second join on the same connection
  kUnknownTarget,  // relay to a peer not in the sender's room
  kRoomFull,       // the room has reached its capacity
  kIdTaken,        // the requested peerId is in use in that room
  kUnauthorized,   // missing, wrong or expired token
  kRateLimited,    // too many messages too fast
  kTooLarge,       // a frame above the size limit
  kPeerBusy,       // a relay to a peer whose queue is too full to take it
  kUnavailable,    // the shared room service (Redis) cannot be reached now; try again
};
// "server-full" is not among them: a full server refuses the connection before any
// WebSocket exists (HTTP 503, src/server/listener.h).
inline constexpr std::size_t kErrorCodeCount =
    static_cast<std::size_t>(ErrorCode::kUnavailable) + 1;

std::string_view to_string(ErrorCode code);

struct ProtocolError {
  ErrorCode code;
  std::string message;
};

}  // namespace parley::protocol
