// What parley-server shows the web: security headers on its pages, only the host names
// it serves, nothing outside the web root, and /metrics only to whoever may see it.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <optional>

#include "running_server.h"
#include "temp_web_root.h"

namespace parley::server {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Response = http::response<http::string_body>;

Response get(std::uint16_t port, std::string_view target, std::string_view host = "127.0.0.1",
             std::optional<std::string> authorization = std::nullopt) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect({asio::ip::make_address("127.0.0.1"), port});
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, host);
  if (authorization) request.set(http::field::authorization, *authorization);
  http::write(stream, request);
  beast::flat_buffer buffer;
  Response response;
  http::read(stream, buffer, response);
  return response;
}

class HttpSurface : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}) {
    root.add("index.html", "<!doctype html><title>Parley</title>");
    root.add("index.js", "// app");
    options.host = "127.0.0.1";
    options.port = 0;
    options.web_root = root.path();
    server.emplace(std::move(options));
  }
  std::uint16_t port() { return (*server)->port(); }

  testing::TempWebRoot root;
  std::optional<testing::RunningServer> server;
};

TEST_F(HttpSurface, PagesCarryAContentSecurityPolicyThatAllowsOnlyTheApp) {
  start();
  const Response page = get(port(), "/");
  ASSERT_EQ(page.result_int(), 200u);
  const std::string csp(page["Content-Security-Policy"]);
  EXPECT_NE(csp.find("script-src 'self' 'wasm-unsafe-eval';"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("'unsafe-eval'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'self'"), std::string::npos) << csp;
  EXPECT_EQ(page["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(page["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(page["Strict-Transport-Security"], "") << "HSTS only under TLS";

  const Response script = get(port(), "/index.js");
  EXPECT_EQ(script["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(script["Content-Security-Policy"], "") << "a policy applies to documents";
}

TEST_F(HttpSurface, FrameAncestorsCanBeOpenedToAnEmbeddingSite) {
  ServerOptions options;
  options.frame_ancestors = "'self' https://intranet.example.org";
  start(options);
  const std::string csp(get(port(), "/")["Content-Security-Policy"]);
  EXPECT_NE(csp.find("frame-ancestors 'self' https://intranet.example.org"), std::string::npos);
}

TEST_F(HttpSurface, OnLoopbackOnlyLoopbackNamesAreAnswered) {
  start();
  EXPECT_EQ(get(port(), "/healthz", "127.0.0.1:" + std::to_string(port())).result_int(), 200u);
  EXPECT_EQ(get(port(), "/healthz", "localhost").result_int(), 200u);
  EXPECT_EQ(get(port(), "/healthz", "[::1]:8080").result_int(), 200u);
  // A hostile site's name pointed at 127.0.0.1 (DNS rebinding) is refused.
  const Response rebound = get(port(), "/", "attacker.example:" + std::to_string(port()));
  EXPECT_EQ(rebound.result_int(), 421u);
  EXPECT_EQ(rebound.body().find("Parley"), std::string::npos);
  EXPECT_EQ(get(port(), "/healthz", "").result_int(), 421u);
}

TEST_F(HttpSurface, AllowedHostsAreAnsweredAndNoOthers) {
  ServerOptions options;
  options.allowed_hosts = {"calls.example.org"};
  start(options);
  EXPECT_EQ(get(port(), "/healthz", "Calls.Example.org:443").result_int(), 200u);
  EXPECT_EQ(get(port(), "/healthz", "other.example.org").result_int(), 421u);
}

TEST_F(HttpSurface, NothingOutsideTheRootAndNoDotfilesAreServed) {
  start();
  root.add(".env", "SECRET=1");
  std::filesystem::create_symlink(root.path().parent_path() / "secret.txt",
                                  root.path() / "leak.txt");
  EXPECT_EQ(get(port(), "/.env").result_int(), 404u);
  const Response leak = get(port(), "/leak.txt");
  EXPECT_EQ(leak.result_int(), 404u);
  EXPECT_EQ(leak.body().find("must never be served"), std::string::npos);
}

TEST_F(HttpSurface, MetricsCanRequireABearerToken) {
  ServerOptions options;
  options.metrics_token = "0123456789abcdef-metrics";
  start(options);
  const Response refused = get(port(), "/metrics");
  EXPECT_EQ(refused.result_int(), 401u);
  EXPECT_EQ(refused[http::field::www_authenticate], "Bearer");
  EXPECT_EQ(get(port(), "/metrics", "127.0.0.1", "Bearer wrong").result_int(), 401u);
  const Response allowed = get(port(), "/metrics", "127.0.0.1", "Bearer 0123456789abcdef-metrics");
  EXPECT_EQ(allowed.result_int(), 200u);
  EXPECT_NE(allowed.body().find("parley_connections "), std::string::npos);
}

TEST_F(HttpSurface, MetricsCanMoveToAnotherAddress) {
  ServerOptions options;
  options.metrics_listen = ServerOptions::Endpoint{"127.0.0.1", 0};
  start(options);
  ASSERT_TRUE((*server)->metrics_port());
  const std::uint16_t metrics = *(*server)->metrics_port();
  EXPECT_EQ(get(port(), "/metrics").result_int(), 404u) << "not on the public port";
  EXPECT_EQ(get(metrics, "/metrics").result_int(), 200u);
  EXPECT_EQ(get(metrics, "/healthz").result_int(), 200u);
  EXPECT_EQ(get(metrics, "/").result_int(), 404u) << "the metrics port serves no app";
  EXPECT_EQ(get(port(), "/").result_int(), 200u);
}

}  // namespace
}  // namespace parley::server
