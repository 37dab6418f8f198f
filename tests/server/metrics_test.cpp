// GET /metrics and /readyz: the Prometheus page and readiness, rendered and served.
#include "server/metrics.h"

#include <gtest/gtest.h>

#include "http_get.h"
#include "signaling_fixture.h"

namespace parley::server {
namespace {
using nlohmann::json;
using testing::SignalingWebSocket;

// The value of the sample line that starts with `series` (name plus labels), or -1.
long long sample_value(const std::string& page, const std::string& series) {
  const std::string prefix = "\n" + series + " ";
  const std::size_t at = page.find(prefix);
  if (at == std::string::npos) return -1;
  return std::stoll(page.substr(at + prefix.size()));
}

TEST(PrometheusPage, HasHelpTypeAndEverySeries) {
  ServerMetrics metrics;
  metrics.messages_relayed = 7;
  metrics.count_rejection(protocol::ErrorCode::kBadJson);
  metrics.count_rejection(protocol::ErrorCode::kBadJson);
  const std::string page = render_prometheus(metrics, {3, 2, true});
  EXPECT_EQ(sample_value(page, "parley_signaling_connections"), 3);
  EXPECT_EQ(sample_value(page, "parley_rooms"), 2);
  EXPECT_EQ(sample_value(page, "parley_ready"), 1);
  EXPECT_EQ(sample_value(page, "parley_messages_relayed_total"), 7);
  EXPECT_EQ(sample_value(page, "parley_rejects_total{code=\"bad-json\"}"), 2);
  EXPECT_EQ(sample_value(page, "parley_rejects_total{code=\"too-large\"}"), 0);
  EXPECT_EQ(sample_value(page, "parley_connections_refused_total{reason=\"address-full\"}"), 0);
  EXPECT_NE(page.find("# TYPE parley_messages_relayed_total counter\n"), std::string::npos);
  EXPECT_NE(page.find("# TYPE parley_rooms gauge\n"), std::string::npos);
  EXPECT_EQ(page.back(), '\n');
}

TEST_F(SignalingWebSocket, MetricsCountWhatTheServerDid) {
  start();
  auto alice = joined("r", "alice");
  auto bob = joined("r", "bob");
  auto loner = joined("other", "loner");
  alice->next_of_type("peer-joined");
  bob->send({{"type", "offer"}, {"target", "alice"}, {"sdp", "v=0"}});
  alice->next_of_type("offer");
  bob->send_text("{nope");
  EXPECT_EQ(bob->next().value()["code"], "bad-json");

  const auto response = testing::http_get((*server)->port(), "/metrics");
  ASSERT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response[boost::beast::http::field::content_type],
            "text/plain; version=0.0.4; charset=utf-8");
  const std::string& page = response.body();
  EXPECT_EQ(sample_value(page, "parley_signaling_connections"), 3);
  EXPECT_EQ(sample_value(page, "parley_rooms"), 2);
  EXPECT_EQ(sample_value(page, "parley_signaling_connections_total"), 3);
  EXPECT_EQ(sample_value(page, "parley_messages_relayed_total"), 1);
  EXPECT_EQ(sample_value(page, "parley_messages_received_total"), 5);  // 3 joins, offer, bad
  EXPECT_EQ(sample_value(page, "parley_rejects_total{code=\"bad-json\"}"), 1);
  EXPECT_GT(sample_value(page, "parley_sent_bytes_total"), 0);
  EXPECT_EQ(page.find("\"r\""), std::string::npos) << "room ids are never exposed";
  EXPECT_EQ(page.find("other"), std::string::npos) << "room ids are never exposed";
}

TEST_F(SignalingWebSocket, ReadyzIsOkWhileServing) {
  start();
  const auto response = testing::http_get((*server)->port(), "/readyz");
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response.body(), "ready\n");
}

TEST_F(SignalingWebSocket, ReadyzTurns503OnceShutdownBegins) {
  start();
  testing::HttpConnection probe((*server)->port());  // opened before the listener closes
  ASSERT_EQ(probe.get("/readyz").result_int(), 200u);
  auto sleeper = joined("r", "sleeper");  // never reads, so the shutdown waits out its grace
  (*server)->stop();
  // The hub flips to not-ready as the stop is carried out on the server's thread.
  unsigned status = 200;
  for (int attempt = 0; attempt < 100 && status == 200; ++attempt) {
    status = probe.get("/readyz").result_int();
    if (status == 200) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(status, 503u);
  EXPECT_EQ(sample_value(probe.get("/metrics").body(), "parley_ready"), 0);
}

// A readiness probe on the metrics port (--metrics-listen) is how an orchestrator asks,
// with a new connection each time: that listener stays open through the shutdown, so
// the probe reads 503 rather than a refused connection. (The main port's listener closes
// at once: a balancer's next connection goes to another instance.)
TEST_F(SignalingWebSocket, ReadyzOnTheMetricsPortTurns503ForNewProbesDuringShutdown) {
  ServerOptions options;
  options.metrics_listen = ServerOptions::Endpoint{"127.0.0.1", 0};
  start(options);
  const std::uint16_t metrics = *(*server)->metrics_port();
  ASSERT_EQ(testing::http_get(metrics, "/readyz").result_int(), 200u);
  auto sleeper = joined("r", "sleeper");  // never reads, so the shutdown waits out its grace
  (*server)->stop();
  unsigned status = 200;
  for (int attempt = 0; attempt < 100 && status == 200; ++attempt) {
    status = testing::http_get(metrics, "/readyz").result_int();
    if (status == 200) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(status, 503u);
  EXPECT_EQ(testing::http_get(metrics, "/healthz").result_int(), 200u) << "still live";
}

}  // namespace
}  // namespace parley::server
