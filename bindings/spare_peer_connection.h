// One RTCPeerConnection made ahead of need. Chromium's RTCPeerConnection constructor
// blocks the page while the browser's WebRTC thread builds the connection - 2 to 26 ms
// measured during call setup (tools/bench/call-setup), on the path between a peer's
// offer and our answer. The core hints when a connection will likely be needed soon, and
// what for (Call::Platform::prepare_peer_connection, ports::ConnectionPlan); the next
// factory call for the same request takes the one made then.
//
// An offering plan's connection also gets its first offer ready: transceivers, data
// channels and setLocalDescription() done while nobody waits, so when a newcomer arrives
// the offer - with its ICE candidates already gathered - leaves at once. Measured with
// tools/bench/call-setup STEPS=1: from the newcomer's announcement to our offer leaving,
// median 23-26 ms before, 8-12 ms after (the plain client: 19-24 ms).
#pragma once

#include <emscripten/val.h>

#include <map>
#include <optional>
#include <string>

#include "bindings/media_registry.h"
#include "core/ports/peer_connection.h"

namespace parley::bindings {

// What a new BrowserPeerConnection starts from.
struct PreparedConnection {
  emscripten::val pc;
  // The promise of its prepared offer being set locally; null when none was prepared.
  emscripten::val offer = emscripten::val::null();
  // Prepared data channels by label, for the session to claim.
  std::map<std::string, emscripten::val> channels;
};

class SparePeerConnection {
 public:
  explicit SparePeerConnection(MediaRegistry& media) : media_(media) {}
  ~SparePeerConnection();
  SparePeerConnection(const SparePeerConnection&) = delete;
  SparePeerConnection& operator=(const SparePeerConnection&) = delete;

  // Makes one for `plan` unless one for the same request is ready; nullopt closes it.
  void prepare(const std::optional<ports::ConnectionPlan>& plan);
  // The spare if it was made for `request`, or a new RTCPeerConnection.
  PreparedConnection take(const ports::ConnectionRequest& request);

 private:
  void prepare_offer(PreparedConnection& spare, const ports::ConnectionPlan& plan);
  void drop();

  MediaRegistry& media_;
  std::optional<PreparedConnection> spare_;
  std::string key_;  // the request it was made for, as text
};

// RTCConfiguration for `configuration`.
emscripten::val rtc_configuration_of(const ports::RtcConfiguration& configuration);

// RTCRtpTransceiverDirection's name for `direction`.
const char* direction_name(ports::Direction direction);

// Adds a transceiver to `pc` sending `track` (or, when it is null, nothing yet but of
// `kind`) in `stream` - as a session's first offer has them (call/send_plan.h decides
// `direction`).
void add_sending_transceiver(emscripten::val pc, const char* kind, const emscripten::val& track,
                             const emscripten::val& stream, ports::Direction direction);

}  // namespace parley::bindings
