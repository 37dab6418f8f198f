// The load generator behind tools/bench/signaling, run small against a real server, so
// the benchmark cannot rot unnoticed: its counts must agree with what the server did.
#include <gtest/gtest.h>
#include <unistd.h>

#include "../server/running_server.h"
#include "../server/temp_web_root.h"
#include "idle_load.h"
#include "process_sample.h"
#include "relay_load.h"

namespace parley::bench {
namespace {
using namespace std::chrono_literals;

class Loadgen : public ::testing::Test {
 protected:
  Loadgen() {
    root.add("index.html", "ok");
    server::ServerOptions options;
    options.port = 0;
    options.web_root = root.path();
    options.messages_per_second = 10'000;
    options.message_burst = 10'000;
    server.emplace(std::move(options));
  }
  server::testing::TempWebRoot root;
  std::optional<server::testing::RunningServer> server;
};

TEST_F(Loadgen, RelayLoadDeliversWhatItSendsAndTimesIt) {
  RelayLoadOptions options;
  options.ports = {(*server)->port()};
  options.clients = 6;
  options.messages_per_second = 600;
  options.warmup = 200ms;
  options.duration = 1000ms;
  int window_calls = 0;
  const auto result = run_relay_load(options, [&](bool) { ++window_calls; });
  ASSERT_TRUE(result.connected);
  EXPECT_EQ(window_calls, 2);
  EXPECT_NEAR(static_cast<double>(result.sent), 600.0, 60.0);
  // Messages cross the window's edges both ways; no more than a few per client.
  EXPECT_NEAR(static_cast<double>(result.delivered), static_cast<double>(result.sent), 12.0);
  EXPECT_GT(result.p50_ms, 0.0);
  EXPECT_GE(result.p99_ms, result.p50_ms);
  EXPECT_GE(result.max_ms, result.p99_ms);
  // The server relayed everything the clients sent, including warm-up and tail.
  EXPECT_GE((*server)->hub().metrics().messages_relayed.load(), result.sent);
}

// Two servers that share nothing: rooms kept on one server each meet and relay on both;
// rooms split across them never meet (in a cluster, split rooms are what cross the bus).
TEST_F(Loadgen, RelayLoadSpreadsRoomsOverSeveralPorts) {
  server::ServerOptions second_options;
  second_options.port = 0;
  second_options.web_root = root.path();
  server::testing::RunningServer second(std::move(second_options));
  RelayLoadOptions options;
  options.ports = {(*server)->port(), second->port()};
  options.clients = 8;
  options.messages_per_second = 400;
  options.warmup = 100ms;
  options.duration = 300ms;

  options.split_pairs = false;
  const auto together = run_relay_load(options, [](bool) {});
  ASSERT_TRUE(together.connected);
  EXPECT_GT((*server)->hub().metrics().messages_relayed.load(), 0u);
  EXPECT_GT(second->hub().metrics().messages_relayed.load(), 0u);

  options.split_pairs = true;
  options.join_timeout = 1000ms;
  EXPECT_FALSE(run_relay_load(options, [](bool) {}).connected)
      << "a split pair met although the servers share no rooms";
}

TEST_F(Loadgen, IdleLoadHoldsEveryConnectionWhileSampled) {
  IdleLoadOptions options;
  options.port = (*server)->port();
  options.connections = 40;
  options.concurrent_connects = 8;
  server::MetricGauges while_held;
  const int held = run_idle_load(options, [&] { while_held = (*server)->hub().gauges(); });
  EXPECT_EQ(held, 40);
  EXPECT_EQ(while_held.connections, 40u);
  EXPECT_EQ(while_held.rooms, 20u) << "every client joined its room of two";
}

TEST(ProcessSample, ReadsThisProcess) {
  const auto sample = sample_process(getpid());
  ASSERT_TRUE(sample);
  EXPECT_GT(sample->rss_bytes, 1024u * 1024u);
  EXPECT_GE(sample->peak_rss_bytes, sample->rss_bytes);
  EXPECT_FALSE(sample_process(-1));
}

}  // namespace
}  // namespace parley::bench
