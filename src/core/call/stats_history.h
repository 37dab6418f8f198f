// A peer connection's getStats() reports turned into the figures people look at, with a
// short history for plots.
//
//   StatsHistory history(60);                       // the last 60 samples
//   history.add(report_json, scheduler.now());      // once a second, from getStats()
//   const PeerFigures& now = history.latest();      // inbound_kbps, rtt_ms, fps, ...
//
// Rates and loss are computed between consecutive samples; the candidate-pair type says
// whether media goes directly (host, srflx, prflx) or through a TURN relay (relay).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace parley::call {

struct PeerFigures {
  double seconds = 0;  // since the first sample
  double inbound_kbps = 0;
  double outbound_kbps = 0;
  std::optional<double> rtt_ms;
  std::optional<double> packet_loss_percent;  // inbound, over the last interval
  std::optional<double> jitter_ms;            // inbound video (audio when there is none)
  std::optional<double> fps;                  // inbound video
  std::optional<int> width;                   // inbound video frame size
  std::optional<int> height;
  std::string codec;                  // inbound video codec, e.g. "video/VP8"
  std::string candidate_type;         // local side of the selected pair: host, srflx, prflx, relay
  std::string remote_candidate_type;  // its remote side, the same kinds

  // The media goes through a TURN server, ours or the peer's: behind a symmetric NAT the
  // relay is often only on one side, and the other sees it as the pair's remote end.
  bool relayed() const { return candidate_type == "relay" || remote_candidate_type == "relay"; }
};

// {seconds, inboundKbps, outboundKbps, rttMs, packetLossPercent, jitterMs, fps, width,
// height, codec, candidateType, remoteCandidateType, relayed}: what the JavaScript API's getStats()
// returns per sample.
nlohmann::json to_json(const PeerFigures& figures);

class StatsHistory {
 public:
  using Clock = std::chrono::steady_clock;

  explicit StatsHistory(std::size_t capacity = 60) : capacity_(capacity) {}

  // Adds a report (a JSON array of RTCStats objects). A report that cannot be read
  // leaves the history as it was and returns false.
  bool add(std::string_view report_json, Clock::time_point now);

  const std::deque<PeerFigures>& samples() const { return samples_; }
  const PeerFigures* latest() const { return samples_.empty() ? nullptr : &samples_.back(); }

 private:
  struct Counters {
    double bytes_received = 0;
    double bytes_sent = 0;
    double packets_received = 0;
    double packets_lost = 0;
  };

  std::size_t capacity_;
  std::optional<Clock::time_point> first_;
  std::optional<std::pair<Clock::time_point, Counters>> previous_;
  std::deque<PeerFigures> samples_;
};

}  // namespace parley::call
