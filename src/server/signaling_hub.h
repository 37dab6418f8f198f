// The signaling logic between connections and rooms, with no sockets in it.
//
//   SignalingHub hub(limits, bus, random_peer_id, JoinAccess(auth_secret, ice_config));
//   auto id = hub.attach(connection);          // a WebSocket was accepted (server-full
//                                              // and closed 1013 past max_connections)
//   hub.on_frame(id, text, now);               // each text frame it sends
//   hub.detach(id);                            // it closed or died: peer-left to the room
//
// Each frame is rate-limited (token bucket), parsed and validated in src/core, and
// answered: join -> token check (JoinAccess) -> welcome + peer-joined, offer/answer/ice-candidate
// -> relayed to the target in the same room with "from" set by the server, leave -> peer-left,
// anything wrong -> {type:"error", code, message}. Repeated violations close the connection (1008).
// State is under one mutex, and connections are called outside it (they may call back).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "core/protocol/client_message.h"
#include "core/rooms/room_registry.h"
#include "core/token_bucket.h"
#include "server/access/join_access.h"
#include "server/metrics.h"
#include "server/room_bus.h"
#include "server/signaling_connection.h"

namespace parley::server {

using rooms::ConnectionId;

struct HubLimits {
  protocol::ProtocolLimits protocol;
  rooms::RoomLimits rooms;
  double messages_per_second = 50.0;
  double message_burst = 200.0;
  int max_violations = 20;  // rejected messages before the connection is closed
  std::size_t max_connections = 20000;
};

class SignalingHub {
 public:
  using Clock = TokenBucket::Clock;

  SignalingHub(HubLimits limits, RoomBus& bus, std::function<std::string()> new_peer_id,
               JoinAccess access);

  ConnectionId attach(const std::shared_ptr<SignalingConnection>& connection);
  void on_frame(ConnectionId id, std::string_view frame, Clock::time_point now);
  void detach(ConnectionId id);

  // Takes the connection out of its room (peer-left now) but keeps it attached while
  // its close handshake finishes; detach() follows when it is gone.
  void depart(ConnectionId id);

  // Tells every connection "server-shutdown" and closes it with 1001 (going away).
  void shutdown();

  // Lets every connection check its liveness (SignalingConnection::keep_alive).
  void keep_alive(Clock::time_point now);

  std::size_t connection_count() const;

  // False once shutdown() has begun (GET /readyz answers 503).
  bool ready() const;

  // Counters for /metrics; sessions add what only they see (bytes written, slow readers).
  ServerMetrics& metrics() { return metrics_; }
  const ServerMetrics& metrics() const { return metrics_; }
  MetricGauges gauges() const;

 private:
  struct Client {
    std::weak_ptr<SignalingConnection> connection;
    TokenBucket bucket;
    int violations = 0;
    bool closing = false;  // the hub asked to close it; its further frames are ignored
  };

  void handle_join(ConnectionId id, const protocol::JoinRequest& join);
  void handle_relay(ConnectionId id, const protocol::RelayRequest& relay);
  void handle_leave(ConnectionId id);
  void reject(ConnectionId id, const protocol::ProtocolError& error);
  void deliver(const RoomDelivery& delivery);
  void send_to(ConnectionId id, std::shared_ptr<const std::string> frame);
  std::shared_ptr<SignalingConnection> connection_of(ConnectionId id) const;  // needs mutex_
  std::vector<std::shared_ptr<SignalingConnection>> all_connections() const;

  const HubLimits limits_;
  RoomBus& bus_;
  const JoinAccess access_;

  mutable std::mutex mutex_;
  rooms::RoomRegistry rooms_;
  std::unordered_map<ConnectionId, Client> clients_;
  ConnectionId next_id_ = 1;
  bool shutting_down_ = false;
  ServerMetrics metrics_;
};

}  // namespace parley::server
