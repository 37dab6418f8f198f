#include "server/signaling_hub.h"

#include <algorithm>
#include <utility>
#include <variant>

#include "core/base/overloaded.h"
#include "core/protocol/server_message.h"

namespace parley::server {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

std::shared_ptr<const std::string> frame_of(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

// The route of a relay to a member connected to another instance.
constexpr rooms::ConnectionId kRemoteTarget = 0;

// What others can cause is not held against a connection: a candidate on its way to a
// peer that has just left (unknown-target), a rate driven up by the offers others send
// (rate-limited), a peer that does not read (peer-busy), a Redis that cannot be reached
// (unavailable).
bool counts_as_violation(ErrorCode code) {
  return code != ErrorCode::kUnknownTarget && code != ErrorCode::kRateLimited &&
         code != ErrorCode::kPeerBusy && code != ErrorCode::kUnavailable;
}

}  // namespace

SignalingHub::SignalingHub(HubLimits limits, RoomBus& bus, std::function<std::string()> new_peer_id,
                           JoinAccess access, RoomCluster* cluster)
    : limits_(limits),
      bus_(bus),
      access_(std::move(access)),
      cluster_(cluster),
      new_peer_id_(new_peer_id),
      rooms_(limits.rooms, std::move(new_peer_id)) {
  bus_.subscribe([this](const RoomDelivery& delivery) { return deliver(delivery); });
  if (cluster_) {
    cluster_->on_replaced(
        [this](const std::string& room, const std::string& peer) { forget_replaced(room, peer); });
    cluster_->on_evicted(
        [this](const std::string& room, const std::string& peer) { evict(room, peer); });
  }
}

ConnectionId SignalingHub::attach(const std::shared_ptr<SignalingConnection>& connection,
                                  Clock::time_point now) {
  ConnectionId id = 0;
  {
    const std::lock_guard lock(mutex_);
    id = next_id_++;
    clients_.emplace(
        id, Client(connection, TokenBucket(limits_.messages_per_second, limits_.message_burst),
                   TokenBucket(limits_.violations_forgiven_per_second,
                               static_cast<double>(limits_.max_violations)),
                   now));
  }
  metrics_.connections_accepted.fetch_add(1, std::memory_order_relaxed);
  return id;
}

void SignalingHub::on_frame(ConnectionId id, std::string_view frame, Clock::time_point now) {
  metrics_.messages_received.fetch_add(1, std::memory_order_relaxed);
  metrics_.bytes_received.fetch_add(frame.size(), std::memory_order_relaxed);
  bool within_rate = false;
  bool tell = false;
  {
    const std::lock_guard lock(mutex_);
    const auto client = clients_.find(id);
    // A connection being closed may still deliver frames it had in flight; they are ignored.
    if (client == clients_.end() || client->second.closing) return;
    within_rate = client->second.bucket.try_take(now);
    tell = !within_rate && client->second.may_tell_rate_limited(now);
  }
  // Checked before parsing, so a flood costs the server as little as possible. Messages
  // over the rate are dropped, told at most once a second and not counted as violations: a
  // member's rate can be driven up by the others (every offer it gets makes it answer),
  // and that must not get it closed.
  if (!within_rate) {
    metrics_.messages_over_rate.fetch_add(1, std::memory_order_relaxed);
    if (tell) reject(id, {ErrorCode::kRateLimited, "too many messages; slow down"}, now);
    return;
  }
  std::visit(Overloaded{
                 [&](const protocol::JoinRequest& join) {
                   if (take_membership_change(id, now)) handle_join(id, join, now);
                 },
                 [&](const protocol::RelayRequest& relay) { handle_relay(id, relay, now); },
                 [&](const protocol::PingRequest&) { send_to(id, pong_frame_); },
                 [&](const protocol::LeaveRequest&) {
                   if (take_membership_change(id, now)) handle_leave(id, now);
                 },
                 [&](const ProtocolError& error) { reject(id, error, now); },
             },
             protocol::parse_client_message(frame, limits_.protocol));
}

// Joins and leaves have a budget of their own: each makes every member of a room start or
// end a peer connection, so churning them is a way to load everyone else.
bool SignalingHub::take_membership_change(ConnectionId id, Clock::time_point now) {
  bool allowed = false;
  bool tell = false;
  {
    const std::lock_guard lock(mutex_);
    const auto client = clients_.find(id);
    if (client == clients_.end()) return false;
    allowed = client->second.membership_bucket.try_take(now);
    // Dropped like messages over the rate: told at most once a second.
    tell = !allowed && client->second.may_tell_rate_limited(now);
  }
  if (!allowed) metrics_.messages_over_rate.fetch_add(1, std::memory_order_relaxed);
  if (tell) reject(id, {ErrorCode::kRateLimited, "too many joins and leaves; slow down"}, now);
  return allowed;
}

bool SignalingHub::charge_control_frame(ConnectionId id, Clock::time_point now) {
  std::shared_ptr<SignalingConnection> connection;
  bool tell = false;
  bool too_many = false;
  {
    const std::lock_guard lock(mutex_);
    const auto client = clients_.find(id);
    if (client == clients_.end() || client->second.closing) return false;
    if (client->second.bucket.try_take(now)) return true;
    // Browsers never send pings, and answer ours once per idle period: a client over
    // its budget with control frames is flooding, and each one counts.
    metrics_.count_rejection(ErrorCode::kRateLimited);
    tell = client->second.may_tell_rate_limited(now);
    too_many = !client->second.violation_budget.try_take(now);
    client->second.closing = too_many;
    connection = client->second.connection.lock();
  }
  if (!connection) return false;
  if (tell) {
    connection->send(
        frame_of(protocol::error_message({ErrorCode::kRateLimited, "too many pings; slow down"})));
  }
  if (too_many) connection->close({1008, "too many pings"});
  return false;
}

void SignalingHub::handle_join(ConnectionId id, const protocol::JoinRequest& join,
                               Clock::time_point now) {
  const auto checked = access_.admit(join);
  if (const auto* error = std::get_if<ProtocolError>(&checked)) return reject(id, *error, now);
  const auto& admitted = std::get<AdmittedJoin>(checked);
  if (cluster_) return admit_in_cluster(id, admitted, now);
  std::variant<rooms::JoinOutcome, ProtocolError> result;
  std::vector<rooms::Departure> departures;
  {
    const std::lock_guard lock(mutex_);
    result = rooms_.join(id, admitted.join, now, admitted.peer_id_bound);
    departures = rooms_.take_departures();
  }
  announce(departures);  // before the join: it may take the seat of one of them
  if (const auto* error = std::get_if<ProtocolError>(&result)) return reject(id, *error, now);
  const auto& outcome = std::get<rooms::JoinOutcome>(result);
  std::vector<protocol::PeerInfo> others;
  for (const auto& member : outcome.others) others.push_back(member.peer);
  welcome(id, admitted, outcome, others, outcome.resumed, now);
}

void SignalingHub::welcome(ConnectionId id, const AdmittedJoin& admitted,
                           const rooms::JoinOutcome& outcome,
                           const std::vector<protocol::PeerInfo>& others, bool resumed,
                           Clock::time_point now) {
  set_in_room(id, true, now);
  {
    const std::lock_guard lock(mutex_);
    if (const auto client = clients_.find(id); client != clients_.end()) {
      // What its credentials depend on (the token's expiry), not the token itself.
      AdmittedJoin kept;
      kept.token_expires_at = admitted.token_expires_at;
      client->second.admitted = std::move(kept);
      client->second.peer_id = outcome.self.peer_id;
      schedule_renewal(client->second, now);
    }
  }
  if (outcome.replaced) close_replaced(*outcome.replaced);

  // The welcome is queued before anyone hears of the newcomer, so it arrives before
  // the first offer addressed to it.
  send_to(id, frame_of(
                  protocol::welcome_message(outcome.room, outcome.self, others,
                                            access_.ice_servers_for(admitted, outcome.self.peer_id),
                                            outcome.resume_secret, resumed)));
  // A member back in its own seat never left: the room hears nothing (a reference client
  // would take a peer-joined for a newcomer and make it a second connection). A resume
  // the server cannot place (it restarted) is announced, marked so Parley peers keep
  // their sessions.
  if (resumed) return;
  bus_.publish({outcome.room, std::nullopt, outcome.self.peer_id,
                frame_of(protocol::peer_joined_message(outcome.self, admitted.join.resume)),
                MembershipChange::kJoined});
}

// The cluster admits first (capacity and ids across instances, one atomic script), then
// this instance seats the connection with the secret the cluster stored.
void SignalingHub::admit_in_cluster(ConnectionId id, AdmittedJoin admitted, Clock::time_point now) {
  if (admitted.join.resume && !admitted.join.resume_secret) {
    return reject(
        id,
        {ErrorCode::kUnauthorized, "a resume must present the resumeSecret of your last welcome"},
        now);
  }
  std::optional<std::string> already_in;
  bool busy = false;
  {
    const std::lock_guard lock(mutex_);
    if (const auto membership = rooms_.membership_of(id)) already_in = membership->room;
    const auto client = clients_.find(id);
    if (client == clients_.end() || client->second.closing) return;
    busy = client->second.joining;
    if (!already_in && !busy) client->second.joining = true;
  }
  if (already_in) {
    return reject(
        id, {ErrorCode::kAlreadyJoined, "already joined room \"" + *already_in + "\"; leave first"},
        now);
  }
  if (busy) return reject(id, {ErrorCode::kAlreadyJoined, "a join is already on its way"}, now);
  if (!admitted.join.peer_id) admitted.join.peer_id = new_peer_id_();
  std::string secret;
  {
    const std::lock_guard lock(mutex_);
    secret = rooms_.new_resume_secret();
  }
  AdmitRequest request{admitted.join.room,
                       {*admitted.join.peer_id, admitted.join.name},
                       limits_.rooms.room_capacity,
                       admitted.join.resume ? admitted.join.resume_secret : std::nullopt,
                       secret,
                       admitted.peer_id_bound};
  cluster_->admit(std::move(request),
                  [this, id, admitted = std::move(admitted), secret](Admission admission) {
                    finish_cluster_join(id, admitted, secret, std::move(admission));
                  });
}

void SignalingHub::finish_cluster_join(ConnectionId id, const AdmittedJoin& admitted,
                                       const std::string& secret, Admission admission) {
  const auto now = Clock::now();
  const std::string& room = admitted.join.room;
  const std::string& peer = *admitted.join.peer_id;
  std::shared_ptr<SignalingConnection> connection;
  {
    const std::lock_guard lock(mutex_);
    const auto client = clients_.find(id);
    if (client != clients_.end()) {
      client->second.joining = false;
      if (!client->second.closing) connection = client->second.connection.lock();
    }
  }
  if (!connection) {
    // It went while its admission was on the way: its seat is given back unseen.
    if (!admission.error) cluster_->withdraw(room, peer);
    return;
  }
  if (admission.error) {
    reject(id, *admission.error, now);
    // Without Redis no join can be admitted: the client reconnects (1013: try again later)
    // and joins again, with its usual backoff.
    if (admission.error->code == ErrorCode::kUnavailable) {
      connection->close({1013, "room service unavailable"});
    }
    return;
  }
  std::variant<rooms::JoinOutcome, ProtocolError> result;
  std::vector<rooms::Departure> departures;
  {
    const std::lock_guard lock(mutex_);
    result = rooms_.join(id, admitted.join, now, admitted.peer_id_bound, secret);
    departures = rooms_.take_departures();
  }
  announce(departures);
  if (const auto* error = std::get_if<ProtocolError>(&result)) {
    if (!admission.resumed) cluster_->withdraw(room, peer);
    return reject(id, *error, now);
  }
  welcome(id, admitted, std::get<rooms::JoinOutcome>(result), admission.others, admission.resumed,
          now);
}

// A member held here resumed on another instance: its seat here goes silently.
void SignalingHub::forget_replaced(const std::string& room, const std::string& peer) {
  std::optional<ConnectionId> present;
  {
    const std::lock_guard lock(mutex_);
    present = rooms_.forget(room, peer);
  }
  if (present) close_replaced(*present);
}

void SignalingHub::evict(const std::string& room, const std::string& peer) {
  std::shared_ptr<SignalingConnection> connection;
  {
    const std::lock_guard lock(mutex_);
    const auto present = rooms_.forget(room, peer);
    if (!present) return;  // away: its hold goes with the seat
    const auto client = clients_.find(*present);
    if (client == clients_.end() || client->second.closing) return;
    client->second.closing = true;
    client->second.in_room = false;
    connection = client->second.connection.lock();
  }
  if (!connection) return;
  connection->send(frame_of(protocol::server_shutdown_message()));
  connection->close({1012, "taken out of the room by the cluster: reconnect"});
}

void SignalingHub::announce(const std::vector<rooms::Departure>& departures) {
  for (const auto& departure : departures) {
    if (departure.held) {  // said later, if its hold runs out
      if (cluster_) cluster_->mark_away(departure.room, departure.peer_id);
      continue;
    }
    // Not to a new holder of the same id (a join that took the seat of an expired or
    // claimed hold): it is the one who arrived.
    bus_.publish({departure.room, std::nullopt, departure.peer_id,
                  frame_of(protocol::peer_left_message(departure.peer_id)),
                  MembershipChange::kLeft});
  }
}

// A resume took this connection's seat: it is usually the client's own dead socket, not
// yet timed out. It leaves without a peer-left (its peer is back) and is closed.
void SignalingHub::close_replaced(ConnectionId stale) {
  std::shared_ptr<SignalingConnection> connection;
  {
    const std::lock_guard lock(mutex_);
    const auto client = clients_.find(stale);
    if (client == clients_.end() || client->second.closing) return;
    client->second.closing = true;
    client->second.in_room = false;
    connection = client->second.connection.lock();
  }
  if (connection) connection->close({kReplacedCloseCode, "replaced by a resumed connection"});
}

void SignalingHub::handle_relay(ConnectionId id, const protocol::RelayRequest& relay,
                                Clock::time_point now) {
  std::variant<rooms::Route, ProtocolError> routed;
  std::shared_ptr<SignalingConnection> target;
  {
    const std::lock_guard lock(mutex_);
    routed = rooms_.route(id, relay);
    if (const auto* route = std::get_if<rooms::Route>(&routed)) {
      target = connection_of(route->target);
    } else if (cluster_ && std::get<ProtocolError>(routed).code == ErrorCode::kUnknownTarget) {
      // Maybe a member connected to another instance.
      const auto from = rooms_.membership_of(id);
      if (from && from->peer_id != relay.target &&
          cluster_->has_remote_member(from->room, relay.target)) {
        routed = rooms::Route{*from, kRemoteTarget};
      }
    }
  }
  if (const auto* error = std::get_if<ProtocolError>(&routed)) return reject(id, *error, now);
  const auto& from = std::get<rooms::Route>(routed).from;
  if (target && target->congested()) {
    // Refused here, not queued until the target is closed as a slow consumer: one member
    // sending large messages must not get another thrown out.
    return reject(id,
                  {ErrorCode::kPeerBusy, "peer \"" + relay.target + "\" is not keeping up; your " +
                                             relay.type + " was not delivered"},
                  now);
  }
  auto frame = frame_of(protocol::relay_frame(relay, from.peer_id));
  const bool remote = std::get<rooms::Route>(routed).target == kRemoteTarget;
  if (remote && !cluster_->can_send_remote(frame->size())) {
    return reject(id,
                  {ErrorCode::kUnavailable, "the room service is unavailable; your " + relay.type +
                                                " to \"" + relay.target + "\" was not delivered"},
                  now);
  }
  metrics_.messages_relayed.fetch_add(1, std::memory_order_relaxed);
  metrics_.bytes_relayed.fetch_add(frame->size(), std::memory_order_relaxed);
  bus_.publish({from.room, relay.target, std::nullopt, std::move(frame), MembershipChange::kNone,
                from.peer_id});
}

void SignalingHub::handle_leave(ConnectionId id, Clock::time_point now) {
  std::optional<rooms::Departure> departure;
  std::vector<rooms::Departure> departures;
  {
    const std::lock_guard lock(mutex_);
    departure = rooms_.leave(id, now, rooms::HoldId::kNo);  // said leave: the id is free
    departures = rooms_.take_departures();
  }
  announce(departures);
  if (!departure) return reject(id, {ErrorCode::kNotJoined, "not in a room"}, now);
  set_in_room(id, false, now);
  announce({*departure});
}

void SignalingHub::depart(ConnectionId id, Clock::time_point now, rooms::HoldId hold) {
  std::optional<rooms::Departure> departure;
  std::vector<rooms::Departure> departures;
  {
    const std::lock_guard lock(mutex_);
    departure = rooms_.leave(id, now, hold);
    departures = rooms_.take_departures();
  }
  announce(departures);
  if (departure) announce({*departure});
}

void SignalingHub::detach(ConnectionId id, Clock::time_point now) {
  depart(id, now);
  const std::lock_guard lock(mutex_);
  clients_.erase(id);
}

void SignalingHub::reject(ConnectionId id, const ProtocolError& error, Clock::time_point now) {
  std::shared_ptr<SignalingConnection> connection;
  bool too_many = false;
  {
    const std::lock_guard lock(mutex_);
    metrics_.count_rejection(error.code);
    const auto client = clients_.find(id);
    if (client == clients_.end() || client->second.closing) return;
    if (counts_as_violation(error.code)) {
      too_many = !client->second.violation_budget.try_take(now);
    }
    client->second.closing = too_many;
    connection = client->second.connection.lock();
  }
  if (!connection) return;
  connection->send(frame_of(protocol::error_message(error)));
  if (too_many) connection->close({1008, "too many invalid messages"});
}

bool SignalingHub::deliver(const RoomDelivery& delivery) {
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
  return !delivery.to_peer || !targets.empty();
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

void SignalingHub::set_in_room(ConnectionId id, bool in_room, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  const auto client = clients_.find(id);
  if (client == clients_.end()) return;
  client->second.in_room = in_room;
  client->second.out_of_room_since = now;
  if (!in_room) client->second.renew_credentials_at.reset();
}

void SignalingHub::schedule_renewal(Client& client, Clock::time_point now) const {
  client.renew_credentials_at.reset();
  if (!client.admitted) return;
  if (const auto in = access_.renew_credentials_in(*client.admitted)) {
    client.renew_credentials_at = now + *in;
  }
}

void SignalingHub::renew_credentials(Clock::time_point now) {
  std::vector<std::pair<ConnectionId, std::shared_ptr<const std::string>>> due;
  {
    const std::lock_guard lock(mutex_);
    for (auto& [id, client] : clients_) {
      if (!client.renew_credentials_at || now < *client.renew_credentials_at) continue;
      if (!client.in_room || client.closing) continue;
      due.emplace_back(id, frame_of(protocol::ice_servers_message(
                               access_.ice_servers_for(*client.admitted, client.peer_id))));
      schedule_renewal(client, now);
    }
  }
  for (auto& [id, frame] : due) send_to(id, std::move(frame));
}

void SignalingHub::close_unjoined(Clock::time_point now) {
  std::vector<std::shared_ptr<SignalingConnection>> late;
  {
    const std::lock_guard lock(mutex_);
    for (auto& [id, client] : clients_) {
      if (client.in_room || client.closing) continue;
      if (now - client.out_of_room_since < limits_.join_timeout) continue;
      client.closing = true;
      if (auto connection = client.connection.lock()) late.push_back(std::move(connection));
    }
  }
  const std::string reason =
      "no join within " + std::to_string(limits_.join_timeout.count()) + " s";
  for (const auto& connection : late) {
    metrics_.join_timeouts.fetch_add(1, std::memory_order_relaxed);
    connection->close({kJoinTimeoutCloseCode, reason});
  }
}

void SignalingHub::keep_alive(Clock::time_point now) {
  close_unjoined(now);
  renew_credentials(now);
  for (const auto& connection : all_connections()) connection->keep_alive(now);
  std::vector<rooms::Departure> departures;
  {
    const std::lock_guard lock(mutex_);
    rooms_.expire_holds(now);
    departures = rooms_.take_departures();
  }
  announce(departures);
}

void SignalingHub::shutdown() {
  {
    const std::lock_guard lock(mutex_);
    shutting_down_ = true;
    for (const auto& [id, client] : clients_) {
      if (auto membership = rooms_.membership_of(id)) sent_away_.push_back(std::move(*membership));
    }
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
  MetricGauges gauges{clients_.size(), rooms_.room_count(), !shutting_down_};
  gauges.away_members = rooms_.held_id_count();
  if (cluster_) gauges.cluster = cluster_->figures();
  return gauges;
}

std::optional<ClusterFigures> SignalingHub::cluster_figures() const {
  if (!cluster_) return std::nullopt;
  return cluster_->figures();
}

bool SignalingHub::ready() const {
  const std::lock_guard lock(mutex_);
  return !shutting_down_;
}

std::size_t SignalingHub::seats_sent_away() const {
  const std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(
      sent_away_.begin(), sent_away_.end(),
      [this](const rooms::Membership& seat) { return rooms_.has_seat(seat.room, seat.peer_id); }));
}

std::size_t SignalingHub::connection_count() const {
  const std::lock_guard lock(mutex_);
  return clients_.size();
}

}  // namespace parley::server
