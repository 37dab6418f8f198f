// What a Call tells the page that embeds it (and the ImGui app): one variant per event,
// named as the JavaScript API names them (bindings/ forwards them to on(event, handler)).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "core/call/connection_quality.h"
#include "core/call/peer_session.h"
#include "core/chat/chat_message.h"
#include "core/ports/peer_connection.h"
#include "core/transfer/transfer_view.h"

namespace parley::call {

namespace events {
// The signaling server confirmed us in the room (again, after a lost connection).
struct Joined {
  std::string room;
  std::string peer_id;
  bool rejoined = false;
};
struct PeerJoined {
  std::string peer_id;
  std::string name;
};
struct PeerLeft {
  std::string peer_id;
};
// A peer's connection, or (peer_id empty) the signaling connection, changed state.
struct ConnectionState {
  std::string peer_id;
  std::string state;
};
struct Track {
  std::string peer_id;
  ports::RemoteTrack track;
};
// What this client sends changed (camera switched, screen shared, media acquired).
struct LocalTracksChanged {
  LocalTracks tracks;
};
// What a remote person says they send: microphone and camera (or screen) on or off.
struct PeerMedia {
  std::string peer_id;
  bool microphone = true;
  bool camera = true;
};
// A chat message: one that arrived, or our own (own = true) as sent.
struct Chat {
  chat::ChatMessage message;
  bool own = false;
};
// A file transfer, either way, changed state (or, at most every 250 ms, progress).
struct Transfer {
  transfer::TransferView view;
};
struct Error {
  std::string code;
  std::string message;
  std::string peer_id;  // empty unless it concerns one peer
  bool fatal = false;   // the call cannot go on (e.g. unauthorized, room full)
};
// A connected peer's quality changed (rated from each stats sample: round-trip time and
// inbound loss, core/call/connection_quality.h); figures are the sample's.
struct Quality {
  std::string peer_id;
  ConnectionQuality quality = ConnectionQuality::kUnknown;
  std::optional<double> rtt_ms;
  std::optional<double> packet_loss_percent;
};
// The call is over and its camera and microphone are stopped: reason "left" after leave(),
// otherwise the code of the fatal error that ended it (room-full, unauthorized, ...).
struct Left {
  std::string reason;
};
}  // namespace events

using CallEvent =
    std::variant<events::Joined, events::PeerJoined, events::PeerLeft, events::ConnectionState,
                 events::Track, events::LocalTracksChanged, events::PeerMedia, events::Chat,
                 events::Transfer, events::Error, events::Quality, events::Left>;

}  // namespace parley::call
