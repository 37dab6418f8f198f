// A parley-server on a free loopback port plus helpers to join clients to rooms: the
// fixture of the WebSocket signaling tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "running_server.h"
#include "temp_web_root.h"
#include "ws_client.h"

namespace parley::server::testing {

class SignalingWebSocket : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}) {
    root.add("index.html", "ok");
    options.host = "127.0.0.1";
    options.port = 0;
    options.web_root = root.path();
    server.emplace(std::move(options));
  }
  std::unique_ptr<WsClient> client() { return std::make_unique<WsClient>((*server)->port()); }
  std::unique_ptr<WsClient> joined(std::string room, std::string peer_id) {
    auto c = client();
    c->send({{"type", "join"}, {"room", room}, {"peerId", peer_id}});
    const auto welcome = c->next();
    EXPECT_TRUE(welcome && (*welcome)["type"] == "welcome") << peer_id;
    return c;
  }
  // The server still accepts, joins and relays for fresh clients.
  void expect_server_still_serves() {
    auto a = joined("health-check", "a");
    auto b = joined("health-check", "b");
    b->send({{"type", "offer"}, {"target", "a"}, {"sdp", "still-alive"}});
    const auto offer = a->next_of_type("offer");
    ASSERT_TRUE(offer);
    EXPECT_EQ((*offer)["sdp"], "still-alive");
  }

  TempWebRoot root;
  std::optional<RunningServer> server;
};

}  // namespace parley::server::testing
