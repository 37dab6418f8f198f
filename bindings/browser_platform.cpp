#include "bindings/browser_platform.h"

#include <emscripten/val.h>

#include <string>

#include "bindings/browser_peer_connection.h"
#include "bindings/browser_signaling_socket.h"
#include "core/call/signaling_rehearsal.h"

namespace parley::bindings {

BrowserPlatform::BrowserPlatform() : devices_(media_), spare_peer_connection_(media_) {
  // Before anyone joins: the first offer of a call is then handled by compiled code
  // (core/call/signaling_rehearsal.h says why and what it saves).
  if (!call::rehearse_signaling()) {
    emscripten::val::global("console").call<void>(
        "warn", std::string("Parley: the signaling rehearsal did not round-trip"));
  }
}

call::Call::Platform BrowserPlatform::platform() {
  return {
      BrowserSignalingSocket::factory(),
      BrowserPeerConnection::factory(media_, spare_peer_connection_),
      devices_,
      scheduler_,
      [] { return emscripten::val::global("Math").call<double>("random"); },
      [] { return static_cast<std::int64_t>(emscripten::val::global("Date").call<double>("now")); },
      hasher_,
      [](const std::string& key) { return std::make_unique<BrowserFileSink>(key); },
      [this](const std::optional<ports::ConnectionPlan>& plan) {
        spare_peer_connection_.prepare(plan);
      }};
}

}  // namespace parley::bindings
