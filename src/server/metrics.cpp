#include "server/metrics.h"

#include <sstream>

namespace parley::server {

namespace {

void family(std::ostringstream& out, const char* name, const char* type, const char* help) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

std::uint64_t read(const ServerMetrics::Counter& counter) {
  return counter.load(std::memory_order_relaxed);
}

void render_cluster(std::ostringstream& out, const ClusterFigures& cluster) {
  const struct {
    const char* name;
    const char* type;
    const char* help;
    std::uint64_t value;
  } series[] = {
      {"parley_cluster_connected", "gauge",
       "1 while this instance reaches Redis (commands and bus); 0 while it does not.",
       cluster.connected ? 1U : 0U},
      {"parley_cluster_published_total", "counter", "Envelopes sent to other instances.",
       cluster.published},
      {"parley_cluster_received_total", "counter", "Envelopes received from other instances.",
       cluster.received},
      {"parley_cluster_dropped_total", "counter",
       "Envelopes for other instances not sent because Redis was unreachable.", cluster.dropped},
      {"parley_cluster_malformed_total", "counter", "Received envelopes that were not valid.",
       cluster.malformed},
      {"parley_cluster_reaped_total", "counter",
       "Members of stopped instances that this instance took out of their rooms.", cluster.reaped},
      {"parley_cluster_evicted_total", "counter",
       "Members of this instance that the others took out while it lived (frozen or cut off "
       "past its liveness key); their clients were told to reconnect.",
       cluster.evicted},
      {"parley_cluster_reconnects_total", "counter", "Redis connections made again after a loss.",
       cluster.reconnects},
      {"parley_cluster_buffered_bytes", "gauge",
       "Envelopes for other instances waiting for Redis to come back.", cluster.buffered_bytes},
  };
  for (const auto& one : series) {
    family(out, one.name, one.type, one.help);
    out << one.name << ' ' << one.value << '\n';
  }
  // Microsecond stamps from the instances' wall clocks: exact on one host, as good as the
  // clock synchronisation between hosts.
  family(out, "parley_cluster_latency_seconds", "histogram",
         "Time from an instance sending an envelope to this one receiving it, by their clocks.");
  for (std::size_t i = 0; i < ClusterFigures::kLatencyBoundsSeconds.size(); ++i) {
    out << "parley_cluster_latency_seconds_bucket{le=\"" << ClusterFigures::kLatencyBoundsSeconds[i]
        << "\"} " << cluster.latency_at_most[i] << '\n';
  }
  out << "parley_cluster_latency_seconds_bucket{le=\"+Inf\"} " << cluster.latency_count << '\n'
      << "parley_cluster_latency_seconds_sum " << cluster.latency_sum_seconds << '\n'
      << "parley_cluster_latency_seconds_count " << cluster.latency_count << '\n';
}

}  // namespace

std::string render_prometheus(const ServerMetrics& metrics, const MetricGauges& gauges) {
  struct Series {
    const char* name;
    const char* type;
    const char* help;
    std::uint64_t value;
  };
  const Series series[] = {
      {"parley_ready", "gauge", "1 while the server accepts new calls, 0 while stopping.",
       gauges.ready ? 1u : 0u},
      {"parley_connections", "gauge",
       "TCP connections held now: HTTP, TLS handshakes and WebSockets.", gauges.tcp_connections},
      {"parley_signaling_connections", "gauge", "Signaling WebSockets open now.",
       gauges.connections},
      {"parley_rooms", "gauge", "Rooms with at least one member, present or away.", gauges.rooms},
      {"parley_away_members", "gauge",
       "Room members whose connection was lost, their seat held for a resume (--id-hold).",
       gauges.away_members},
      {"parley_signaling_connections_total", "counter",
       "Signaling WebSockets accepted since start.", read(metrics.connections_accepted)},
      {"parley_messages_received_total", "counter", "Text frames received from clients.",
       read(metrics.messages_received)},
      {"parley_messages_over_rate_total", "counter",
       "Text frames dropped unread because their connection was over its rate.",
       read(metrics.messages_over_rate)},
      {"parley_received_bytes_total", "counter", "Bytes of text frames received.",
       read(metrics.bytes_received)},
      {"parley_messages_relayed_total", "counter",
       "Offers, answers and ICE candidates forwarded to a peer.", read(metrics.messages_relayed)},
      {"parley_relayed_bytes_total", "counter", "Bytes of relayed messages.",
       read(metrics.bytes_relayed)},
      {"parley_frames_sent_total", "counter", "Frames written to clients.",
       read(metrics.frames_sent)},
      {"parley_sent_bytes_total", "counter", "Bytes of frames written to clients.",
       read(metrics.bytes_sent)},
      {"parley_write_queue_drops_total", "counter",
       "Clients disconnected because they read too slowly (write queue full).",
       read(metrics.slow_consumers_dropped)},
      {"parley_join_timeouts_total", "counter",
       "Signaling WebSockets closed because they did not join a room in time.",
       read(metrics.join_timeouts)},
      {"parley_accept_pauses_total", "counter",
       "Times accepting paused because the server ran out of file descriptors.",
       read(metrics.accept_pauses)},
      {"parley_connections_shed_total", "counter",
       "Connections closed unserved while out of file descriptors.",
       read(metrics.connections_shed)},
      {"parley_write_queue_peak_bytes", "gauge",
       "The most bytes one connection has had queued for writing since start (frames with "
       "their headers and bookkeeping).",
       read(metrics.write_queue_peak_bytes)},
  };
  std::ostringstream out;
  for (const auto& one : series) {
    family(out, one.name, one.type, one.help);
    out << one.name << ' ' << one.value << '\n';
  }
  family(out, "parley_connections_refused_total", "counter",
         "Connections refused at accept: the server holds --max-connections (server-full) or "
         "their address holds --max-connections-per-address (address-full).");
  out << "parley_connections_refused_total{reason=\"server-full\"} "
      << read(metrics.refused_server_full) << '\n'
      << "parley_connections_refused_total{reason=\"address-full\"} "
      << read(metrics.refused_address_full) << '\n';
  family(out, "parley_rejects_total", "counter", "Messages answered with an error, by error code.");
  for (std::size_t i = 0; i < protocol::kErrorCodeCount; ++i) {
    out << "parley_rejects_total{code=\""
        << protocol::to_string(static_cast<protocol::ErrorCode>(i)) << "\"} "
        << read(metrics.rejected[i]) << '\n';
  }
  if (gauges.cluster) render_cluster(out, *gauges.cluster);
  return out.str();
}

}  // namespace parley::server
