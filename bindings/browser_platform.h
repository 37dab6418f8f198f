// Everything a Call needs from the browser, in one place: its clock and timers, its
// WebSocket, RTCPeerConnection and media devices, and Math.random for jitter. The
// JavaScript API and the ImGui app each own one.
#pragma once

#include "bindings/browser_files.h"
#include "bindings/browser_media_devices.h"
#include "bindings/browser_scheduler.h"
#include "bindings/media_registry.h"
#include "bindings/spare_peer_connection.h"
#include "core/call/call.h"

namespace parley::bindings {

class BrowserPlatform {
 public:
  BrowserPlatform();
  call::Call::Platform platform();
  MediaRegistry& media() { return media_; }
  BrowserMediaDevices& devices() { return devices_; }
  BrowserScheduler& scheduler() { return scheduler_; }

 private:
  BrowserScheduler scheduler_;
  MediaRegistry media_;
  BrowserMediaDevices devices_;
  BrowserHasher hasher_;
  SparePeerConnection spare_peer_connection_;
};

}  // namespace parley::bindings
