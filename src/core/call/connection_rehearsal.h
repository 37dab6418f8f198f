// A call between two sessions inside this page, before the person joins anything: an
// offer, an answer, ICE candidates and a data channel between two PeerSessions through
// the real peer-connection factory, carried in memory instead of through a server, with
// no media.
//
//   ConnectionRehearsal rehearsal(factory, scheduler, 3s, [](bool connected) { ... });
//
// Why: a browser compiles each wasm function the first time it runs, on the page's main
// thread - and the browser's WebRTC threads post work to that thread (the newcomer's ICE
// sockets, for one). A fresh page's first real call would compile the whole
// negotiation path (sessions, peer-connection and data-channel bindings) in the middle of
// its setup. Rehearsed while nothing waits, it runs compiled code when it matters.
// (tools/bench/call-setup with EXTRA_CHROMIUM_ARGS=--js-flags=--no-wasm-lazy-compilation
// prices what lazy compilation costs a call's setup; README says by how much.)
//
// Finishes - `done(true)` - when both sessions are connected and the data channel is open,
// or `done(false)` after `limit`; both sessions are closed before `done` is called.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/call/peer_session.h"
#include "core/ports/data_channel.h"
#include "core/ports/peer_connection.h"
#include "core/ports/scheduler.h"

namespace parley::call {

class ConnectionRehearsal {
 public:
  ConnectionRehearsal(const ports::PeerConnectionFactory& factory, ports::Scheduler& scheduler,
                      std::chrono::milliseconds limit, std::function<void(bool connected)> done);
  ~ConnectionRehearsal();
  ConnectionRehearsal(const ConnectionRehearsal&) = delete;
  ConnectionRehearsal& operator=(const ConnectionRehearsal&) = delete;

  bool finished() const { return finished_; }

 private:
  struct Side {
    explicit Side(std::string name) : id(std::move(name)) {}
    std::string id;
    std::unique_ptr<PeerSession> session;
    std::unique_ptr<ports::DataChannel> channel;
    bool connected = false;
    bool channel_open = false;
  };

  void open(Side& self, Side& other, bool offering, const ports::PeerConnectionFactory& factory);
  void open_channel(Side& self);
  void check_done();
  void finish(bool connected);

  ports::Scheduler& scheduler_;
  std::function<void(bool)> done_;
  ports::Timer limit_;
  ports::Timer delivery_;
  Side offerer_{"rehearsal-offerer"};
  Side answerer_{"rehearsal-answerer"};
  const LocalTracks no_tracks_;
  bool finished_ = false;
  // Messages between the sessions, delivered a task later as a server would.
  std::vector<std::function<void()>> in_flight_;
};

}  // namespace parley::call
