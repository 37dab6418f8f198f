#include "core/call/rehearsal_room.h"

#include <nlohmann/json.hpp>
#include <variant>
#include <vector>

#include "core/protocol/client_message.h"
#include "core/protocol/server_message.h"

namespace parley::call {

class RehearsalRoom::Socket final : public ports::SignalingSocket {
 public:
  Socket(RehearsalRoom& room, int member, Handlers handlers)
      : room_(&room), alive_(room.alive_), member_(member), handlers_(std::move(handlers)) {}
  ~Socket() override { close(); }

  bool send(std::string_view text) override {
    if (!open_ || alive_.expired()) return false;
    room_->on_text(member_, text);
    return true;
  }
  void close() override {
    if (closed_) return;
    closed_ = true;
    open_ = false;
    if (!alive_.expired()) room_->remove(member_);
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
  int member_;
  Handlers handlers_;
  bool open_ = false;
  bool closed_ = false;
};

RehearsalRoom::RehearsalRoom(ports::Scheduler& scheduler) : delivery_(scheduler) {}

RehearsalRoom::~RehearsalRoom() {
  alive_.reset();  // sockets that outlive the room stop talking to it
}

ports::SignalingSocketFactory RehearsalRoom::sockets() {
  return [this](const std::string& /*url*/, ports::SignalingSocket::Handlers handlers) {
    const int member = ++sockets_made_;
    auto socket = std::make_unique<Socket>(*this, member, std::move(handlers));
    members_[member].socket = socket.get();
    post(member, [](Socket& opened) { opened.opened(); });
    return socket;
  };
}

void RehearsalRoom::on_text(int member, std::string_view text) {
  const auto parsed = protocol::parse_client_message(text, protocol::ProtocolLimits{});
  auto& self = members_.at(member);
  if (const auto* join = std::get_if<protocol::JoinRequest>(&parsed)) {
    if (!self.peer_id.empty()) return;
    self.peer_id = "rehearsal-" + std::to_string(++peers_joined_);
    self.name = join->name;
    std::vector<protocol::PeerInfo> others;
    for (const auto& [other, peer] : members_) {
      if (other == member || peer.peer_id.empty()) continue;
      others.push_back({peer.peer_id, peer.name});
      send_to(other, protocol::peer_joined_message({self.peer_id, self.name}));
    }
    send_to(member, protocol::welcome_message(join->room, {self.peer_id, self.name}, others,
                                              nlohmann::json::array()));
  } else if (const auto* relay = std::get_if<protocol::RelayRequest>(&parsed)) {
    if (self.peer_id.empty()) return;
    for (const auto& [other, peer] : members_) {
      if (peer.peer_id == relay->target)
        send_to(other, protocol::relay_frame(*relay, self.peer_id));
    }
  } else if (std::holds_alternative<protocol::LeaveRequest>(parsed)) {
    remove(member);
  } else if (std::holds_alternative<protocol::PingRequest>(parsed)) {
    send_to(member, protocol::pong_message());
  }
}

void RehearsalRoom::remove(int member) {
  const auto it = members_.find(member);
  if (it == members_.end()) return;
  const std::string peer_id = it->second.peer_id;
  members_.erase(it);
  if (peer_id.empty()) return;
  for (const auto& [other, peer] : members_) {
    if (!peer.peer_id.empty()) send_to(other, protocol::peer_left_message(peer_id));
  }
}

void RehearsalRoom::send_to(int member, std::string text) {
  post(member, [text = std::move(text)](Socket& socket) { socket.received(text); });
}

void RehearsalRoom::post(int member, std::function<void(Socket&)> deliver) {
  outbox_.emplace_back(member, std::move(deliver));
  if (delivery_.running()) return;
  delivery_.start({}, [this] {
    auto due = std::exchange(outbox_, {});
    for (auto& [to, event] : due) {
      const auto it = members_.find(to);
      if (it != members_.end()) event(*it->second.socket);
    }
  });
}

}  // namespace parley::call
