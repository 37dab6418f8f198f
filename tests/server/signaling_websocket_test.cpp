// Signaling over real WebSockets on loopback: the whole flow and the hostile cases,
// each followed by proof that the server still serves the next client.
#include <gtest/gtest.h>

#include "http_get.h"
#include "signaling_fixture.h"

namespace parley::server {
namespace {
using nlohmann::json;
using testing::SignalingWebSocket;
using namespace std::chrono_literals;

TEST_F(SignalingWebSocket, JoinRelayAndDisconnectFlow) {
  start();
  auto alice = joined("room", "alice");
  auto bob = client();
  bob->send({{"type", "join"}, {"room", "room"}, {"peerId", "bob"}, {"name", "Bob"}});
  const auto welcome = bob->next().value();
  EXPECT_EQ(welcome["peers"][0]["peerId"], "alice");
  EXPECT_EQ(alice->next().value(),
            json({{"type", "peer-joined"}, {"peerId", "bob"}, {"name", "Bob"}}));

  bob->send({{"type", "offer"}, {"target", "alice"}, {"sdp", {{"type", "offer"}, {"sdp", "v=0"}}}});
  const auto offer = alice->next().value();
  EXPECT_EQ(offer["from"], "bob");
  EXPECT_EQ(offer["sdp"]["sdp"], "v=0");
  alice->send({{"type", "answer"}, {"target", "bob"}, {"from", "mallory"}, {"sdp", "a"}});
  EXPECT_EQ(bob->next().value()["from"], "alice");

  bob->close();  // closed with a close frame, without a leave
  EXPECT_EQ(alice->next().value(), json({{"type", "peer-left"}, {"peerId", "bob"}}));
}

TEST_F(SignalingWebSocket, CanaryNeverCrossesRooms) {
  start();
  auto alice = joined("room-a", "alice");
  auto eve = joined("room-b", "eve");
  auto bob = joined("room-b", "bob");
  eve->next_of_type("peer-joined");
  alice->send({{"type", "offer"}, {"target", "eve"}, {"sdp", "CANARY"}});
  EXPECT_EQ(alice->next().value()["code"], "unknown-target");
  bob->send({{"type", "offer"}, {"target", "eve"}, {"sdp", "from-bob"}});
  EXPECT_EQ(eve->next().value()["sdp"], "from-bob");
}

TEST_F(SignalingWebSocket, ProtocolMistakesGetCodedErrors) {
  start();
  auto c = client();
  c->send({{"type", "offer"}, {"target", "x"}, {"sdp", "s"}});
  EXPECT_EQ(c->next().value()["code"], "not-joined");
  c->send_text("{nope");
  EXPECT_EQ(c->next().value()["code"], "bad-json");
  c->send({{"type", "join"}, {"room", "r"}, {"peerId", "c"}});
  EXPECT_EQ(c->next().value()["type"], "welcome");
  c->send({{"type", "join"}, {"room", "r"}, {"peerId", "c"}});
  EXPECT_EQ(c->next().value()["code"], "already-joined");
  c->send({{"type", "offer"}, {"target", "ghost"}, {"sdp", "s"}});
  EXPECT_EQ(c->next().value()["code"], "unknown-target");
  auto twin = client();
  twin->send({{"type", "join"}, {"room", "r"}, {"peerId", "c"}});
  EXPECT_EQ(twin->next().value()["code"], "id-taken");
}

TEST_F(SignalingWebSocket, OverLimitMessageIsClosedWith1009) {
  start();
  auto c = joined("r", "big");
  c->send_fragmented(96 * 1024, 32 * 1024);  // crosses the 64 KiB limit on the third frame
  EXPECT_EQ(c->close_code(), 1009);
  expect_server_still_serves();
}

TEST_F(SignalingWebSocket, SixteenMebibyteFrameEndsTheConnectionWithoutBufferingIt) {
  start();
  auto alice = joined("r", "alice");
  auto big = joined("r", "big");
  alice->next_of_type("peer-joined");
  // The server refuses on the frame header (1009) and closes while the client is still
  // sending, so the client may see a reset instead of the close frame. Either way the
  // connection ends, the room is told, and the server never held the 16 MiB.
  big->send_text(std::string(16 * 1024 * 1024, 'x'));
  const auto left = alice->next_of_type("peer-left");
  ASSERT_TRUE(left);
  EXPECT_EQ((*left)["peerId"], "big");
  expect_server_still_serves();
}

TEST_F(SignalingWebSocket, InvalidUtf8TextFrameIsClosedWith1007) {
  start();
  auto c = joined("r", "utf");
  c->send_text("{\"type\":\"leave\",\"x\":\"\xC0\xAF\"}");
  EXPECT_EQ(c->close_code(), 1007);
  expect_server_still_serves();
}

TEST_F(SignalingWebSocket, HundredThousandDeepNestingIsBadJsonNotACrash) {
  ServerOptions options;
  options.max_message_bytes = 512 * 1024;
  options.write_queue_bytes = 1024 * 1024;
  start(options);
  auto c = joined("r", "deep");
  c->send_text(R"({"type":"offer","target":"x","sdp":)" + std::string(100'000, '[') +
               std::string(100'000, ']') + "}");
  EXPECT_EQ(c->next().value()["code"], "bad-json");
  c->send({{"type", "join"}, {"room", "r"}, {"peerId", "deep"}});
  EXPECT_EQ(c->next().value()["code"], "already-joined") << "the connection is still served";
  expect_server_still_serves();
}

TEST_F(SignalingWebSocket, LargeRelaysToAPeerThatDoesNotReadAreRefusedNotFatalToIt) {
  ServerOptions options;
  options.write_queue_bytes = 256 * 1024;
  options.messages_per_second = 100'000;
  options.message_burst = 100'000;
  start(options);
  auto sender = joined("r", "sender");
  auto sleeper = joined("r", "sleeper");  // does not read while the offers come
  sender->next_of_type("peer-joined");
  const std::string sdp(48 * 1024, 's');
  for (int i = 0; i < 600; ++i) {  // ~29 MB: far beyond socket buffers plus the queue
    sender->send({{"type", "offer"}, {"target", "sleeper"}, {"sdp", sdp}});
  }
  // Wait (bounded) until the server has decided on every offer: relayed or refused.
  const auto sample = [&](const std::string& series) {
    return testing::metric_value((*server)->port(), series);
  };
  long long relayed = 0;
  long long refused = 0;
  for (int attempt = 0; attempt < 500 && relayed + refused < 600; ++attempt) {
    relayed = sample("parley_messages_relayed_total");
    refused = sample("parley_rejects_total{code=\"peer-busy\"}");
    if (relayed + refused < 600) std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(relayed + refused, 600);
  EXPECT_GT(refused, 0) << "nothing was refused: the test proves nothing";
  // The sleeper was not thrown out: it reads every offer that was relayed, intact.
  for (long long i = 0; i < relayed; ++i) {
    const auto offer = sleeper->next_of_type("offer");
    ASSERT_TRUE(offer) << i << " of " << relayed;
    EXPECT_EQ((*offer)["sdp"].get<std::string>().size(), sdp.size());
  }
  // The sender was told about each refused one, and both are still connected.
  sleeper->send({{"type", "answer"}, {"target", "sender"}, {"sdp", "still here"}});
  long long busy = 0;
  std::optional<json> answer;
  while (auto frame = sender->next()) {
    if ((*frame)["type"] == "answer") {
      answer = frame;
      break;
    }
    busy += (*frame)["code"] == "peer-busy";
  }
  ASSERT_TRUE(answer);
  EXPECT_EQ(busy, refused);
  EXPECT_NE(testing::http_get((*server)->port(), "/metrics")
                .body()
                .find("\nparley_write_queue_drops_total 0\n"),
            std::string::npos);
  expect_server_still_serves();
}

TEST_F(SignalingWebSocket, AFloodIsThrottledWhileOthersAreServed) {
  start();  // defaults: burst 200, 50 msg/s
  auto alice = joined("r", "alice");
  auto bob = joined("r", "bob");
  alice->next_of_type("peer-joined");
  auto flooder = joined("flood", "flooder");
  auto sink = joined("flood", "sink");
  flooder->next_of_type("peer-joined");
  // Valid relays only, so nothing but the rate limit can reject them.
  for (int i = 0; i < 2000; ++i) {
    flooder->send({{"type", "ice-candidate"}, {"target", "sink"}, {"candidate", {{"n", i}}}});
  }
  for (int i = 0; i < 20; ++i) {
    bob->send({{"type", "ice-candidate"}, {"target", "alice"}, {"candidate", {{"n", i}}}});
    const auto candidate = alice->next_of_type("ice-candidate");
    ASSERT_TRUE(candidate) << i;
    EXPECT_EQ((*candidate)["candidate"]["n"], i);
  }
  // The burst (200, less the join's token) reached the sink, and not much more: the
  // rate refills 50 a second while the flood is sent.
  for (int i = 0; i < 199; ++i) ASSERT_TRUE(sink->next_of_type("ice-candidate")) << i;
  const auto told = flooder->next(1s);
  ASSERT_TRUE(told);
  EXPECT_EQ((*told)["code"], "rate-limited");
  flooder->send({{"type", "ice-candidate"}, {"target", "sink"}, {"candidate", {{"n", -1}}}});
  int more = 0;
  while (const auto candidate = sink->next_of_type("ice-candidate", 1500ms)) {
    if ((*candidate)["candidate"]["n"] == -1) break;
    ++more;
  }
  EXPECT_LT(more, 200) << "the flood was not throttled";
  const auto sample = [&](const std::string& series) {
    return testing::metric_value((*server)->port(), series);
  };
  EXPECT_GE(sample("parley_messages_over_rate_total"), 1500);
  EXPECT_LE(sample("parley_rejects_total{code=\"rate-limited\"}"), 5)
      << "told once a second, not once per message";
}

TEST_F(SignalingWebSocket, ShutdownSaysGoodbyeAndClosesWith1001) {
  start();
  auto c = joined("r", "c");
  (*server)->stop();  // asks; the client reads on while the server winds down
  EXPECT_EQ(c->next().value()["type"], "server-shutdown");
  EXPECT_EQ(c->close_code(), 1001);
  const auto started = std::chrono::steady_clock::now();
  server->stop();  // joins run(), which returns once the client has gone
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "waited for the shutdown grace";
}

TEST_F(SignalingWebSocket, LightTrafficNeverWaitsForTheBatchWindow) {
  ServerOptions options;
  options.batch_window = std::chrono::milliseconds(200);  // large, so any wait would show
  start(options);
  auto alice = joined("r", "alice");
  auto bob = joined("r", "bob");
  alice->next_of_type("peer-joined");
  for (int i = 0; i < 10; ++i) {
    const auto sent = std::chrono::steady_clock::now();
    bob->send({{"type", "ice-candidate"}, {"target", "alice"}, {"candidate", {{"n", i}}}});
    ASSERT_TRUE(alice->next_of_type("ice-candidate"));
    alice->send({{"type", "ice-candidate"}, {"target", "bob"}, {"candidate", {{"n", i}}}});
    ASSERT_TRUE(bob->next_of_type("ice-candidate"));
    EXPECT_LT(std::chrono::steady_clock::now() - sent, 100ms) << "round trip " << i;
  }
}

}  // namespace
}  // namespace parley::server
