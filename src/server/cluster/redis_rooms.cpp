#include "server/cluster/redis_rooms.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "server/access/crypto.h"
#include "server/cluster/membership_scripts.h"
#include "server/cluster/redis_client.h"
#include "server/log.h"

namespace parley::server {

namespace asio = boost::asio;
using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

std::string members_key(std::string_view room) {
  return "parley:{" + std::string(room) + "}:members";
}
std::string order_key(std::string_view room) {
  return "parley:{" + std::string(room) + "}:order";
}
std::string node_key(std::string_view node) {
  return "parley:node:" + std::string(node);
}
// Every live node, scored by its last heartbeat (ms since the epoch).
constexpr const char* kNodesKey = "parley:nodes";
// Set when a node's members were reaped, for that node to find should it still live. A
// day: longer than any freeze a node's Redis connection survives (after a reconnect it
// looks too).
std::string reaped_key(std::string_view node) {
  return "parley:reaped:" + std::string(node);
}
constexpr const char* kReapedMarkMs = "86400000";

long long epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

long long epoch_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string channel_of(std::string_view node) {
  return "parley:to:" + std::string(node);
}

// One run of one instance: a restarted instance with the same id is a new node, so the
// members its previous run left in Redis are found dead and taken out.
std::string node_name(const std::string& instance_id) {
  return instance_id + "-" + random_hex(8);
}

// Redis keeps a hash of the resume secret, not the secret: a reader of Redis cannot take
// over a seat with what it finds there.
std::string secret_hash(std::string_view secret) {
  const auto digest = hmac_sha256("parley resume secret", secret);
  return base64url(digest);
}

struct RosterEntry {
  std::string peer;
  std::string node;
  std::string name;
  long long order = 0;
};

// (peer, record, peer, record, ...) from index `from`, in join order. Records that do not
// parse are skipped.
std::vector<RosterEntry> roster_of(const std::vector<RedisReply>& pairs, std::size_t from) {
  std::vector<RosterEntry> roster;
  for (std::size_t i = from; i + 1 < pairs.size(); i += 2) {
    const auto record = nlohmann::json::parse(pairs[i + 1].text, nullptr, false);
    if (!record.is_object() || !record.contains("i") || !record["i"].is_string()) continue;
    RosterEntry entry;
    entry.peer = pairs[i].text;
    entry.node = record["i"].get<std::string>();
    entry.name = record.value("n", std::string());
    entry.order = record.value("o", 0LL);
    roster.push_back(std::move(entry));
  }
  std::sort(roster.begin(), roster.end(),
            [](const RosterEntry& a, const RosterEntry& b) { return a.order < b.order; });
  return roster;
}

Admission refusal(ErrorCode code, std::string message) {
  Admission admission;
  admission.error = ProtocolError{code, std::move(message)};
  return admission;
}

}  // namespace

RedisRooms::RedisRooms(asio::io_context& io, Settings settings)
    : RedisRooms(io, settings,
                 [&io, endpoint = settings.endpoint](const std::string& name,
                                                     RedisConnection::Callbacks callbacks) {
                   return std::make_unique<RedisClient>(
                       io, RedisClient::Settings{.endpoint = endpoint, .name = name},
                       std::move(callbacks));
                 }) {}

RedisRooms::RedisRooms(asio::io_context& io, Settings settings,
                       const RedisConnectionFactory& connect)
    : io_(io),
      settings_(std::move(settings)),
      node_(node_name(settings_.instance_id)),
      commands_(connect("parley:" + node_ + ":commands",
                        {.on_ready = [this] { on_commands_ready(); },
                         .on_lost = [this](const std::string&) { update_connected(); }})),
      listener_(connect(
          "parley:" + node_ + ":bus",
          {.on_ready = [this] { update_connected(); },
           .on_lost = [this](const std::string&) { update_connected(); },
           .on_message = [this](std::string_view channel,
                                std::string_view payload) { on_message(channel, payload); }})),
      heartbeat_timer_(io),
      retry_timer_(io) {}

RedisRooms::~RedisRooms() = default;

void RedisRooms::start() {
  listener_->subscribe(channel_of(node_));
  listener_->start();
  commands_->start();
  heartbeat();
}

void RedisRooms::stop(std::function<void()> done) {
  if (stopped_) {
    if (done) asio::post(io_, std::move(done));
    return;
  }
  stopped_ = true;
  heartbeat_timer_.cancel();
  retry_timer_.cancel();
  listener_->stop();
  // If Redis does not take them, the key expires and the entry ages out anyway.
  commands_->command({"ZREM", kNodesKey, node_}, [](const RedisReply&) {});
  commands_->command({"DEL", node_key(node_)}, [this, done = std::move(done)](const RedisReply&) {
    commands_->stop();
    connected_.store(false);
    if (done) done();
  });
}

void RedisRooms::update_connected() {
  const bool now_connected = commands_->ready() && listener_->ready();
  connected_.store(now_connected);
  if (now_connected && !was_connected_) {
    log_event(LogLevel::kInfo, "cluster-connected", {{"node", node_}});
  } else if (!now_connected && was_connected_) {
    log_event(LogLevel::kWarning, "cluster-disconnected",
              {{"node", node_}, {"redis", settings_.endpoint.describe()}});
  }
  was_connected_ = now_connected;
}

void RedisRooms::on_commands_ready() {
  update_connected();
  // Other nodes' keys may have expired while Redis was away (or Redis lost them): each
  // node sets its own again as it reconnects, so none is judged dead until every live one
  // has had the time to.
  reap_after_ = Clock::now() + settings_.node_ttl;
  // Announce at once (a new node is alive before its first heartbeat), then put back what
  // Redis may have lost while it was away - unless the others reaped us meanwhile.
  announce_alive();
  check_reaped([this] { restore_members(); });
  std::vector<std::string> nodes;  // resend() may erase from waiting_
  for (const auto& [node, waiting] : waiting_) nodes.push_back(node);
  for (const auto& node : nodes) resend(node);
}

void RedisRooms::announce_alive() {
  commands_->command(
      {"SET", node_key(node_), "1", "PX", std::to_string(settings_.node_ttl.count())},
      [](const RedisReply&) {});
  const auto now = epoch_ms();
  if (!draining_) {
    commands_->command({"ZADD", kNodesKey, std::to_string(now), node_}, [](const RedisReply&) {});
  }
  commands_->command({"ZREMRANGEBYSCORE", kNodesKey, "-inf",
                      "(" + std::to_string(now - settings_.node_ttl.count())},
                     [](const RedisReply&) {});
}

void RedisRooms::begin_drain() {
  draining_ = true;
  commands_->command({"ZREM", kNodesKey, node_}, [](const RedisReply&) {});
}

void RedisRooms::any_other_node_alive(std::function<void(bool)> done) {
  const auto since = epoch_ms() - settings_.node_ttl.count();
  commands_->command({"ZCOUNT", kNodesKey, "(" + std::to_string(since), "+inf"},
                     [done = std::move(done)](const RedisReply& reply) {
                       done(reply.kind == RedisReply::Kind::kInteger && reply.integer > 0);
                     });
}

void RedisRooms::restore_members() {
  for (const auto& [room, view] : rooms_) {
    for (const auto& [peer, mine] : view.mine) {
      commands_->command({"EVAL", membership_scripts::kRestore, "2", members_key(room),
                          order_key(room), peer, mine.record},
                         [](const RedisReply&) {});
      // A Redis that kept its data kept the record as it was: a member that went away
      // meanwhile (mark_away could not reach Redis) is marked so now.
      if (mine.away) send_away(room, peer);
    }
  }
  // Departures Redis did not hear about while it was unreachable.
  auto leaves = std::exchange(unfinished_leaves_, {});
  for (auto& [room, peer] : leaves) {
    commands_->command(
        {"EVAL", membership_scripts::kLeave, "2", members_key(room), order_key(room), peer, node_},
        [](const RedisReply&) {});
  }
}

void RedisRooms::check_reaped(std::function<void()> done) {
  commands_->command({"EXISTS", reaped_key(node_)},
                     [this, done = std::move(done)](const RedisReply& reply) {
                       if (reply.kind == RedisReply::Kind::kInteger && reply.integer == 1) {
                         evict_all();
                         commands_->command({"DEL", reaped_key(node_)}, [](const RedisReply&) {});
                       }
                       done();
                     });
}

// Our members are gone from Redis and the rooms were told they left: their seats here
// go, and their clients join again (as newcomers: their resume secrets match nothing).
void RedisRooms::evict_all() {
  std::vector<std::pair<std::string, std::string>> evicted;
  for (auto& [room, view] : rooms_) {
    for (const auto& [peer, mine] : view.mine) {
      evicted.emplace_back(room, peer);
      view.node_of.erase(peer);
    }
    view.mine.clear();
  }
  if (evicted.empty()) return;
  counters_.evicted.fetch_add(evicted.size(), std::memory_order_relaxed);
  log_event(LogLevel::kWarning, "cluster-evicted",
            {{"node", node_},
             {"members", evicted.size()},
             {"why", "the other instances judged this one dead and took its members out"}});
  for (const auto& [room, peer] : evicted) {
    if (evicted_) evicted_(room, peer);
  }
}

void RedisRooms::heartbeat() {
  heartbeat_timer_.expires_after(settings_.heartbeat);
  heartbeat_timer_.async_wait([this](const boost::system::error_code& error) {
    if (error || stopped_) return;
    if (commands_->ready()) {
      check_reaped([] {});
      announce_alive();
      check_nodes();
    }
    heartbeat();
  });
}

// Asks whether every node our rooms' members are connected to is still alive.
void RedisRooms::check_nodes() {
  if (Clock::now() < reap_after_) return;
  std::set<std::string> nodes;
  for (const auto& [room, view] : rooms_) {
    for (const auto& node : other_nodes(view)) nodes.insert(node);
  }
  for (const auto& node : nodes) {
    if (reaping_.count(node)) continue;
    commands_->command({"EXISTS", node_key(node)}, [this, node](const RedisReply& reply) {
      if (reply.kind != RedisReply::Kind::kInteger || reply.integer != 0) return;
      reap(node);
    });
  }
}

void RedisRooms::reap(const std::string& node) {
  if (!reaping_.insert(node).second) return;
  std::vector<std::string> rooms;
  for (const auto& [room, view] : rooms_) {
    if (other_nodes(view).count(node)) rooms.push_back(room);
  }
  struct Progress {
    std::size_t rooms_left;
    bool removed_any = false;
  };
  auto progress = std::make_shared<Progress>(Progress{rooms.size()});
  if (rooms.empty()) reaping_.erase(node);
  for (const auto& room : rooms) {
    commands_->command(
        {"EVAL", membership_scripts::kReap, "2", members_key(room), order_key(room), node},
        [this, room, node, progress](const RedisReply& reply) {
          const bool valid = reply.kind == RedisReply::Kind::kArray && reply.elements.size() == 2;
          if (valid && !reply.elements[0].elements.empty()) progress->removed_any = true;
          if (--progress->rooms_left == 0) {
            reaping_.erase(node);
            // Marked once its members are out of Redis: a node that still lives finds the
            // mark and evicts them; a resume meanwhile cannot bring back a seat to reap.
            if (progress->removed_any) {
              commands_->command({"SET", reaped_key(node), "1", "PX", kReapedMarkMs},
                                 [](const RedisReply&) {});
            }
          }
          if (!valid) return;
          const auto view = rooms_.find(room);
          if (view == rooms_.end()) return;
          take_roster(view->second, reply.elements[1].elements, 0);
          // Only the instance whose script removed a member announces it: once for the room.
          for (const auto& gone : reply.elements[0].elements) {
            counters_.reaped.fetch_add(1, std::memory_order_relaxed);
            log_event(LogLevel::kWarning, "cluster-member-reaped",
                      {{"node", node}, {"peer", gone.text}});
            RoomDelivery departure{
                room, std::nullopt, gone.text,
                std::make_shared<const std::string>(protocol::peer_left_message(gone.text)),
                MembershipChange::kLeft};
            deliver_frame(departure);
          }
        });
  }
}

void RedisRooms::admit(AdmitRequest request, AdmitHandler done) {
  if (!commands_->ready()) {
    return asio::post(io_, [done = std::move(done)] {
      done(refusal(ErrorCode::kUnavailable, "the room service is unavailable; try again"));
    });
  }
  const std::string issued_hash = secret_hash(request.issued_secret);
  const std::string presented_hash =
      request.presented_secret ? secret_hash(*request.presented_secret) : std::string();
  // Made before the handler takes `request` (argument evaluation order is unspecified).
  std::vector<std::string> script{"EVAL",
                                  membership_scripts::kJoin,
                                  "2",
                                  members_key(request.room),
                                  order_key(request.room),
                                  request.self.peer_id,
                                  node_,
                                  request.self.name,
                                  std::to_string(request.capacity),
                                  presented_hash,
                                  issued_hash,
                                  request.id_proven_by_token ? "1" : ""};
  const auto admission = next_admission_++;
  admitting_[request.room].pending.insert(admission);
  commands_->command(std::move(script), [this, admission, request = std::move(request),
                                         done = std::move(done)](const RedisReply& reply) {
    take_admission(request, reply, done);
    finish_admitting(request.room, admission);
  });
}

void RedisRooms::take_admission(const AdmitRequest& request, const RedisReply& reply,
                                const AdmitHandler& done) {
  if (reply.kind != RedisReply::Kind::kArray || reply.elements.empty()) {
    if (!reply.unanswered) {
      log_event(LogLevel::kError, "cluster-join-failed", {{"error", log_excerpt(reply.text, 200)}});
    }
    return done(refusal(ErrorCode::kUnavailable, "the room service is unavailable; try again"));
  }
  const std::string& status = reply.elements[0].text;
  if (status == "room-full") {
    return done(refusal(ErrorCode::kRoomFull,
                        "room is full (" + std::to_string(request.capacity) + " peers)"));
  }
  if (status == "id-taken") {
    return done(refusal(ErrorCode::kIdTaken, "peerId \"" + request.self.peer_id +
                                                 "\" is already in this room; pick another"));
  }
  if (reply.elements.size() < 2) {
    return done(refusal(ErrorCode::kUnavailable, "the room service is unavailable; try again"));
  }
  Admission admission;
  admission.resumed = status == "resumed";
  admission.claimed = status == "claimed";
  auto& view = rooms_[request.room];
  const auto roster = roster_of(reply.elements, 2);
  view.node_of.clear();
  RoomView::Mine mine;
  for (const auto& member : roster) {
    view.node_of[member.peer] = member.node;
    if (member.peer == request.self.peer_id) {
      mine.order = member.order;
      mine.record = nlohmann::json{{"i", node_},
                                   {"n", request.self.name},
                                   {"s", secret_hash(request.issued_secret)},
                                   {"o", member.order}}
                        .dump();
    } else {
      admission.others.push_back({member.peer, member.name});
    }
  }
  view.mine[request.self.peer_id] = std::move(mine);
  const std::string& previous = reply.elements[1].text;
  if (admission.claimed) claim_away_seat(request.room, request.self.peer_id, previous);
  if (admission.resumed && !previous.empty() && previous != node_) {
    // Its seat was on another instance: that one forgets it, the rest learn where it is.
    send_replaced(previous, request.room, request.self.peer_id);
    BusEnvelope moved;
    moved.from_node = node_;
    moved.room = request.room;
    moved.change = BusEnvelope::Change::kMoved;
    moved.subject = request.self.peer_id;
    for (const auto& other : other_nodes(view)) {
      if (other != previous) send(other, moved);
    }
  }
  done(std::move(admission));
}

// Envelopes for a room that arrived while a join to it was waiting for Redis's answer
// are taken now, after the newcomer's welcome: the other instances may have heard of it
// (and announced a later join, or sent it a relay) before this one did.
void RedisRooms::finish_admitting(const std::string& room, std::uint64_t admission) {
  const auto entry = admitting_.find(room);
  if (entry == admitting_.end()) return;
  entry->second.pending.erase(admission);
  // In arrival order, every envelope whose joins have all been answered.
  std::vector<BusEnvelope> ready;
  auto& [pending, early] = entry->second;
  while (!early.empty() && (pending.empty() || *pending.begin() > early.front().first)) {
    ready.push_back(std::move(early.front().second));
    early.pop_front();
  }
  if (pending.empty()) admitting_.erase(entry);
  for (auto& envelope : ready) take_envelope(std::move(envelope));
}

// Tells `node` that `peer`'s seat there is taken by this instance: it forgets it silently.
void RedisRooms::send_replaced(const std::string& node, const std::string& room,
                               const std::string& peer) {
  BusEnvelope replaced;
  replaced.kind = BusEnvelope::Kind::kReplaced;
  replaced.from_node = node_;
  replaced.room = room;
  replaced.subject = peer;
  send(node, replaced);
}

// A token-proven join took the seat `previous` held for an away member with its id: that
// instance forgets the seat without a word, then the room hears the earlier holder left -
// before the newcomer's peer-joined, from this instance, so every instance hears them in
// that order. (RoomRegistry::join's claim, across instances.)
void RedisRooms::claim_away_seat(const std::string& room, const std::string& peer,
                                 const std::string& previous) {
  if (previous == node_) {
    if (replaced_) replaced_(room, peer);
  } else if (!previous.empty()) {
    send_replaced(previous, room, peer);
  }
  deliver_frame({room, std::nullopt, peer,
                 std::make_shared<const std::string>(protocol::peer_left_message(peer)),
                 MembershipChange::kLeft});
}

void RedisRooms::mark_away(const std::string& room, const std::string& peer) {
  const auto view = rooms_.find(room);
  if (view == rooms_.end()) return;
  const auto mine = view->second.mine.find(peer);
  if (mine == view->second.mine.end()) return;
  // Put back away, too, should Redis lose its data while the seat is held.
  auto record = nlohmann::json::parse(mine->second.record, nullptr, false);
  if (record.is_object()) {
    record["a"] = 1;
    mine->second.record = record.dump();
  }
  mine->second.away = true;
  // Without Redis now, restore_members() marks it once Redis is back.
  if (commands_->ready()) send_away(room, peer);
}

void RedisRooms::send_away(const std::string& room, const std::string& peer) {
  commands_->command(
      {"EVAL", membership_scripts::kAway, "2", members_key(room), order_key(room), peer, node_},
      [](const RedisReply&) {});
}

void RedisRooms::withdraw(const std::string& room, const std::string& peer) {
  const auto view = rooms_.find(room);
  if (view == rooms_.end() || view->second.mine.erase(peer) == 0) return;
  view->second.node_of.erase(peer);
  forget_room_if_unused(room);
  if (!commands_->ready()) {
    unfinished_leaves_.emplace_back(room, peer);
    return;
  }
  commands_->command(
      {"EVAL", membership_scripts::kLeave, "2", members_key(room), order_key(room), peer, node_},
      [this, room, peer](const RedisReply& reply) {
        if (reply.unanswered) unfinished_leaves_.emplace_back(room, peer);
      });
}

ClusterFigures RedisRooms::figures() const {
  ClusterFigures figures;
  figures.connected = connected();
  figures.published = counters_.published.load(std::memory_order_relaxed);
  figures.received = counters_.received.load(std::memory_order_relaxed);
  figures.dropped = counters_.dropped.load(std::memory_order_relaxed);
  figures.malformed = counters_.malformed.load(std::memory_order_relaxed);
  figures.reaped = counters_.reaped.load(std::memory_order_relaxed);
  figures.evicted = counters_.evicted.load(std::memory_order_relaxed);
  const auto made = commands_->connections_made() + listener_->connections_made();
  figures.reconnects = made > 2 ? made - 2 : 0;
  figures.buffered_bytes = buffered_bytes_.load();
  for (std::size_t i = 0; i < figures.latency_at_most.size(); ++i) {
    figures.latency_at_most[i] = counters_.latency_at_most[i].load(std::memory_order_relaxed);
  }
  figures.latency_count = counters_.latency_count.load(std::memory_order_relaxed);
  figures.latency_sum_seconds =
      static_cast<double>(counters_.latency_sum_us.load(std::memory_order_relaxed)) / 1e6;
  return figures;
}

bool RedisRooms::has_remote_member(std::string_view room, std::string_view peer) const {
  const auto view = rooms_.find(room);
  if (view == rooms_.end()) return false;
  const auto member = view->second.node_of.find(peer);
  return member != view->second.node_of.end() && member->second != node_;
}

void RedisRooms::publish(RoomDelivery delivery) {
  if (delivery.change == MembershipChange::kLeft) return leave(std::move(delivery));
  deliver_frame(delivery);
}

// Local members first, then one envelope per other instance concerned.
void RedisRooms::deliver_frame(const RoomDelivery& delivery) {
  const auto view = rooms_.find(delivery.room);
  std::set<std::string> nodes;
  if (view != rooms_.end()) {
    if (delivery.to_peer) {
      const auto member = view->second.node_of.find(*delivery.to_peer);
      if (member != view->second.node_of.end() && member->second != node_)
        nodes.insert(member->second);
    } else {
      nodes = other_nodes(view->second);
    }
  }
  if (nodes.empty() || !delivery.to_peer) {
    if (deliver_locally_) deliver_locally_(delivery);
  }
  if (nodes.empty()) return;
  BusEnvelope envelope;
  envelope.from_node = node_;
  envelope.room = delivery.room;
  envelope.to_peer = delivery.to_peer;
  envelope.except_peer = delivery.except_peer;
  envelope.frame = *delivery.frame;
  if (delivery.change == MembershipChange::kJoined) {
    envelope.change = BusEnvelope::Change::kJoined;
    envelope.subject = delivery.except_peer.value_or("");
    // Receivers tell it only to members who joined before it (later ones had it listed in
    // their welcome, and a second peer-joined would make a reference client call twice).
    if (view != rooms_.end()) {
      if (const auto mine = view->second.mine.find(envelope.subject);
          mine != view->second.mine.end())
        envelope.order = mine->second.order;
    }
  } else if (delivery.change == MembershipChange::kLeft) {
    envelope.change = BusEnvelope::Change::kLeft;
    envelope.subject = delivery.except_peer.value_or("");
  } else if (delivery.to_peer && delivery.from_peer) {
    envelope.subject = *delivery.from_peer;  // told if the target cannot be reached there
  }
  for (const auto& node : nodes) send(node, envelope);
}

// A member here left for good: Redis first (the script tells whether it was still ours
// and who is left to hear it), then the room.
void RedisRooms::leave(RoomDelivery delivery) {
  const std::string peer = delivery.except_peer.value_or("");
  const auto view = rooms_.find(delivery.room);
  if (view == rooms_.end() || view->second.mine.erase(peer) == 0) {
    // Not a member here: nothing is shared about it.
    if (deliver_locally_) deliver_locally_(delivery);
    return;
  }
  if (!commands_->ready()) {
    // Told from what this instance knows; Redis hears it when it is back.
    unfinished_leaves_.emplace_back(delivery.room, peer);
    deliver_frame(delivery);
    view->second.node_of.erase(peer);
    forget_room_if_unused(delivery.room);
    return;
  }
  const std::string room = delivery.room;
  commands_->command(
      {"EVAL", membership_scripts::kLeave, "2", members_key(room), order_key(room), peer, node_},
      [this, delivery = std::move(delivery), peer](const RedisReply& reply) {
        const auto room_view = rooms_.find(delivery.room);
        if (reply.kind != RedisReply::Kind::kArray || reply.elements.empty()) {
          unfinished_leaves_.emplace_back(delivery.room, peer);
          deliver_frame(delivery);
        } else if (reply.elements[0].integer == 1) {
          // To the nodes of the members left, as Redis has them now.
          if (room_view != rooms_.end()) take_roster(room_view->second, reply.elements, 1);
          deliver_frame(delivery);
        }
        // 0: the seat was taken by a resume elsewhere meanwhile; the room keeps its member.
        if (room_view != rooms_.end()) room_view->second.node_of.erase(peer);
        forget_room_if_unused(delivery.room);
      });
}

void RedisRooms::take_roster(RoomView& view, const std::vector<RedisReply>& pairs,
                             std::size_t from) {
  view.node_of.clear();
  for (const auto& member : roster_of(pairs, from)) view.node_of[member.peer] = member.node;
}

void RedisRooms::forget_room_if_unused(const std::string& room) {
  const auto view = rooms_.find(room);
  if (view != rooms_.end() && view->second.mine.empty()) rooms_.erase(view);
}

std::set<std::string> RedisRooms::other_nodes(const RoomView& view) const {
  std::set<std::string> nodes;
  for (const auto& [peer, node] : view.node_of) {
    if (node != node_) nodes.insert(node);
  }
  return nodes;
}

void RedisRooms::send(const std::string& node, BusEnvelope envelope) {
  const auto seq = next_seq_++;
  envelope.sent_at_us = epoch_us();
  std::string payload = encode_envelope(envelope);
  const auto waiting = waiting_.find(node);
  if (!commands_->ready() || (waiting != waiting_.end() && !waiting->second.envelopes.empty())) {
    return hold(node, seq, std::move(payload));  // behind what already waits for this node
  }
  publish_now(node, seq, std::move(payload));
}

void RedisRooms::publish_now(const std::string& node, std::uint64_t seq, std::string payload) {
  counters_.published.fetch_add(1, std::memory_order_relaxed);
  commands_->command({"PUBLISH", channel_of(node), payload},
                     [this, node, seq, payload](const RedisReply& reply) mutable {
                       if (reply.kind == RedisReply::Kind::kInteger && reply.integer == 0) {
                         // Nobody listening on its channel (yet): keep it, in its place.
                         return hold(node, seq, std::move(payload));
                       }
                       // Lost with the connection: maybe it reached Redis. Not sent again - a
                       // frame delivered twice is worse than one lost (clients recover a lost
                       // offer or candidate).
                       if (reply.unanswered)
                         counters_.dropped.fetch_add(1, std::memory_order_relaxed);
                     });
}

void RedisRooms::hold(const std::string& node, std::uint64_t seq, std::string payload) {
  const std::size_t size = payload.size();
  if (buffered_bytes_.load() + size > settings_.buffer_bytes) {
    counters_.dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  buffered_bytes_.fetch_add(size);
  waiting_[node].envelopes.emplace(seq, std::make_pair(Clock::now(), std::move(payload)));
  schedule_resend();
}

void RedisRooms::schedule_resend() {
  if (retry_scheduled_ || stopped_) return;
  retry_scheduled_ = true;
  retry_timer_.expires_after(std::chrono::milliseconds(200));
  retry_timer_.async_wait([this](const boost::system::error_code& error) {
    if (error) return;
    retry_scheduled_ = false;
    std::vector<std::string> nodes;
    for (const auto& [node, waiting] : waiting_) nodes.push_back(node);
    for (const auto& node : nodes) resend(node);
    if (!waiting_.empty()) schedule_resend();
  });
}

// The oldest envelope for `node`, then (once taken) the next: one at a time, so they keep
// their order. Ones that waited too long are given up.
void RedisRooms::resend(const std::string& node) {
  const auto waiting = waiting_.find(node);
  if (waiting == waiting_.end()) return;
  auto& envelopes = waiting->second.envelopes;
  while (!envelopes.empty() && Clock::now() - envelopes.begin()->second.first > kMaxWait) {
    buffered_bytes_.fetch_sub(envelopes.begin()->second.second.size());
    envelopes.erase(envelopes.begin());
    counters_.dropped.fetch_add(1, std::memory_order_relaxed);
  }
  if (envelopes.empty()) {
    waiting_.erase(waiting);
    return;
  }
  if (waiting->second.sending || !commands_->ready()) return;
  waiting->second.sending = true;
  const auto seq = envelopes.begin()->first;
  commands_->command(
      {"PUBLISH", channel_of(node), envelopes.begin()->second.second},
      [this, node, seq](const RedisReply& reply) {
        const auto entry = waiting_.find(node);
        if (entry == waiting_.end()) return;
        entry->second.sending = false;
        const bool taken = reply.kind == RedisReply::Kind::kInteger && reply.integer > 0;
        if (!taken && !reply.unanswered) return;  // still nobody listening: the timer retries
        const auto sent = entry->second.envelopes.find(seq);
        if (sent != entry->second.envelopes.end()) {
          buffered_bytes_.fetch_sub(sent->second.second.size());
          entry->second.envelopes.erase(sent);
        }
        (taken ? counters_.published : counters_.dropped).fetch_add(1, std::memory_order_relaxed);
        resend(node);
      });
}

bool RedisRooms::can_send_remote(std::size_t bytes) const {
  // Nothing waits (the usual case): it goes now. Otherwise it must fit beside what waits.
  return buffered_bytes_.load() + bytes <= settings_.buffer_bytes;
}

void RedisRooms::count_latency(std::int64_t sent_at_us) {
  const auto took_us = epoch_us() - sent_at_us;
  if (took_us < 0 || took_us > 60'000'000) return;  // clocks too far apart to say anything
  const double seconds = static_cast<double>(took_us) / 1e6;
  const auto& bounds = ClusterFigures::kLatencyBoundsSeconds;
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (seconds <= bounds[i]) counters_.latency_at_most[i].fetch_add(1, std::memory_order_relaxed);
  }
  counters_.latency_count.fetch_add(1, std::memory_order_relaxed);
  counters_.latency_sum_us.fetch_add(static_cast<std::uint64_t>(took_us),
                                     std::memory_order_relaxed);
}

void RedisRooms::on_message(std::string_view, std::string_view payload) {
  auto envelope = decode_envelope(payload);
  if (!envelope) {
    counters_.malformed.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  counters_.received.fetch_add(1, std::memory_order_relaxed);
  if (envelope->sent_at_us > 0) count_latency(envelope->sent_at_us);
  if (const auto entry = admitting_.find(envelope->room); entry != admitting_.end()) {
    // See finish_admitting(). (An entry exists only while a join is pending.)
    entry->second.early.emplace_back(*entry->second.pending.rbegin(), std::move(*envelope));
    return;
  }
  take_envelope(std::move(*envelope));
}

void RedisRooms::take_envelope(BusEnvelope envelope) {
  const auto view = rooms_.find(envelope.room);
  if (envelope.kind == BusEnvelope::Kind::kReplaced) {
    if (view != rooms_.end()) {
      view->second.mine.erase(envelope.subject);
      view->second.node_of[envelope.subject] = envelope.from_node;
    }
    if (replaced_) replaced_(envelope.room, envelope.subject);
    forget_room_if_unused(envelope.room);
    return;
  }
  if (view != rooms_.end()) {
    auto& node_of = view->second.node_of;
    switch (envelope.change) {
      case BusEnvelope::Change::kJoined:
      case BusEnvelope::Change::kMoved:
        node_of[envelope.subject] = envelope.from_node;
        break;
      case BusEnvelope::Change::kLeft:
        node_of.erase(envelope.subject);
        break;
      case BusEnvelope::Change::kNone:
        break;
    }
  }
  if (envelope.frame.empty() || !deliver_locally_) return;
  if (envelope.change == BusEnvelope::Change::kJoined && envelope.order > 0) {
    if (view == rooms_.end()) return;  // no member here
    const auto frame = std::make_shared<const std::string>(std::move(envelope.frame));
    for (const auto& [peer, mine] : view->second.mine) {
      if (mine.order < envelope.order) {
        deliver_locally_({envelope.room, peer, std::nullopt, frame, MembershipChange::kNone});
      }
    }
    return;
  }
  RoomDelivery delivery{envelope.room, envelope.to_peer, envelope.except_peer,
                        std::make_shared<const std::string>(std::move(envelope.frame)),
                        MembershipChange::kNone};
  const bool delivered = deliver_locally_(delivery);
  // A relay for a member held here away (or gone meanwhile): its sender is told, as a
  // sender on this instance would be, instead of the relay vanishing.
  if (!delivered && envelope.to_peer && envelope.change == BusEnvelope::Change::kNone &&
      !envelope.subject.empty()) {
    BusEnvelope refusal;
    refusal.from_node = node_;
    refusal.room = envelope.room;
    refusal.to_peer = envelope.subject;
    refusal.frame = protocol::error_message(
        {ErrorCode::kUnknownTarget, "peer \"" + *envelope.to_peer +
                                        "\" cannot be reached now (its connection was lost); "
                                        "your message was not delivered"});
    send(envelope.from_node, refusal);
  }
}

}  // namespace parley::server
