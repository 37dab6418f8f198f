// The signaling logic between connections and rooms, with no sockets in it.
//
//   SignalingHub hub(limits, bus, random_peer_id, JoinAccess(auth_secret, ice_config));
//   auto id = hub.attach(connection, now);     // a WebSocket was accepted
//   hub.on_frame(id, text, now);               // each text frame it sends
//   hub.keep_alive(now);                       // about once a second
//   hub.detach(id);                            // it closed (peer-left to the room) or was
//                                              // lost (its seat is held: peer-left only if
//                                              // it is not back within the hold)
//
// Each frame is rate-limited (token bucket), parsed and validated in src/core, and
// answered: join -> token check (JoinAccess) -> welcome + peer-joined, offer/answer/ice-candidate
// -> relayed to the target in the same room with "from" set by the server, leave -> peer-left,
// anything wrong -> {type:"error", code, message}. Repeated violations close the connection (1008);
// they are forgiven slowly over time. Messages over the rate are dropped (and said so once
// per burst) but not held against the sender; relays to a peer whose queue is half full
// are refused (peer-busy) instead of getting that peer closed.
// State is under one mutex, and connections are called outside it (they may call back).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/base/token_bucket.h"
#include "core/protocol/client_message.h"
#include "core/protocol/server_message.h"
#include "core/rooms/room_registry.h"
#include "server/access/join_access.h"
#include "server/metrics.h"
#include "server/room_bus.h"
#include "server/room_cluster.h"
#include "server/signaling_connection.h"

namespace parley::server {

using rooms::ConnectionId;

struct HubLimits {
  protocol::ProtocolLimits protocol;
  rooms::RoomLimits rooms;
  double messages_per_second = 50.0;
  double message_burst = 200.0;
  // Rejected messages a connection may have to its name before it is closed; one is
  // forgiven every 1 / violations_forgiven_per_second seconds. `unknown-target` is not
  // counted (a message in flight to a peer that has just left is a race, not abuse).
  int max_violations = 20;
  double violations_forgiven_per_second = 0.2;
  // A connection out of a room this long (since it connected or left) is closed (4408),
  // so sockets that never join cannot hold the server's connection slots.
  std::chrono::seconds join_timeout{60};
};

// Close codes of the application's own range (4000-4999): a WebSocket that did not join
// in time, and one whose peer id a resume (with its secret) took over.
inline constexpr std::uint16_t kJoinTimeoutCloseCode = 4408;
inline constexpr std::uint16_t kReplacedCloseCode = 4409;

class SignalingHub {
 public:
  // Joins and leaves a connection may make: a burst, then one a second.
  static constexpr double kMembershipChangesPerSecond = 1.0;
  static constexpr double kMembershipChangeBurst = 5.0;

  using Clock = TokenBucket::Clock;

  // With `cluster` (parley-server --redis), joins are admitted by the shared membership
  // first, and relays may go to members connected to other instances.
  SignalingHub(HubLimits limits, RoomBus& bus, std::function<std::string()> new_peer_id,
               JoinAccess access, RoomCluster* cluster = nullptr);

  ConnectionId attach(const std::shared_ptr<SignalingConnection>& connection,
                      Clock::time_point now = Clock::now());
  void on_frame(ConnectionId id, std::string_view frame, Clock::time_point now);
  // Charges a ping or pong to the connection's message budget. False when over it: the
  // frame goes unanswered and counts as a violation, as an over-rate message does.
  bool charge_control_frame(ConnectionId id, Clock::time_point now);
  void detach(ConnectionId id, Clock::time_point now = Clock::now());

  // Takes the connection out of its room but keeps it attached while its close handshake
  // finishes; detach() follows when it is gone. Unless `hold` says the client left on
  // purpose (peer-left now), its seat is held for a resume for RoomLimits::id_hold and
  // the room hears peer-left only if the hold runs out (keep_alive).
  void depart(ConnectionId id, Clock::time_point now = Clock::now(),
              rooms::HoldId hold = rooms::HoldId::kYes);

  // Tells every connection "server-shutdown" and closes it with 1001 (going away).
  void shutdown();

  // Closes connections that have not joined in time, lets every connection check its
  // liveness (SignalingConnection::keep_alive), announces holds that ran out, and sends
  // members whose TURN credentials are due for renewal fresh ones ("ice-servers").
  void keep_alive(Clock::time_point now);

  std::size_t connection_count() const;
  // Of the members shutdown() sent away, those whose seats are still here (not yet resumed
  // on another instance, hold not run out): a draining cluster member waits for none.
  std::size_t seats_sent_away() const;

  // False once shutdown() has begun (GET /readyz answers 503).
  bool ready() const;
  // With --redis: whether Redis is reachable, and the bus's counters.
  std::optional<ClusterFigures> cluster_figures() const;

  // Counters for /metrics; sessions add what only they see (bytes written, slow readers).
  ServerMetrics& metrics() { return metrics_; }
  const ServerMetrics& metrics() const { return metrics_; }
  MetricGauges gauges() const;

 private:
  struct Client {
    Client(std::weak_ptr<SignalingConnection> connection_, TokenBucket bucket_,
           TokenBucket violation_budget_, Clock::time_point connected_at)
        : connection(std::move(connection_)),
          bucket(bucket_),
          violation_budget(violation_budget_),
          out_of_room_since(connected_at) {}

    std::weak_ptr<SignalingConnection> connection;
    TokenBucket bucket;                   // messages, pings and pongs
    TokenBucket violation_budget;         // max_violations, refilled slowly
    Clock::time_point out_of_room_since;  // when it connected or last left a room
    TokenBucket membership_bucket{kMembershipChangesPerSecond, kMembershipChangeBurst};
    bool in_room = false;
    bool joining = false;  // a join is waiting for the cluster's admission
    // The join its TURN credentials were made for (only its token's expiry is kept), and
    // when fresh ones are due (none: no TURN, or they end with its join token).
    std::optional<AdmittedJoin> admitted;
    std::string peer_id;
    std::optional<Clock::time_point> renew_credentials_at;
    bool told_rate_limited = false;  // told_at: when; it is told once a second
    bool closing = false;            // the hub asked to close it; its further frames are ignored
    Clock::time_point told_at;

    bool may_tell_rate_limited(Clock::time_point now) {
      if (told_rate_limited && now - told_at < std::chrono::seconds(1)) return false;
      told_rate_limited = true;
      told_at = now;
      return true;
    }
  };

  void handle_join(ConnectionId id, const protocol::JoinRequest& join, Clock::time_point now);
  void admit_in_cluster(ConnectionId id, AdmittedJoin admitted, Clock::time_point now);
  void finish_cluster_join(ConnectionId id, const AdmittedJoin& admitted, const std::string& secret,
                           Admission admission);
  // The welcome (others: who the newcomer is told of) and the room's peer-joined.
  void welcome(ConnectionId id, const AdmittedJoin& admitted, const rooms::JoinOutcome& outcome,
               const std::vector<protocol::PeerInfo>& others, bool resumed, Clock::time_point now);
  void forget_replaced(const std::string& room, const std::string& peer);
  // The cluster took this member out (RoomCluster::on_evicted): its seat goes silently and
  // its connection, if any, is told to reconnect (server-shutdown) and closed.
  void evict(const std::string& room, const std::string& peer);
  void handle_relay(ConnectionId id, const protocol::RelayRequest& relay, Clock::time_point now);
  void handle_leave(ConnectionId id, Clock::time_point now);
  // peer-left to each departure's room (not for one whose seat is held for a resume).
  void announce(const std::vector<rooms::Departure>& departures);
  void reject(ConnectionId id, const protocol::ProtocolError& error, Clock::time_point now);
  bool deliver(const RoomDelivery& delivery);
  void send_to(ConnectionId id, std::shared_ptr<const std::string> frame);
  std::shared_ptr<SignalingConnection> connection_of(ConnectionId id) const;  // needs mutex_
  std::vector<std::shared_ptr<SignalingConnection>> all_connections() const;
  void set_in_room(ConnectionId id, bool in_room, Clock::time_point now);
  bool take_membership_change(ConnectionId id, Clock::time_point now);
  void close_replaced(ConnectionId stale);
  void close_unjoined(Clock::time_point now);
  void renew_credentials(Clock::time_point now);
  void schedule_renewal(Client& client, Clock::time_point now) const;  // needs mutex_

  const HubLimits limits_;
  RoomBus& bus_;
  const JoinAccess access_;
  RoomCluster* const cluster_;
  const std::function<std::string()> new_peer_id_;

  mutable std::mutex mutex_;
  rooms::RoomRegistry rooms_;
  std::unordered_map<ConnectionId, Client> clients_;
  ConnectionId next_id_ = 1;
  bool shutting_down_ = false;
  std::vector<rooms::Membership> sent_away_;  // members present when shutdown() began
  ServerMetrics metrics_;
  // Every pong is the same frame: shared, not made per ping.
  const std::shared_ptr<const std::string> pong_frame_ =
      std::make_shared<const std::string>(protocol::pong_message());
};

}  // namespace parley::server
