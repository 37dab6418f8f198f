#include "bindings/browser_platform.h"

#include <emscripten/val.h>

#include <string>

#include "bindings/browser_peer_connection.h"
#include "bindings/browser_signaling_socket.h"

namespace parley::bindings {

BrowserPlatform::BrowserPlatform() : devices_(media_), spare_peer_connection_(media_) {}

BrowserPlatform::~BrowserPlatform() {
  on_network_back(nullptr);
}

// The window's "online" and, where the browser has it, navigator.connection's "change"
// (a move from one network to another need not pass through "offline"), while online.
void BrowserPlatform::on_network_back(std::function<void()> callback) {
  const emscripten::val window = emscripten::val::global("window");
  if (window.isUndefined()) return;
  const emscripten::val connection = window["navigator"]["connection"];
  const bool has_connection = !connection.isUndefined() && !connection.isNull();
  if (online_handler_) {
    window.call<void>("removeEventListener", std::string("online"), online_handler_->function());
    if (has_connection)
      connection.call<void>("removeEventListener", std::string("change"),
                            online_handler_->function());
    online_handler_.reset();
  }
  if (!callback) return;
  // A change to "no network" has nothing to restart on.
  online_handler_ = std::make_unique<JsFunction>([callback = std::move(callback)](emscripten::val) {
    const emscripten::val online = emscripten::val::global("navigator")["onLine"];
    if (online.isUndefined() || online.as<bool>()) callback();
  });
  window.call<void>("addEventListener", std::string("online"), online_handler_->function());
  if (has_connection)
    connection.call<void>("addEventListener", std::string("change"), online_handler_->function());
}

void BrowserPlatform::rehearse_connection(std::function<void(bool connected)> done) {
  cancel_rehearsal();
  if (emscripten::val::global("RTCPeerConnection").isUndefined()) return done(false);
  rehearsal_ = std::make_unique<Rehearsal>();
  // Long enough for a loaded machine; a rehearsal that cannot connect (no network
  // interface at all) costs nothing after it.
  constexpr std::chrono::seconds kLimit{3};
  rehearsal_->run = std::make_unique<call::ConnectionRehearsal>(
      BrowserPeerConnection::factory(rehearsal_->media, rehearsal_->never_prepared), scheduler_,
      hasher_, kLimit,
      [this, done = std::move(done), mine = ++rehearsals_started_](bool connected) {
        // A task after it finished (ConnectionRehearsal posts `done`); a newer rehearsal
        // may have replaced this one meanwhile.
        if (mine == rehearsals_started_) rehearsal_.reset();
        done(connected);
      });
}

void BrowserPlatform::cancel_rehearsal() {
  rehearsal_.reset();
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
