// What parley-server counts, exported at GET /metrics in the Prometheus text format
// (version 0.0.4). Counters are lock-free atomics bumped on the I/O paths; a scrape reads
// them without stopping anything, so figures from one scrape may be a few messages apart.
//
//   metrics.relayed.fetch_add(1, std::memory_order_relaxed);
//   std::string page = render_prometheus(metrics, {connections, rooms});
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "core/protocol/error_code.h"
#include "server/room_cluster.h"

namespace parley::server {

struct ServerMetrics {
  using Counter = std::atomic<std::uint64_t>;

  Counter connections_accepted{0};  // signaling WebSockets attached to the hub
  Counter messages_received{0};     // text frames from clients, valid or not
  Counter messages_over_rate{0};    // ... dropped unread: over the connection's rate
  Counter bytes_received{0};
  Counter messages_relayed{0};  // offers, answers and candidates forwarded to a peer
  Counter bytes_relayed{0};
  Counter frames_sent{0};  // every frame written to a client (relays, welcomes, errors, ...)
  Counter bytes_sent{0};
  Counter slow_consumers_dropped{0};  // clients closed because their write queue overflowed
  Counter write_queue_peak_bytes{0};  // the most one connection ever had queued (a gauge)
  Counter refused_server_full{0};     // connections refused at accept: --max-connections
  Counter refused_address_full{0};    // ... and --max-connections-per-address
  Counter join_timeouts{0};           // WebSockets closed for not joining in time
  Counter accept_pauses{0};           // accepting paused: out of file descriptors
  Counter connections_shed{0};        // ... and a waiting connection closed unserved
  std::array<Counter, protocol::kErrorCodeCount> rejected{};  // error replies, by code

  void count_rejection(protocol::ErrorCode code) {
    rejected[static_cast<std::size_t>(code)].fetch_add(1, std::memory_order_relaxed);
  }
  void note_write_queue(std::uint64_t queued_bytes) {
    auto peak = write_queue_peak_bytes.load(std::memory_order_relaxed);
    while (queued_bytes > peak && !write_queue_peak_bytes.compare_exchange_weak(
                                      peak, queued_bytes, std::memory_order_relaxed)) {
    }
  }
};

// Values that are read from the hub's state at scrape time rather than counted.
struct MetricGauges {
  std::uint64_t connections = 0;  // signaling WebSockets
  std::uint64_t rooms = 0;
  bool ready = true;
  std::uint64_t tcp_connections = 0;  // every connection held: HTTP, TLS handshakes, WebSockets
  std::uint64_t away_members = 0;     // lost connections whose seat is held for a resume
  std::optional<ClusterFigures> cluster{};  // with --redis
};

std::string render_prometheus(const ServerMetrics& metrics, const MetricGauges& gauges);

}  // namespace parley::server
