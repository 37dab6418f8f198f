// The relay benchmark: `clients` clients paired into rooms of two, each sending its
// partner SDP-sized offers/answers and candidate-sized ICE messages at a steady pace,
// together `messages_per_second`. Each message carries its send time, so the receiver
// measures the relay latency (send -> server -> receive) on one clock.
//
// With several ports (instances of one cluster) the clients are spread over them: with
// `split_pairs` the two members of each room connect to different instances, so every
// relay crosses the cluster's bus; without it both members of a room share an instance.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace parley::bench {

struct RelayLoadOptions {
  std::string host = "127.0.0.1";
  std::vector<unsigned short> ports{8080};
  bool split_pairs = true;  // with several ports: see above
  int clients = 200;
  double messages_per_second = 20000;
  std::chrono::milliseconds join_timeout{30000};  // for every client to join and meet
  std::chrono::milliseconds warmup{1000};
  std::chrono::milliseconds duration{10000};
  std::size_t sdp_bytes = 3000;       // a typical audio+video offer
  std::size_t candidate_bytes = 220;  // a typical trickled candidate message
  int candidates_per_description = 4;
};

struct RelayLoadResult {
  bool connected = false;       // every client joined and its pair saw the other
  std::uint64_t sent = 0;       // during the measured window
  std::uint64_t delivered = 0;  // relays received during the measured window
  double seconds = 0;           // the measured window
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  std::uint64_t max_backlog = 0;  // most messages waiting in one client's write queue
};

// `on_window` is called at the start and end of the measured window (to sample the
// server's CPU time there).
RelayLoadResult run_relay_load(const RelayLoadOptions& options,
                               const std::function<void(bool window_start)>& on_window);

}  // namespace parley::bench
