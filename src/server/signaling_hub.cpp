#include "server/signaling_hub.h"

#include <variant>

#include "core/overloaded.h"
#include "core/protocol/server_message.h"

namespace parley::server {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

std::shared_ptr<const std::string> frame_of(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

}  // namespace

SignalingHub::SignalingHub(HubLimits limits, RoomBus& bus, std::function<std::string()> new_peer_id,
                           JoinAccess access)
    : limits_(limits),
      bus_(bus),
      access_(std::move(access)),
      rooms_(limits.rooms, std::move(new_peer_id)) {
  bus_.subscribe([this](const RoomDelivery& delivery) { deliver(delivery); });
}

ConnectionId SignalingHub::attach(const std::shared_ptr<SignalingConnection>& connection) {
  ConnectionId id = 0;
  bool full = false;
  {
    const std::lock_guard lock(mutex_);
    id = next_id_++;
    full = clients_.size() >= limits_.max_connections;
    // A refused connection stays attached (closing) until its close handshake ends, so
    // the count keeps covering every socket the server holds.
    clients_.emplace(
        id, Client{connection, TokenBucket(limits_.messages_per_second, limits_.message_burst), 0,
                   /*closing=*/full});
  }
  metrics_.connections_accepted.fetch_add(1, std::memory_order_relaxed);
  if (full) {
    metrics_.count_rejection(ErrorCode::kServerFull);
    connection->send(frame_of(protocol::error_message(
        {ErrorCode::kServerFull, "the server has too many connections; try again later"})));
    connection->close({1013, "server full"});  // 1013: try again later
  }
  return id;
}

void SignalingHub::on_frame(ConnectionId id, std::string_view frame, Clock::time_point now) {
  metrics_.messages_received.fetch_add(1, std::memory_order_relaxed);
  metrics_.bytes_received.fetch_add(frame.size(), std::memory_order_relaxed);
  bool within_rate = false;
  {
    const std::lock_guard lock(mutex_);
    const auto client = clients_.find(id);
    // A connection being closed may still deliver frames it had in flight; they are ignored.
    if (client == clients_.end() || client->second.closing) return;
    within_rate = client->second.bucket.try_take(now);
  }
  // Checked before parsing, so a flood costs the server as little as possible.
  if (!within_rate) return reject(id, {ErrorCode::kRateLimited, "too many messages; slow down"});
  std::visit(Overloaded{
                 [&](const protocol::JoinRequest& join) { handle_join(id, join); },
                 [&](const protocol::RelayRequest& relay) { handle_relay(id, relay); },
                 [&](const protocol::LeaveRequest&) { handle_leave(id); },
                 [&](const ProtocolError& error) { reject(id, error); },
             },
             protocol::parse_client_message(frame, limits_.protocol));
}

void SignalingHub::handle_join(ConnectionId id, const protocol::JoinRequest& join) {
  const auto admitted = access_.admit(join);
  if (const auto* error = std::get_if<ProtocolError>(&admitted)) return reject(id, *error);
  std::variant<rooms::JoinOutcome, ProtocolError> result;
  {
    const std::lock_guard lock(mutex_);
    result = rooms_.join(id, std::get<protocol::JoinRequest>(admitted));
  }
  if (const auto* error = std::get_if<ProtocolError>(&result)) return reject(id, *error);
  const auto& outcome = std::get<rooms::JoinOutcome>(result);

  std::vector<protocol::PeerInfo> others;
  for (const auto& member : outcome.others) others.push_back(member.peer);
  // The welcome is queued before anyone hears of the newcomer, so it arrives before
  // the first offer addressed to it.
  send_to(id, frame_of(protocol::welcome_message(outcome.room, outcome.self, others,
                                                 access_.ice_servers_for(outcome.self.peer_id))));
  bus_.publish({outcome.room, std::nullopt, outcome.self.peer_id,
                frame_of(protocol::peer_joined_message(outcome.self, join.resume))});
}

void SignalingHub::handle_relay(ConnectionId id, const protocol::RelayRequest& relay) {
  std::optional<rooms::Membership> sender;
  bool target_found = false;
  {
    const std::lock_guard lock(mutex_);
    sender = rooms_.membership_of(id);
    if (sender) target_found = rooms_.find(sender->room, relay.target).has_value();
  }
  if (!sender)
    return reject(id, {ErrorCode::kNotJoined, "join a room before sending " + relay.type});
  if (relay.target == sender->peer_id) {
    return reject(id,
                  {ErrorCode::kUnknownTarget, "you cannot send " + relay.type + " to yourself"});
  }
  if (!target_found) {
    return reject(id, {ErrorCode::kUnknownTarget, "no peer \"" + relay.target + "\" in your room"});
  }
  auto frame = frame_of(protocol::relay_frame(relay, sender->peer_id));
  metrics_.messages_relayed.fetch_add(1, std::memory_order_relaxed);
  metrics_.bytes_relayed.fetch_add(frame->size(), std::memory_order_relaxed);
  bus_.publish({sender->room, relay.target, std::nullopt, std::move(frame)});
}

void SignalingHub::handle_leave(ConnectionId id) {
  std::optional<rooms::Departure> departure;
  {
    const std::lock_guard lock(mutex_);
    departure = rooms_.leave(id);
  }
  if (!departure) return reject(id, {ErrorCode::kNotJoined, "not in a room"});
  bus_.publish({departure->room, std::nullopt, std::nullopt,
                frame_of(protocol::peer_left_message(departure->peer_id))});
}

void SignalingHub::depart(ConnectionId id) {
  std::optional<rooms::Departure> departure;
  {
    const std::lock_guard lock(mutex_);
    departure = rooms_.leave(id);
  }
  if (departure) {
    bus_.publish({departure->room, std::nullopt, std::nullopt,
                  frame_of(protocol::peer_left_message(departure->peer_id))});
  }
}

void SignalingHub::detach(ConnectionId id) {
  depart(id);
  const std::lock_guard lock(mutex_);
  clients_.erase(id);
}

void SignalingHub::reject(ConnectionId id, const ProtocolError& error) {
  std::shared_ptr<SignalingConnection> connection;
  bool too_many = false;
  {
    const std::lock_guard lock(mutex_);
    metrics_.count_rejection(error.code);
    const auto client = clients_.find(id);
    if (client == clients_.end() || client->second.closing) return;
    too_many = ++client->second.violations > limits_.max_violations;
    client->second.closing = too_many;
    connection = client->second.connection.lock();
  }
  if (!connection) return;
  connection->send(frame_of(protocol::error_message(error)));
  if (too_many) connection->close({1008, "too many invalid messages"});
}

void SignalingHub::deliver(const RoomDelivery& delivery) {
  std::vector<std::shared_ptr<SignalingConnection>> targets;
  {
    const std::lock_guard lock(mutex_);
    if (delivery.to_peer) {
      if (const auto id = rooms_.find(delivery.room, *delivery.to_peer)) {
        if (auto connection = connection_of(*id)) targets.push_back(std::move(connection));
      }
    } else {
      for (const auto& member : rooms_.members_of(delivery.room)) {
        if (delivery.except_peer && member.peer.peer_id == *delivery.except_peer) continue;
        if (auto connection = connection_of(member.connection))
          targets.push_back(std::move(connection));
      }
    }
  }
  // Sent outside the lock (the Beast chat-multi pattern): send() only queues.
  for (const auto& connection : targets) connection->send(delivery.frame);
}

void SignalingHub::send_to(ConnectionId id, std::shared_ptr<const std::string> frame) {
  std::shared_ptr<SignalingConnection> connection;
  {
    const std::lock_guard lock(mutex_);
    connection = connection_of(id);
  }
  if (connection) connection->send(std::move(frame));
}

std::shared_ptr<SignalingConnection> SignalingHub::connection_of(ConnectionId id) const {
  const auto client = clients_.find(id);
  return client == clients_.end() ? nullptr : client->second.connection.lock();
}

std::vector<std::shared_ptr<SignalingConnection>> SignalingHub::all_connections() const {
  std::vector<std::shared_ptr<SignalingConnection>> all;
  const std::lock_guard lock(mutex_);
  all.reserve(clients_.size());
  for (const auto& [id, client] : clients_) {
    if (auto connection = client.connection.lock()) all.push_back(std::move(connection));
  }
  return all;
}

void SignalingHub::keep_alive(Clock::time_point now) {
  for (const auto& connection : all_connections()) connection->keep_alive(now);
}

void SignalingHub::shutdown() {
  {
    const std::lock_guard lock(mutex_);
    shutting_down_ = true;
  }
  const auto all = all_connections();
  const auto goodbye = frame_of(protocol::server_shutdown_message());
  for (const auto& connection : all) {
    connection->send(goodbye);
    connection->close({1001, "server shutting down"});
  }
}

MetricGauges SignalingHub::gauges() const {
  const std::lock_guard lock(mutex_);
  return {clients_.size(), rooms_.room_count(), !shutting_down_};
}

bool SignalingHub::ready() const {
  const std::lock_guard lock(mutex_);
  return !shutting_down_;
}

std::size_t SignalingHub::connection_count() const {
  const std::lock_guard lock(mutex_);
  return clients_.size();
}

}  // namespace parley::server
