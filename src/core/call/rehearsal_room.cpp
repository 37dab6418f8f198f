#include "core/call/rehearsal_room.h"

#include <nlohmann/json.hpp>
#include <variant>
#include <vector>

#include "core/protocol/client_message.h"
#include "core/protocol/server_message.h"

namespace parley::call {

class RehearsalRoom::Socket final : public ports::SignalingSocket {
 public:
  Socket(RehearsalRoom& room, SocketId member, Handlers handlers)
      : room_(&room), alive_(room.alive_), member_(member), handlers_(std::move(handlers)) {}
  ~Socket() override { close(); }

  bool send(std::string_view text) override {
    if (!open_ || alive_.expired()) return false;
    room_->on_text(member_, text);
    return true;
  }
  void close_to_resume() override { close(); }
  void close() override {
    if (closed_) return;
    closed_ = true;
    open_ = false;
    if (!alive_.expired()) room_->closed(member_);
  }

  // The room's side: events as the browser's WebSocket delivers them.
  void opened() {
    if (closed_) return;
    open_ = true;
    if (handlers_.on_open) handlers_.on_open();
  }
  void received(const std::string& text) {
    if (open_ && handlers_.on_message) handlers_.on_message(text);
  }

 private:
  RehearsalRoom* room_;
  std::weak_ptr<bool> alive_;
  SocketId member_;
  Handlers handlers_;
  bool open_ = false;
  bool closed_ = false;
};

RehearsalRoom::RehearsalRoom(ports::Scheduler& scheduler)
    : scheduler_(scheduler),
      delivery_(scheduler),
      // Ids as the tests and the rehearsal's log expect them; a rehearsal never resumes, so
      // its resume secrets need not be secret.
      registry_(
          {}, [this] { return "rehearsal-" + std::to_string(++peers_joined_); },
          [] { return std::string("rehearsal"); }) {}

RehearsalRoom::~RehearsalRoom() {
  alive_.reset();  // sockets that outlive the room stop talking to it
}

ports::SignalingSocketFactory RehearsalRoom::sockets() {
  return [this](const std::string& /*url*/, ports::SignalingSocket::Handlers handlers) {
    const SocketId id = ++sockets_made_;
    auto socket = std::make_unique<Socket>(*this, id, std::move(handlers));
    sockets_[id] = socket.get();
    post(id, [](Socket& opened) { opened.opened(); });
    return socket;
  };
}

void RehearsalRoom::on_text(SocketId socket, std::string_view text) {
  const auto now = scheduler_.now();
  const auto parsed = protocol::parse_client_message(text, protocol::ProtocolLimits{});
  if (const auto* error = std::get_if<protocol::ProtocolError>(&parsed))
    return reject(socket, *error);
  if (const auto* join = std::get_if<protocol::JoinRequest>(&parsed)) {
    const auto result = registry_.join(socket, *join, now);
    if (const auto* error = std::get_if<protocol::ProtocolError>(&result))
      return reject(socket, *error);
    const auto& outcome = std::get<rooms::JoinOutcome>(result);
    std::vector<protocol::PeerInfo> others;
    for (const auto& member : outcome.others) others.push_back(member.peer);
    send_to(socket, protocol::welcome_message(outcome.room, outcome.self, others,
                                              nlohmann::json::array(), outcome.resume_secret));
    for (const auto& member : outcome.others)
      send_to(member.connection, protocol::peer_joined_message(outcome.self, join->resume));
  } else if (const auto* relay = std::get_if<protocol::RelayRequest>(&parsed)) {
    const auto routed = registry_.route(socket, *relay);
    if (const auto* error = std::get_if<protocol::ProtocolError>(&routed))
      return reject(socket, *error);
    const auto& route = std::get<rooms::Route>(routed);
    send_to(route.target, protocol::relay_frame(*relay, route.from.peer_id));
  } else if (std::holds_alternative<protocol::LeaveRequest>(parsed)) {
    remove(socket);
  } else if (std::holds_alternative<protocol::PingRequest>(parsed)) {
    send_to(socket, protocol::pong_message());
  }
}

void RehearsalRoom::reject(SocketId socket, const protocol::ProtocolError& error) {
  send_to(socket, protocol::error_message(error));
}

// A leave or a closed socket: the id is free at once (a rehearsal never resumes).
void RehearsalRoom::remove(SocketId socket) {
  const auto departure = registry_.leave(socket, scheduler_.now(), rooms::HoldId::kNo);
  if (!departure) return;
  for (const SocketId other : departure->remaining)
    send_to(other, protocol::peer_left_message(departure->peer_id));
}

void RehearsalRoom::closed(SocketId socket) {
  sockets_.erase(socket);
  remove(socket);
}

void RehearsalRoom::send_to(SocketId socket, std::string text) {
  post(socket, [text = std::move(text)](Socket& open) { open.received(text); });
}

void RehearsalRoom::post(SocketId socket, std::function<void(Socket&)> deliver) {
  outbox_.emplace_back(socket, std::move(deliver));
  if (delivery_.running()) return;
  delivery_.start({}, [this] {
    auto due = std::exchange(outbox_, {});
    for (auto& [to, event] : due) {
      const auto it = sockets_.find(to);
      if (it != sockets_.end()) event(*it->second);
    }
  });
}

}  // namespace parley::call
