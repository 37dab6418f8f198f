// Shared membership for rooms that span server instances (parley-server --redis): who may
// join (capacity and peer ids across every instance), who is where, and what the other
// instances say about seats. None in a single process: the hub's RoomRegistry decides.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/error_code.h"
#include "core/protocol/server_message.h"

namespace parley::server {

struct AdmitRequest {
  std::string room;
  protocol::PeerInfo self;  // its peer id already chosen (asked for, or made)
  std::size_t capacity = 0;
  std::optional<std::string> presented_secret;  // a resume's secret
  std::string issued_secret;                    // what its welcome will give out
  bool id_proven_by_token = false;  // its join token binds its peer id: may claim an away seat
};

struct Admission {
  std::optional<protocol::ProtocolError> error;  // room-full, id-taken, unavailable
  std::vector<protocol::PeerInfo> others;        // every other member, in join order
  bool resumed = false;                          // its seat, kept: the room hears nothing
  // It claimed the seat of an away member with the same id (a token-proven join): that
  // member's seat is gone from its instance and the room has been told it left.
  bool claimed = false;
};

// For /metrics and /readyz.
struct ClusterFigures {
  bool connected = false;            // to Redis, for commands and for the bus
  std::uint64_t published = 0;       // envelopes sent to other instances
  std::uint64_t received = 0;        // envelopes from other instances
  std::uint64_t dropped = 0;         // not sent: Redis was unreachable
  std::uint64_t malformed = 0;       // received, not valid envelopes
  std::uint64_t reaped = 0;          // members of stopped instances this one took out
  std::uint64_t evicted = 0;         // members here, taken out by the others (on_evicted)
  std::uint64_t reconnects = 0;      // Redis connections made again after a loss
  std::uint64_t buffered_bytes = 0;  // envelopes waiting for Redis to come back
  // Cross-instance latency of received envelopes (sent -> received, by the instances'
  // clocks): how many took at most each bound of kLatencyBoundsSeconds, then in all.
  static constexpr std::array<double, 13> kLatencyBoundsSeconds = {
      0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 2.0};
  std::array<std::uint64_t, kLatencyBoundsSeconds.size()> latency_at_most{};
  std::uint64_t latency_count = 0;
  double latency_sum_seconds = 0;
};

class RoomCluster {
 public:
  using AdmitHandler = std::function<void(Admission)>;
  using ReplacedHandler = std::function<void(const std::string& room, const std::string& peer)>;
  virtual ~RoomCluster() = default;

  // `done` runs later on the server's event loop, never inside admit().
  virtual void admit(AdmitRequest request, AdmitHandler done) = 0;
  // Takes back an admitted member that never took its seat (its connection went while
  // the admission was on its way), without a word to the room.
  virtual void withdraw(const std::string& room, const std::string& peer) = 0;
  // A member of `room` connected to another instance (a relay to it crosses over).
  virtual bool has_remote_member(std::string_view room, std::string_view peer) const = 0;
  // Whether a frame of `bytes` for another instance can go now or wait for Redis within
  // the bound; when not, the sender is told its relay was not delivered (unavailable).
  virtual bool can_send_remote(std::size_t bytes) const = 0;
  // Called when a member held here resumed on another instance, or its away seat was
  // claimed: its seat here goes without a word to the room, and its old connection (if
  // any) is closed.
  virtual void on_replaced(ReplacedHandler handler) = 0;
  // Called for each member held here once the others judged this instance dead and took
  // its members out (it was frozen past its liveness key, or cut off from Redis, but
  // lived): the room was told they left, so the seat here goes without a word, and the
  // member's connection is told to reconnect - it joins again as a newcomer.
  virtual void on_evicted(ReplacedHandler handler) = 0;
  // A member connected here lost its connection and its seat is held for it: marked away,
  // so a token-proven join on any instance may claim the seat (RoomRegistry's rule).
  virtual void mark_away(const std::string& room, const std::string& peer) = 0;
  virtual ClusterFigures figures() const = 0;
};

}  // namespace parley::server
