// Joins a room on parley-server and stays joined.
//
//   SignalingClient signaling({.url = ..., .room = "team-sync", .name = "Ada"}, socket_factory,
//                             scheduler, random01, handlers);
//   signaling.start();                                  // connect, join
//   signaling.send("bob", "offer", {{"sdp", ...}});     // queued until joined
//   signaling.leave();                                  // for good
//
// - A lost connection is retried with backoff and jitter (reconnect_policy.h); the client
//   rejoins the same room with the same peer id, "resume": true and the resume secret of
//   its last welcome (which proves the id is ours), so peers keep their sessions, and
//   handlers.on_welcome says it is a rejoin.
// - Outgoing messages are never dropped silently: while not joined they are queued and
//   sent in order after the next welcome; a full queue refuses with an error event.
//   (A message the socket took just before the connection died can still be lost: a
//   PeerSession makes an offer that gets no answer again.)
// - A connection that died without closing (a sleeping laptop, a NAT that forgot it) is
//   noticed by a heartbeat: once joined, a ping every `heartbeat_interval`; when the
//   server has answered one (parley-server does; a reference server need not) and then
//   sends nothing at all for 2.5 intervals, the socket is dropped and the client
//   reconnects.
// - Refusals that retrying cannot cure (unauthorized, room-full, a first join whose id is
//   taken, a malformed join) end in State::kFailed with an error; the others (a rejoin
//   whose id the server still holds for the dead connection) are retried.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/call/reconnect_policy.h"
#include "core/ports/scheduler.h"
#include "core/ports/signaling_socket.h"
#include "core/protocol/server_message.h"

namespace parley::call {

class SignalingClient {
 public:
  enum class State { kIdle, kConnecting, kJoining, kJoined, kWaitingToReconnect, kLeft, kFailed };

  struct Options {
    std::string url;
    std::string room;
    std::string name;
    std::optional<std::string> peer_id;  // none: the server assigns one
    std::optional<std::string> token;    // for servers run with --auth-secret
    ReconnectPolicy reconnect;
    std::size_t max_queued_messages = 1024;
    std::chrono::milliseconds heartbeat_interval{10'000};  // 0: none
    // After the browser's "online" event: how long a pong may take before the socket is
    // taken for dead.
    std::chrono::milliseconds network_back_probe{3'000};
  };

  struct Error {
    std::string code;  // the server's error code, or "signaling-queue-full"
    std::string message;
    bool fatal = false;  // the client gave up (State::kFailed)
  };

  struct Handlers {
    std::function<void(State)> on_state;
    std::function<void(const protocol::Welcome&, bool rejoined)> on_welcome;
    std::function<void(const protocol::PeerJoined&)> on_peer_joined;
    std::function<void(const protocol::PeerLeft&)> on_peer_left;
    std::function<void(const protocol::Relayed&)> on_relayed;
    std::function<void(const Error&)> on_error;
    // Fresh ICE servers (TURN credentials) while joined; a welcome carries its own.
    std::function<void(const std::vector<ports::IceServer>&)> on_ice_servers;
  };

  SignalingClient(Options options, ports::SignalingSocketFactory socket_factory,
                  ports::Scheduler& scheduler, std::function<double()> random01, Handlers handlers);
  ~SignalingClient();

  void start();
  // Sends {type, target, ...fields} to a peer in the room, now or after the next welcome.
  void send(const std::string& target, const std::string& type, const nlohmann::json& fields);
  void leave();
  // The network is back (the browser's "online" event): a reconnect waiting out its
  // backoff happens now, and an open connection is pinged at once and dropped (then
  // resumed) if a server that answers pings stays silent for network_back_probe. A server
  // that offers resume (parley-server) is reconnected to at once instead.
  void network_back();

  State state() const { return state_; }
  // The id the server confirmed in the last welcome (none before the first).
  const std::optional<std::string>& peer_id() const { return peer_id_; }
  std::size_t queued_messages() const { return queue_.size(); }
  unsigned reconnect_attempts() const { return attempt_; }

 private:
  void connect();
  void on_open();
  void on_message(const std::string& text);
  void on_close(std::uint16_t code, const std::string& reason);
  void on_server_error(const protocol::ServerError& error);
  void schedule_reconnect();
  void fail(Error error);
  void set_state(State state);
  void flush_queue();
  void heartbeat();
  void drop_connection();  // closes the socket without waiting and reconnects

  Options options_;
  ports::SignalingSocketFactory socket_factory_;
  std::function<double()> random01_;
  Handlers handlers_;

  std::unique_ptr<ports::SignalingSocket> socket_;
  ports::Scheduler& scheduler_;
  ports::Timer reconnect_timer_;
  ports::Timer heartbeat_timer_;
  bool pong_heard_ = false;  // on this connection: the server answers pings (or said it will)
  ports::Scheduler::Clock::time_point last_heard_{};
  State state_ = State::kIdle;
  std::optional<std::string> peer_id_;
  std::string resume_secret_;  // from the last welcome
  bool joined_before_ = false;
  unsigned attempt_ = 0;
  std::deque<std::string> queue_;
};

const char* to_string(SignalingClient::State state);

}  // namespace parley::call
