// One RTCPeerConnection made ahead of need. Chromium's RTCPeerConnection constructor
// blocks the page while the browser's WebRTC thread builds the connection - 2 to 26 ms
// measured during call setup (tools/bench/call-setup), on the path between a peer's
// offer and our answer. The core hints when a connection will likely be needed soon
// (Call::Platform::prepare_peer_connection); the next factory call with the same
// configuration takes the one made then.
#pragma once

#include <emscripten/val.h>

#include <optional>
#include <string>

#include "core/ports/peer_connection.h"

namespace parley::bindings {

class SparePeerConnection {
 public:
  SparePeerConnection() = default;
  ~SparePeerConnection();
  SparePeerConnection(const SparePeerConnection&) = delete;
  SparePeerConnection& operator=(const SparePeerConnection&) = delete;

  // Makes one for `configuration` unless one is ready; nullopt closes the one held.
  void prepare(const std::optional<ports::RtcConfiguration>& configuration);
  // The spare if it was made for `configuration`, or a new RTCPeerConnection.
  emscripten::val take(const ports::RtcConfiguration& configuration);

 private:
  void drop();

  emscripten::val spare_ = emscripten::val::null();
  std::string key_;  // the configuration it was made with, as JSON
};

// RTCConfiguration for `configuration`.
emscripten::val rtc_configuration_of(const ports::RtcConfiguration& configuration);

}  // namespace parley::bindings
