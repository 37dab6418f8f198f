// The hostile client of tools/bench/signaling: one connection that upgrades to WebSocket,
// then sends empty pings as fast as it can and never reads. Reports how many it got out,
// whether and when the server closed the connection (its FIN, seen with POLLRDHUP without
// reading anything), and the server's memory, sampled every 50 ms.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace parley::bench {

struct PingFloodOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::uint64_t pings = 2'000'000;
  std::chrono::milliseconds time_limit{20'000};
};

struct PingFloodResult {
  bool connected = false;
  std::uint64_t pings_sent = 0;
  std::optional<double> seconds_until_closed;  // none: still open at the end
  double seconds = 0;                          // how long the flood ran
  std::uint64_t server_rss_before_bytes = 0;
  std::uint64_t server_rss_max_bytes = 0;  // the largest sample while flooding
};

PingFloodResult run_ping_flood(const PingFloodOptions& options, pid_t server);

}  // namespace parley::bench
