// Which W3C call sends a local track on a peer connection: core's negotiation policy,
// applied by PeerSession to whatever implements ports::PeerConnection (the browser's, or
// the fake's miniature JSEP), so GoogleTest sees the rule the browser runs.
//
//   const auto step = plan_send_track(kind, track, wanted, pc.transceivers(),
//                                     pc.signaling_state(), local_description_pending);
//
// - No transceiver of the kind yet: addTransceiver (renegotiates) - sendrecv, or recvonly
//   when there is no track and none is `wanted` (LocalTracks::wanted).
// - No track, none wanted, and a transceiver that has never been made to send (one a
//   remote offer made): nothing, so the answer says recvonly.
// - A transceiver a remote offer made, before our answer to it is begun: addTrack, which
//   adopts it at once, so the answer carries the track. replaceTrack would queue behind
//   the pending negotiation and delay the answer. Once the answer is under way the
//   transceiver may count as having sent by the time addTrack runs, and addTrack would add
//   a second transceiver: replaceTrack is the safe call then.
// - Otherwise replaceTrack (no renegotiation), first setting the direction to sendrecv if
//   it is not; nothing at all when that track is already what it sends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/peer_connection.h"

namespace parley::call {

struct SendStep {
  enum class Action : std::uint8_t { kNothing, kAddTransceiver, kAddTrack, kReplaceTrack };
  Action action = Action::kNothing;
  std::size_t transceiver = 0;  // kReplaceTrack: which one
  bool make_sendrecv = false;   // kReplaceTrack: set its direction to sendrecv first
  ports::Direction direction = ports::Direction::kSendRecv;  // kAddTransceiver: its direction
};

// The direction a new transceiver of a kind starts with: recvonly when there is no track and
// none is wanted, else sendrecv.
ports::Direction first_direction(const std::optional<std::string>& track, bool wanted);

SendStep plan_send_track(ports::MediaKind kind, const std::optional<std::string>& track,
                         bool wanted, const std::vector<ports::TransceiverInfo>& transceivers,
                         ports::SignalingState state, bool local_description_pending);

}  // namespace parley::call
