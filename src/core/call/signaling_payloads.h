// The fields peers exchange through the server, in the reference design's shapes, so a
// plain JavaScript client understands them:
//   offer / answer   {"sdp": {"type": "offer", "sdp": "v=0..."}}     (RTCSessionDescription)
//   ice-candidate    {"candidate": {"candidate": "candidate:...", "sdpMid": "0",
//                                   "sdpMLineIndex": 0, "usernameFragment": "..."}}
// Reading is lenient where the reference is ("sdp" may be the bare SDP string) and strict
// about what a peer connection needs.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/ports/peer_connection.h"

namespace parley::call {

nlohmann::json description_fields(const ports::SessionDescription& description);
nlohmann::json candidate_fields(const ports::IceCandidate& candidate);

const char* message_type(ports::SessionDescription::Type type);  // "offer" / "answer"

// From a relayed offer or answer message; nothing if it carries no usable SDP.
std::optional<ports::SessionDescription> description_from(const nlohmann::json& message);
// From a relayed ice-candidate message; nothing for null (end of candidates) or junk.
std::optional<ports::IceCandidate> candidate_from(const nlohmann::json& message);

}  // namespace parley::call
