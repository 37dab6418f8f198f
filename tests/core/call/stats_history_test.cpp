#include "core/call/stats_history.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace parley::call {
namespace {
using namespace std::chrono_literals;
using nlohmann::json;

// The parts of a Chrome getStats() report the figures come from.
std::string report(double video_bytes_in, double packets_in, double lost, double bytes_out,
                   const char* candidate_type = "host", const char* remote_type = "srflx") {
  return json::array(
             {
                 {{"id", "T01"}, {"type", "transport"}, {"selectedCandidatePairId", "CP1"}},
                 {{"id", "CP1"},
                  {"type", "candidate-pair"},
                  {"state", "succeeded"},
                  {"nominated", true},
                  {"localCandidateId", "L1"},
                  {"remoteCandidateId", "R1"},
                  {"currentRoundTripTime", 0.012}},
                 {{"id", "CP2"},
                  {"type", "candidate-pair"},
                  {"state", "failed"},
                  {"localCandidateId", "L2"}},
                 {{"id", "L1"}, {"type", "local-candidate"}, {"candidateType", candidate_type}},
                 {{"id", "L2"}, {"type", "local-candidate"}, {"candidateType", "srflx"}},
                 {{"id", "R1"}, {"type", "remote-candidate"}, {"candidateType", remote_type}},
                 {{"id", "IV"},
                  {"type", "inbound-rtp"},
                  {"kind", "video"},
                  {"bytesReceived", video_bytes_in},
                  {"packetsReceived", packets_in},
                  {"packetsLost", lost},
                  {"jitter", 0.004},
                  {"framesPerSecond", 30},
                  {"frameWidth", 640},
                  {"frameHeight", 480},
                  {"codecId", "C1"}},
                 {{"id", "IA"},
                  {"type", "inbound-rtp"},
                  {"kind", "audio"},
                  {"bytesReceived", 1000},
                  {"packetsReceived", 10},
                  {"packetsLost", 0},
                  {"jitter", 0.020}},
                 {{"id", "OV"},
                  {"type", "outbound-rtp"},
                  {"kind", "video"},
                  {"bytesSent", bytes_out}},
                 {{"id", "C1"}, {"type", "codec"}, {"mimeType", "video/VP8"}},
             })
      .dump();
}

TEST(StatsHistory, ComputesRatesAndLossBetweenSamples) {
  StatsHistory history;
  const auto start = StatsHistory::Clock::time_point{} + 10s;
  ASSERT_TRUE(history.add(report(0, 0, 0, 0), start));
  EXPECT_EQ(history.latest()->inbound_kbps, 0);
  EXPECT_FALSE(history.latest()->packet_loss_percent) << "no interval yet";
  // One second later: 125,000 more video bytes in (1 Mbit/s), 62,500 out; 95 packets, 5 lost.
  ASSERT_TRUE(history.add(report(125'000, 95, 5, 62'500), start + 1s));
  const PeerFigures& figures = *history.latest();
  EXPECT_DOUBLE_EQ(figures.seconds, 1.0);
  EXPECT_DOUBLE_EQ(figures.inbound_kbps, 1000.0);
  EXPECT_DOUBLE_EQ(figures.outbound_kbps, 500.0);
  EXPECT_DOUBLE_EQ(*figures.packet_loss_percent, 5.0);
  EXPECT_DOUBLE_EQ(*figures.rtt_ms, 12.0);
  EXPECT_DOUBLE_EQ(*figures.jitter_ms, 4.0) << "video jitter first";
  EXPECT_EQ(*figures.fps, 30);
  EXPECT_EQ(*figures.width, 640);
  EXPECT_EQ(*figures.height, 480);
  EXPECT_EQ(figures.codec, "video/VP8");
  EXPECT_EQ(figures.candidate_type, "host");
  EXPECT_EQ(figures.remote_candidate_type, "srflx");
  EXPECT_FALSE(figures.relayed());
}

TEST(StatsHistory, ReportsARelayedPath) {
  StatsHistory history;
  ASSERT_TRUE(history.add(report(0, 0, 0, 0, "relay"), StatsHistory::Clock::time_point{}));
  EXPECT_EQ(history.latest()->candidate_type, "relay");
  EXPECT_TRUE(history.latest()->relayed());
  EXPECT_EQ(to_json(*history.latest())["relayed"], true);
}

// Behind a symmetric NAT only one side may allocate a relay; the other side's pair then
// runs from its own NAT mapping to the peer's relay, and its media crosses TURN all the same.
TEST(StatsHistory, APathToThePeersRelayIsRelayedToo) {
  StatsHistory history;
  ASSERT_TRUE(history.add(report(0, 0, 0, 0, "prflx", "relay"), StatsHistory::Clock::time_point{}));
  EXPECT_EQ(history.latest()->candidate_type, "prflx");
  EXPECT_EQ(history.latest()->remote_candidate_type, "relay");
  EXPECT_TRUE(history.latest()->relayed());
  EXPECT_EQ(to_json(*history.latest())["remoteCandidateType"], "relay");
}

TEST(StatsHistory, FindsTheNominatedPairWithoutATransportPointerAndRttFromReceiverReports) {
  const std::string stats =
      json::array({
                      {{"id", "CP9"},
                       {"type", "candidate-pair"},
                       {"state", "succeeded"},
                       {"nominated", true},
                       {"localCandidateId", "L9"}},
                      {{"id", "L9"}, {"type", "local-candidate"}, {"candidateType", "prflx"}},
                      {{"id", "RI"}, {"type", "remote-inbound-rtp"}, {"roundTripTime", 0.05}},
                  })
          .dump();
  StatsHistory history;
  ASSERT_TRUE(history.add(stats, StatsHistory::Clock::time_point{}));
  EXPECT_EQ(history.latest()->candidate_type, "prflx");
  EXPECT_DOUBLE_EQ(*history.latest()->rtt_ms, 50.0);
  EXPECT_FALSE(history.latest()->fps) << "no inbound video";
}

TEST(StatsHistory, KeepsOnlyTheLastSamplesAndIgnoresUnreadableReports) {
  StatsHistory history(3);
  const auto start = StatsHistory::Clock::time_point{};
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(history.add(report(i * 1000.0, i, 0, 0), start + i * 1s));
  EXPECT_EQ(history.samples().size(), 3u);
  EXPECT_DOUBLE_EQ(history.samples().front().seconds, 2.0);
  EXPECT_FALSE(history.add("{not json", start + 6s));
  EXPECT_FALSE(history.add(R"({"an":"object"})", start + 6s));
  EXPECT_EQ(history.samples().size(), 3u);
}

}  // namespace
}  // namespace parley::call
