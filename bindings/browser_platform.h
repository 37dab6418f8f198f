// Everything a Call needs from the browser, in one place: its clock and timers, its
// WebSocket, RTCPeerConnection and media devices, and Math.random for jitter. The
// JavaScript API and the ImGui app each own one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "bindings/browser_files.h"
#include "bindings/browser_media_devices.h"
#include "bindings/browser_scheduler.h"
#include "bindings/js_function.h"
#include "bindings/media_registry.h"
#include "bindings/spare_peer_connection.h"
#include "core/call/call.h"
#include "core/call/connection_rehearsal.h"

namespace parley::bindings {

class BrowserPlatform {
 public:
  BrowserPlatform();
  ~BrowserPlatform();
  call::Call::Platform platform();
  // `callback` on the window's "online" event (the network is back); replaces the last one.
  void on_network_back(std::function<void()> callback);
  MediaRegistry& media() { return media_; }
  BrowserMediaDevices& devices() { return devices_; }
  BrowserScheduler& scheduler() { return scheduler_; }

  // Rehearses a call (core/call/connection_rehearsal.h says why): two Calls in this page,
  // with a media registry of their own and no spare connection, so nothing of theirs
  // reaches a real call. `done(connected)` when it is over; cancel_rehearsal() (a join
  // calls it) ends it early without a word. Without RTCPeerConnection: done(false) at once.
  void rehearse_connection(std::function<void(bool connected)> done);
  void cancel_rehearsal();

 private:
  struct Rehearsal {
    MediaRegistry media;
    SparePeerConnection never_prepared{media};
    std::unique_ptr<call::ConnectionRehearsal> run;
  };

  BrowserScheduler scheduler_;
  MediaRegistry media_;
  BrowserMediaDevices devices_;
  BrowserHasher hasher_;
  SparePeerConnection spare_peer_connection_;
  std::unique_ptr<Rehearsal> rehearsal_;
  std::unique_ptr<JsFunction> online_handler_;
  std::uint64_t rehearsals_started_ = 0;
};

}  // namespace parley::bindings
