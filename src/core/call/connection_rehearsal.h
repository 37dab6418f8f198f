// A call between two people inside this page, before the person joins anything: two Calls
// join a room of an in-memory server (RehearsalRoom), one offers to the other through the
// real peer-connection factory, ICE and DTLS connect and the chat channels say hello;
// no media (the rehearsal has no devices), no server, nothing off this machine.
//
//   ConnectionRehearsal rehearsal(peer_connections, scheduler, hasher, 3s,
//                                 [](bool connected) { ... });
//
// Why: a browser compiles each wasm function the first time it runs, on the page's main
// thread - and the browser's WebRTC threads post work to that thread (the newcomer's ICE
// sockets, for one). A fresh page's first real call would compile its whole path
// (signaling, sessions, peer-connection and data-channel bindings, chat and file links)
// in the middle of its setup. Rehearsed while nothing waits, it runs compiled code when
// it matters. tools/bench/call-setup measures the difference (README: call setup).
//
// Finishes - `done(true)` - when each Call has the other connected with its chat channel
// up, or `done(false)` after `limit`; both Calls have left before `done`, which comes a
// task after that (it may destroy the rehearsal).
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "core/call/call.h"
#include "core/call/rehearsal_room.h"
#include "core/ports/files.h"
#include "core/ports/peer_connection.h"
#include "core/ports/scheduler.h"

namespace parley::call {

class ConnectionRehearsal {
 public:
  ConnectionRehearsal(ports::PeerConnectionFactory peer_connections, ports::Scheduler& scheduler,
                      ports::Hasher& hasher, std::chrono::milliseconds limit,
                      std::function<void(bool connected)> done);
  ~ConnectionRehearsal();
  ConnectionRehearsal(const ConnectionRehearsal&) = delete;
  ConnectionRehearsal& operator=(const ConnectionRehearsal&) = delete;

 private:
  class NoDevices;

  std::unique_ptr<Call> make_call(const char* name, ports::PeerConnectionFactory peer_connections,
                                  ports::Hasher& hasher);
  void check_done();
  void finish(bool connected);

  ports::Scheduler& scheduler_;
  std::function<void(bool)> done_;
  ports::Timer limit_;
  ports::Timer checks_;
  RehearsalRoom room_;
  std::unique_ptr<NoDevices> devices_;
  std::unique_ptr<Call> first_;
  std::unique_ptr<Call> second_;
  bool finished_ = false;
};

}  // namespace parley::call
