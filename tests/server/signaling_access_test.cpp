// Access control and liveness over real WebSockets: Origin allow-list, join tokens,
// the connection limit and dead-connection detection.
#include <gtest/gtest.h>

#include "core/protocol/client_message.h"
#include "server/access/join_token.h"
#include "signaling_fixture.h"

namespace parley::server {
namespace {
using nlohmann::json;
using testing::SignalingWebSocket;
using namespace std::chrono_literals;

constexpr auto kSecret = "0123456789abcdef-secret";

std::string token(std::string room, std::optional<std::string> peer_id, std::chrono::seconds ttl) {
  return mint_join_token(kSecret, {std::move(room), std::move(peer_id), WallClock::now() + ttl});
}

TEST_F(SignalingWebSocket, UpgradesFromUnlistedOriginsGet403) {
  ServerOptions options;
  options.allowed_origins = {"http://127.0.0.1:8080", "https://app.example.org"};
  start(options);
  EXPECT_EQ(testing::upgrade_status((*server)->port(), "https://evil.example"), 403u);
  EXPECT_EQ(testing::upgrade_status((*server)->port(), "null"), 403u);
  EXPECT_EQ(testing::upgrade_status((*server)->port(), "https://app.example.org"), 101u);
  auto page = std::make_unique<testing::WsClient>((*server)->port(), "http://127.0.0.1:8080");
  page->send({{"type", "join"}, {"room", "r"}});
  EXPECT_EQ(page->next().value()["type"], "welcome");
  expect_server_still_serves();  // non-browser clients send no Origin and pass
}

TEST_F(SignalingWebSocket, WithNoListOnlyTheServersOwnPagesMayUpgrade) {
  start();
  const std::uint16_t port = (*server)->port();
  EXPECT_EQ(testing::upgrade_status(port, "http://127.0.0.1:" + std::to_string(port)), 101u);
  EXPECT_EQ(testing::upgrade_status(port, "https://evil.example"), 403u);
  EXPECT_EQ(testing::upgrade_status(port, "http://127.0.0.1:" + std::to_string(port + 1)), 403u);
  expect_server_still_serves();  // non-browser clients send no Origin and pass
}

TEST_F(SignalingWebSocket, AStarLetsEveryPageUpgrade) {
  ServerOptions options;
  options.allowed_origins = {"*"};
  start(options);
  EXPECT_EQ(testing::upgrade_status((*server)->port(), "https://anywhere.example"), 101u);
}

TEST_F(SignalingWebSocket, JoinsNeedAValidUnexpiredTokenForTheRoom) {
  ServerOptions options;
  options.auth_secret = kSecret;
  start(options);
  const auto join_with = [&](std::optional<std::string> join_token) {
    auto c = client();
    json join = {{"type", "join"}, {"room", "r"}, {"peerId", "alice"}};
    if (join_token) join["token"] = *join_token;
    c->send(join);
    return c->next().value();
  };
  EXPECT_EQ(join_with(std::nullopt)["code"], "unauthorized");
  EXPECT_EQ(join_with("v1.99999999999.alice.AAAA")["code"], "unauthorized");
  EXPECT_EQ(join_with(token("other-room", "alice", 60s))["code"], "unauthorized");
  EXPECT_EQ(join_with(token("r", "bob", 60s))["code"], "unauthorized");
  const auto expired = join_with(token("r", "alice", -1s));
  EXPECT_EQ(expired["code"], "unauthorized");
  EXPECT_EQ(expired["message"], "the join token has expired");

  // The server keeps serving token holders after all of that.
  auto alice = client();
  alice->send({{"type", "join"}, {"room", "r"}, {"token", token("r", "alice", 60s)}});
  EXPECT_EQ(alice->next().value()["peerId"], "alice");
  auto bob = client();
  bob->send({{"type", "join"},
             {"room", "r"},
             {"peerId", "bob"},
             {"token", token("r", std::nullopt, 60s)}});
  EXPECT_EQ(bob->next().value()["type"], "welcome");
  bob->send({{"type", "offer"}, {"target", "alice"}, {"sdp", "hi"}});
  EXPECT_EQ(alice->next_of_type("offer").value()["from"], "bob");
}

TEST_F(SignalingWebSocket, ALostPeersIdIsKeptForItsResumeAndRefusedToOthers) {
  start();
  auto bob = joined("r", "bob");
  auto alice = client();
  alice->send({{"type", "join"}, {"room", "r"}, {"peerId", "alice"}});
  const std::string secret = alice->next().value()["resumeSecret"];
  ASSERT_TRUE(bob->next_of_type("peer-joined"));
  alice.reset();  // the connection is lost (no close frame): her seat is held
  auto mallory = client();
  mallory->send({{"type", "join"}, {"room", "r"}, {"peerId", "alice"}, {"resume", true}});
  EXPECT_EQ(mallory->next().value()["code"], "unauthorized");
  mallory->send({{"type", "join"}, {"room", "r"}, {"peerId", "alice"}});
  EXPECT_EQ(mallory->next().value()["code"], "id-taken");
  auto alice_again = client();
  alice_again->send({{"type", "join"},
                     {"room", "r"},
                     {"peerId", "alice"},
                     {"resume", true},
                     {"resumeSecret", secret}});
  EXPECT_EQ(alice_again->next().value()["type"], "welcome");
  // Back in her seat: bob heard neither a leave nor a join, only what she sends him.
  alice_again->send({{"type", "offer"}, {"target", "bob"}, {"sdp", "after the resume"}});
  const auto next = bob->next().value();
  EXPECT_EQ(next["type"], "offer") << next.dump();
  EXPECT_EQ(next["sdp"], "after the resume");
}

TEST_F(SignalingWebSocket, APeerThatClosesOnPurposeFreesItsIdAtOnce) {
  start();
  auto bob = joined("r", "bob");
  auto page = joined("r", "reloaded");  // a reference client's page, about to reload
  bob->next_of_type("peer-joined");
  page->close();  // the browser's goodbye (1001)
  ASSERT_TRUE(bob->next_of_type("peer-left"));
  auto again = client();
  again->send({{"type", "join"}, {"room", "r"}, {"peerId", "reloaded"}});
  EXPECT_EQ(again->next().value()["type"], "welcome") << "the reloaded page gets its id back";
}

TEST_F(SignalingWebSocket, AClientThatClosesToResumeKeepsItsSeat) {
  start();
  auto bob = joined("r", "bob");
  auto alice = client();
  alice->send({{"type", "join"}, {"room", "r"}, {"peerId", "alice"}});
  const std::string secret = alice->next().value()["resumeSecret"];
  ASSERT_TRUE(bob->next_of_type("peer-joined"));
  // Her client took the socket for dead; the close frame still got through.
  alice->close_with(protocol::kResumingCloseCode);
  auto alice_again = client();
  alice_again->send({{"type", "join"},
                     {"room", "r"},
                     {"peerId", "alice"},
                     {"resume", true},
                     {"resumeSecret", secret}});
  EXPECT_EQ(alice_again->next().value()["resumed"], true) << "the seat was kept";
  alice_again->send({{"type", "offer"}, {"target", "bob"}, {"sdp", "still here"}});
  const auto next = bob->next().value();
  EXPECT_EQ(next["type"], "offer") << "no peer-left, no peer-joined: " << next.dump();
}

TEST_F(SignalingWebSocket, ADeadConnectionIsDroppedWithinTheIdleTimeoutAndLeavesAfterItsHold) {
  ServerOptions options;
  options.idle_timeout = 2s;  // the defaults are 20 s and 30 s; the rules are the same
  options.id_hold = 2s;
  start(options);
  auto alice = joined("r", "alice");
  auto dead = joined("r", "dead");  // never reads again, so it never answers a ping
  alice->next_of_type("peer-joined");
  const auto started = std::chrono::steady_clock::now();
  // alice keeps reading, so she answers the server's pings and stays. The dead peer is
  // dropped after the idle timeout, then away for the hold, then gone.
  const auto left = alice->next_of_type("peer-left", 9s);
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(left) << "the dead peer was never dropped";
  EXPECT_EQ((*left)["peerId"], "dead");
  EXPECT_GE(waited, 3500ms) << "gone before the idle timeout and the hold";
  EXPECT_LE(waited, 7s);
  auto bob = joined("r", "bob");
  EXPECT_EQ(alice->next_of_type("peer-joined").value()["peerId"], "bob")
      << "the live client outlasted the idle timeout";
}

}  // namespace
}  // namespace parley::server
