// Connection slots over real sockets: connections that never join cannot hold the
// server, one address cannot take every slot, and slow requests are cut off.
#include <gtest/gtest.h>

#include <thread>

#include "../core/websocket/client_frames.h"
#include "raw_connection.h"
#include "signaling_fixture.h"

namespace parley::server {
namespace {
using testing::close_code_of;
using testing::kCloseOpcode;
using testing::RawConnection;
using testing::SignalingWebSocket;
using testing::upgrade_request;
using namespace std::chrono_literals;

bool has_status_line(const std::string& received, std::string_view status) {
  return received.rfind("HTTP/1.1 " + std::string(status), 0) == 0;
}

TEST_F(SignalingWebSocket, UnjoinedConnectionsAreClosedAtTheJoinDeadlineAndFreeTheirSlots) {
  ServerOptions options;
  options.max_connections = 4;
  options.join_timeout = 1s;
  start(options);
  std::vector<std::unique_ptr<RawConnection>> squatters;
  for (int i = 0; i < 4; ++i) {
    squatters.push_back(std::make_unique<RawConnection>((*server)->port()));
    squatters.back()->write(upgrade_request());
    const auto& upgraded = squatters.back()->read_until(
        [](const std::string& r) { return r.find("\r\n\r\n") != std::string::npos; });
    ASSERT_TRUE(has_status_line(upgraded, "101")) << upgraded;
  }
  // Every slot is taken: the next connection is told so at once.
  RawConnection refused((*server)->port());
  const auto& answer = refused.read_until([](const std::string&) { return false; }, 2s);
  EXPECT_TRUE(has_status_line(answer, "503")) << answer;
  EXPECT_NE(answer.find("server-full"), std::string::npos);
  EXPECT_TRUE(refused.eof());

  for (auto& squatter : squatters) {
    squatter->read_until([&](const std::string&) { return squatter->has_frame(kCloseOpcode); }, 3s);
    ASSERT_TRUE(squatter->has_frame(kCloseOpcode)) << "not closed at the join deadline";
    EXPECT_EQ(close_code_of(squatter->frames().back()), kJoinTimeoutCloseCode);
  }
  squatters.clear();  // their sockets close, and the server gives their slots back

  // A real client now gets in (the slots come back as the server sees the sockets go).
  std::unique_ptr<testing::WsClient> fifth;
  for (int attempt = 0; attempt < 100 && !fifth; ++attempt) {
    try {
      fifth = client();
    } catch (const std::exception&) {
      std::this_thread::sleep_for(20ms);
    }
  }
  ASSERT_TRUE(fifth) << "no slot came free";
  fifth->send({{"type", "join"}, {"room", "r"}, {"peerId", "fifth"}});
  EXPECT_EQ(fifth->next().value()["type"], "welcome");
}

TEST_F(SignalingWebSocket, OneAddressCannotTakeMoreThanItsShareOfConnections) {
  ServerOptions options;
  options.max_connections_per_address = 2;
  start(options);
  RawConnection first((*server)->port());
  RawConnection second((*server)->port());
  first.write(upgrade_request());
  first.read_until([](const std::string& r) { return r.find("\r\n\r\n") != std::string::npos; });
  RawConnection third((*server)->port());
  const auto& answer = third.read_until([](const std::string&) { return false; }, 2s);
  EXPECT_TRUE(has_status_line(answer, "429")) << answer;
  EXPECT_NE(answer.find("too-many-connections"), std::string::npos);
  EXPECT_TRUE(third.eof());

  // Another address (all of 127.0.0.0/8 is this machine) is served as usual.
  RawConnection elsewhere((*server)->port(), "127.0.0.2");
  elsewhere.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const auto& healthy = elsewhere.read_until(
      [](const std::string& r) { return r.find("\r\n\r\nok\n") != std::string::npos; });
  EXPECT_TRUE(has_status_line(healthy, "200")) << healthy;
}

TEST_F(SignalingWebSocket, ARequestWhoseHeadersTrickleInIsCutOffAtTheRequestTimeout) {
  ServerOptions options;
  options.request_timeout = 1s;
  start(options);
  RawConnection slow((*server)->port());
  const auto started = std::chrono::steady_clock::now();
  slow.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  // One byte of a never-ending header every 200 ms (the pace is the attack): always
  // busy, never done. Writes fail a write or two after the server has closed.
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(200ms);
    if (!slow.try_write("X")) break;
  }
  const auto held = std::chrono::steady_clock::now() - started;
  slow.read_until([](const std::string&) { return false; }, 2s);
  EXPECT_TRUE(slow.eof()) << "the trickling request was never cut off";
  EXPECT_GE(held, 900ms);
  EXPECT_LE(held, 2500ms) << "the server let it trickle on";
  expect_server_still_serves();
}

}  // namespace
}  // namespace parley::server
