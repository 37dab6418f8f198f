#include "core/call/signaling_client.h"

#include <utility>

#include "core/base/overloaded.h"
#include "core/protocol/client_message.h"

namespace parley::call {
namespace {

// Server refusals of a join that no retry can cure.
bool is_fatal_join_error(const std::string& code, bool rejoining) {
  if (code == "id-taken") return !rejoining;  // on a rejoin: the server still holds the old one
  return code == "unauthorized" || code == "room-full" || code == "bad-message";
}

}  // namespace

const char* to_string(SignalingClient::State state) {
  switch (state) {
    case SignalingClient::State::kIdle:
      return "idle";
    case SignalingClient::State::kConnecting:
      return "connecting";
    case SignalingClient::State::kJoining:
      return "joining";
    case SignalingClient::State::kJoined:
      return "joined";
    case SignalingClient::State::kWaitingToReconnect:
      return "reconnecting";
    case SignalingClient::State::kLeft:
      return "left";
    case SignalingClient::State::kFailed:
      return "failed";
  }
  return "unknown";
}

SignalingClient::SignalingClient(Options options, ports::SignalingSocketFactory socket_factory,
                                 ports::Scheduler& scheduler, std::function<double()> random01,
                                 Handlers handlers)
    : options_(std::move(options)),
      socket_factory_(std::move(socket_factory)),
      random01_(std::move(random01)),
      handlers_(std::move(handlers)),
      scheduler_(scheduler),
      reconnect_timer_(scheduler),
      heartbeat_timer_(scheduler) {
  peer_id_ = options_.peer_id;
}

SignalingClient::~SignalingClient() {
  if (socket_) socket_->close();
}

void SignalingClient::start() {
  if (state_ != State::kIdle) return;
  connect();
}

void SignalingClient::connect() {
  set_state(State::kConnecting);
  socket_ = socket_factory_(
      options_.url,
      {.on_open = [this] { on_open(); },
       .on_message = [this](std::string text) { on_message(text); },
       .on_close = [this](std::uint16_t code, std::string reason) { on_close(code, reason); }});
}

void SignalingClient::on_open() {
  set_state(State::kJoining);
  protocol::JoinRequest join;
  join.room = options_.room;
  join.peer_id = peer_id_;
  join.name = options_.name;
  join.token = options_.token;
  join.resume = joined_before_;
  // The server holds our id for us after a lost connection; the secret proves it is us.
  if (join.resume && !resume_secret_.empty()) join.resume_secret = resume_secret_;
  socket_->send(protocol::join_message(join));
}

void SignalingClient::on_message(const std::string& text) {
  // Anything from the server shows the connection lives, not only a pong: a pong can wait
  // behind a long backlog of relays.
  last_heard_ = scheduler_.now();
  std::visit(Overloaded{
                 [&](const protocol::Welcome& welcome) {
                   if (state_ != State::kJoining) return;
                   peer_id_ = welcome.self.peer_id;
                   resume_secret_ = welcome.resume_secret;
                   attempt_ = 0;
                   const bool rejoined = joined_before_;
                   joined_before_ = true;
                   set_state(State::kJoined);
                   // A server that offers resume is parley-server, which answers pings: a
                   // connection that dies before its first pong (a laptop that changes
                   // networks right after joining) is noticed too. Others must show it.
                   pong_heard_ = !welcome.resume_secret.empty();
                   if (options_.heartbeat_interval.count() > 0)
                     heartbeat_timer_.start(options_.heartbeat_interval, [this] { heartbeat(); });
                   flush_queue();
                   if (handlers_.on_welcome) handlers_.on_welcome(welcome, rejoined);
                 },
                 [&](const protocol::PeerJoined& joined) {
                   if (state_ == State::kJoined && handlers_.on_peer_joined)
                     handlers_.on_peer_joined(joined);
                 },
                 [&](const protocol::PeerLeft& left) {
                   if (state_ == State::kJoined && handlers_.on_peer_left)
                     handlers_.on_peer_left(left);
                 },
                 [&](const protocol::Relayed& relayed) {
                   if (state_ == State::kJoined && handlers_.on_relayed)
                     handlers_.on_relayed(relayed);
                 },
                 [&](const protocol::ServerError& error) { on_server_error(error); },
                 [&](const protocol::Pong&) { pong_heard_ = true; },
                 [&](const protocol::IceServersRenewed& renewed) {
                   if (state_ == State::kJoined && handlers_.on_ice_servers)
                     handlers_.on_ice_servers(renewed.ice_servers);
                 },
                 [&](const protocol::ServerShutdown&) {
                   // The server closes next (1001); on_close schedules the reconnect.
                 },
                 [&](const protocol::IgnoredMessage&) {},
             },
             protocol::parse_server_message(text));
}

void SignalingClient::on_server_error(const protocol::ServerError& error) {
  if (state_ == State::kJoining) {
    if (is_fatal_join_error(error.code, joined_before_)) {
      return fail({error.code, error.message, /*fatal=*/true});
    }
    // Retry later: drop this connection and come back after the backoff.
    socket_->close();
    socket_.reset();
    return schedule_reconnect();
  }
  if (handlers_.on_error) handlers_.on_error({error.code, error.message, false});
}

void SignalingClient::heartbeat() {
  if (state_ != State::kJoined || !socket_) return;
  const auto silent_for = scheduler_.now() - last_heard_;
  if (pong_heard_ && silent_for > options_.heartbeat_interval * 5 / 2) return drop_connection();
  socket_->send(protocol::ping_message());
  heartbeat_timer_.start(options_.heartbeat_interval, [this] { heartbeat(); });
}

void SignalingClient::drop_connection() {
  heartbeat_timer_.stop();
  if (socket_) socket_->close_to_resume();
  socket_.reset();
  schedule_reconnect();
}

void SignalingClient::network_back() {
  if (state_ == State::kWaitingToReconnect) {
    reconnect_timer_.stop();
    return connect();
  }
  if (state_ != State::kJoined || !socket_) return;
  if (!resume_secret_.empty()) {
    // parley-server gives our seat back silently to a resume, so a socket that may have
    // lost its address is replaced at once rather than probed: what is sent meanwhile
    // (an ICE restart's offer) waits in the queue instead of going into a dead socket.
    heartbeat_timer_.stop();
    socket_->close_to_resume();
    socket_.reset();
    return connect();
  }
  if (options_.heartbeat_interval.count() == 0) return;
  // The network changed under an open socket, which may have died without a word (its
  // server may even have dropped us meanwhile): ask now rather than at the next heartbeat.
  // A server that has answered pings and says nothing within the probe is gone.
  const auto asked_at = scheduler_.now();
  socket_->send(protocol::ping_message());
  heartbeat_timer_.start(options_.network_back_probe, [this, asked_at] {
    if (pong_heard_ && last_heard_ < asked_at) return drop_connection();
    heartbeat();
  });
}

void SignalingClient::on_close(std::uint16_t, const std::string&) {
  heartbeat_timer_.stop();
  socket_.reset();
  if (state_ == State::kLeft || state_ == State::kFailed) return;
  schedule_reconnect();
}

void SignalingClient::schedule_reconnect() {
  set_state(State::kWaitingToReconnect);
  const auto delay = reconnect_delay(options_.reconnect, attempt_++, random01_());
  reconnect_timer_.start(delay, [this] { connect(); });
}

void SignalingClient::send(const std::string& target, const std::string& type,
                           const nlohmann::json& fields) {
  if (state_ == State::kLeft || state_ == State::kFailed) {
    if (handlers_.on_error) {
      handlers_.on_error({"not-connected",
                          "cannot send " + type + ": the client has " + to_string(state_), false});
    }
    return;
  }
  std::string text = protocol::relay_message(type, target, fields);
  if (state_ == State::kJoined && queue_.empty() && socket_ && socket_->send(text)) return;
  if (queue_.size() >= options_.max_queued_messages) {
    if (handlers_.on_error) {
      handlers_.on_error({"signaling-queue-full",
                          "the signaling server is unreachable and " +
                              std::to_string(queue_.size()) + " messages wait; " + type + " to " +
                              target + " was not sent",
                          false});
    }
    return;
  }
  queue_.push_back(std::move(text));
}

void SignalingClient::flush_queue() {
  while (!queue_.empty() && state_ == State::kJoined && socket_) {
    if (!socket_->send(queue_.front())) return;  // closing: on_close follows
    queue_.pop_front();
  }
}

void SignalingClient::leave() {
  if (state_ == State::kLeft) return;
  reconnect_timer_.stop();
  heartbeat_timer_.stop();
  if (socket_) {
    if (state_ == State::kJoined) socket_->send(protocol::leave_message());
    socket_->close();
    socket_.reset();
  }
  queue_.clear();  // the person left: nothing is owed to the room any more
  set_state(State::kLeft);
}

void SignalingClient::fail(Error error) {
  reconnect_timer_.stop();
  heartbeat_timer_.stop();
  if (socket_) {
    socket_->close();
    socket_.reset();
  }
  set_state(State::kFailed);
  if (handlers_.on_error) handlers_.on_error(error);
}

void SignalingClient::set_state(State state) {
  if (state_ == state) return;
  state_ = state;
  if (handlers_.on_state) handlers_.on_state(state);
}

}  // namespace parley::call
