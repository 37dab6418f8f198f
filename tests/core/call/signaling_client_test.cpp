#include "core/call/signaling_client.h"

#include <gtest/gtest.h>

#include <vector>

#include "../../fakes/fake_scheduler.h"
#include "../../fakes/fake_signaling_socket.h"

namespace parley::call {
namespace {
using namespace std::chrono_literals;
using nlohmann::json;
using State = SignalingClient::State;

constexpr auto kWelcome =
    R"({"type":"welcome","room":"r","peerId":"p1","name":"Ada","peers":[{"peerId":"bob","name":"Bob"}],)"
    R"("iceServers":[{"urls":"stun:127.0.0.1:3478"},{"urls":["turn:127.0.0.1:3478"],"username":"u","credential":"c"}],)"
    R"("resumeSecret":"secret-1"})";
// The reference design's server: no resume, and pings go unanswered.
constexpr auto kReferenceWelcome =
    R"({"type":"welcome","room":"r","peerId":"p1","peers":[{"peerId":"bob","name":"Bob"}]})";

class SignalingClientTest : public ::testing::Test {
 protected:
  SignalingClientTest() {
    handlers.on_state = [this](State state) { states.push_back(state); };
    handlers.on_welcome = [this](const protocol::Welcome& welcome, bool rejoined) {
      welcomes.push_back(welcome);
      rejoins.push_back(rejoined);
    };
    handlers.on_relayed = [this](const protocol::Relayed& relayed) {
      relayed_types.push_back(relayed.type);
    };
    handlers.on_error = [this](const SignalingClient::Error& error) { errors.push_back(error); };
  }

  SignalingClient& make(SignalingClient::Options options = {}) {
    if (options.url.empty()) options.url = "ws://127.0.0.1:8080/";
    if (options.room.empty()) options.room = "r";
    if (options.name.empty()) options.name = "Ada";
    client = std::make_unique<SignalingClient>(
        options, network.factory(), scheduler, [this] { return random; }, handlers);
    return *client;
  }
  // Opens the newest socket and answers its join with a welcome.
  void join_now() {
    network.last().open_now();
    network.last().deliver(kWelcome);
  }

  fakes::FakeScheduler scheduler;
  fakes::FakeSignalingNetwork network;
  double random = 0.0;
  SignalingClient::Handlers handlers;
  std::unique_ptr<SignalingClient> client;
  std::vector<State> states;
  std::vector<protocol::Welcome> welcomes;
  std::vector<bool> rejoins;
  std::vector<std::string> relayed_types;
  std::vector<SignalingClient::Error> errors;
};

TEST_F(SignalingClientTest, ConnectsJoinsAndReportsTheWelcome) {
  make().start();
  ASSERT_EQ(network.sockets.size(), 1u);
  EXPECT_EQ(network.last().url, "ws://127.0.0.1:8080/");
  network.last().open_now();
  EXPECT_EQ(network.last().sent_json(0), json({{"type", "join"}, {"room", "r"}, {"name", "Ada"}}));
  network.last().deliver(kWelcome);
  EXPECT_EQ(states, (std::vector{State::kConnecting, State::kJoining, State::kJoined}));
  ASSERT_EQ(welcomes.size(), 1u);
  EXPECT_FALSE(rejoins[0]);
  EXPECT_EQ(client->peer_id(), "p1");
  EXPECT_EQ(welcomes[0].peers.at(0).peer_id, "bob");
  ASSERT_EQ(welcomes[0].ice_servers.size(), 2u);
  EXPECT_EQ(welcomes[0].ice_servers[1].username, "u");
}

TEST_F(SignalingClientTest, MessagesSentBeforeTheWelcomeGoOutAfterItInOrder) {
  make().start();
  client->send("bob", "offer", {{"sdp", {{"type", "offer"}, {"sdp", "v=0"}}}});
  client->send("bob", "ice-candidate", {{"candidate", {{"candidate", "c1"}}}});
  EXPECT_EQ(client->queued_messages(), 2u);
  join_now();
  ASSERT_EQ(network.last().sent.size(), 3u);
  EXPECT_EQ(
      network.last().sent_json(1),
      json({{"type", "offer"}, {"target", "bob"}, {"sdp", {{"type", "offer"}, {"sdp", "v=0"}}}}));
  EXPECT_EQ(network.last().sent_json(2)["type"], "ice-candidate");
  EXPECT_EQ(client->queued_messages(), 0u);
}

TEST_F(SignalingClientTest, ALostConnectionRejoinsWithTheSameIdAndResumes) {
  make().start();
  join_now();
  network.last().drop();
  EXPECT_EQ(client->state(), State::kWaitingToReconnect);
  client->send("bob", "ice-candidate", {{"candidate", {{"candidate", "during outage"}}}});
  random = 0.0;  // the earliest moment the jitter allows: half the first 500 ms step
  scheduler.advance(249ms);
  EXPECT_EQ(network.sockets.size(), 1u);
  scheduler.advance(1ms);
  ASSERT_EQ(network.sockets.size(), 2u);
  network.last().open_now();
  EXPECT_EQ(network.last().sent_json(0), json({{"type", "join"},
                                               {"room", "r"},
                                               {"peerId", "p1"},
                                               {"name", "Ada"},
                                               {"resume", true},
                                               {"resumeSecret", "secret-1"}}));
  network.last().deliver(kWelcome);
  EXPECT_EQ(rejoins, (std::vector{false, true}));
  EXPECT_EQ(network.last().sent_json(1)["candidate"]["candidate"], "during outage");
}

TEST_F(SignalingClientTest, EachResumePresentsTheSecretOfTheLatestWelcome) {
  make().start();
  join_now();
  network.last().drop();
  scheduler.advance(*scheduler.next_due());
  network.last().open_now();
  auto second = json::parse(kWelcome);
  second["resumeSecret"] = "secret-2";
  network.last().deliver(second.dump());
  network.last().drop();
  scheduler.advance(*scheduler.next_due());
  network.last().open_now();
  EXPECT_EQ(network.last().sent_json(0)["resumeSecret"], "secret-2");
}

TEST_F(SignalingClientTest, BackoffDoublesToThirtySecondsAndResetsAfterAJoin) {
  random = 0.999;  // the top of each step's jitter range
  make().start();
  std::vector<long long> delays_ms;
  for (int i = 0; i < 9; ++i) {
    network.last().drop();
    delays_ms.push_back(
        std::chrono::duration_cast<std::chrono::milliseconds>(*scheduler.next_due()).count());
    scheduler.advance(*scheduler.next_due());
  }
  EXPECT_EQ(delays_ms,
            (std::vector<long long>{499, 999, 1999, 3998, 7996, 15992, 29985, 29985, 29985}));
  join_now();
  network.last().drop();
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(*scheduler.next_due()).count(),
            499);
}

TEST(ReconnectDelay, StaysWithinHalfToAllOfEachStep) {
  const ReconnectPolicy policy;
  EXPECT_EQ(reconnect_delay(policy, 0, 0.0), 250ms);
  EXPECT_EQ(reconnect_delay(policy, 0, 1.0), 500ms);
  EXPECT_EQ(reconnect_delay(policy, 3, 0.5), 3000ms);  // step 4 s
  EXPECT_EQ(reconnect_delay(policy, 40, 1.0), 30s);
  EXPECT_EQ(reconnect_delay(policy, 40, 0.0), 15s);
}

TEST_F(SignalingClientTest, RefusalsThatRetryingCannotCureEndTheClient) {
  for (const char* code : {"unauthorized", "room-full", "id-taken"}) {
    errors.clear();
    make().start();
    network.last().open_now();
    network.last().deliver(std::string(R"({"type":"error","code":")") + code +
                           R"(","message":"no"})");
    EXPECT_EQ(client->state(), State::kFailed) << code;
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_TRUE(errors[0].fatal);
    EXPECT_EQ(errors[0].code, code);
    EXPECT_EQ(scheduler.pending(), 0u) << "no reconnect is planned";
  }
}

TEST_F(SignalingClientTest, ARejoinWhoseIdIsStillHeldIsRetried) {
  make().start();
  join_now();
  network.last().drop();
  scheduler.advance(*scheduler.next_due());
  network.last().open_now();
  network.last().deliver(R"({"type":"error","code":"id-taken","message":"in use"})");
  EXPECT_EQ(client->state(), State::kWaitingToReconnect);
  EXPECT_TRUE(network.last().closed_by_client);
  scheduler.advance(*scheduler.next_due());
  join_now();
  EXPECT_EQ(client->state(), State::kJoined);
  EXPECT_TRUE(errors.empty());
}

TEST_F(SignalingClientTest, AFullQueueRefusesWithAnErrorInsteadOfDroppingSilently) {
  SignalingClient::Options options;
  options.max_queued_messages = 2;
  make(options).start();
  client->send("bob", "ice-candidate", {{"candidate", "1"}});
  client->send("bob", "ice-candidate", {{"candidate", "2"}});
  client->send("bob", "ice-candidate", {{"candidate", "3"}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "signaling-queue-full");
  EXPECT_FALSE(errors[0].fatal);
  EXPECT_EQ(client->queued_messages(), 2u);
}

TEST_F(SignalingClientTest, ErrorsWhileJoinedAreReportedAndTheClientStays) {
  make().start();
  join_now();
  network.last().deliver(R"({"type":"error","code":"unknown-target","message":"no peer"})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_FALSE(errors[0].fatal);
  EXPECT_EQ(client->state(), State::kJoined);
}

TEST_F(SignalingClientTest, RelayedMessagesArePassedOnAndUnknownTypesIgnored) {
  make().start();
  join_now();
  network.last().deliver(R"({"type":"offer","from":"bob","sdp":{"type":"offer","sdp":"v=0"}})");
  network.last().deliver(R"({"type":"something-new","x":1})");
  network.last().deliver("not json");
  EXPECT_EQ(relayed_types, std::vector<std::string>{"offer"});
  EXPECT_TRUE(errors.empty());
}

TEST_F(SignalingClientTest, LeavingSaysSoClosesAndNeverReconnects) {
  make().start();
  join_now();
  auto& socket = network.last();
  client->leave();
  EXPECT_EQ(socket.sent_json(1), json({{"type", "leave"}}));
  EXPECT_TRUE(socket.closed_by_client);
  EXPECT_EQ(client->state(), State::kLeft);
  socket.drop();
  EXPECT_EQ(scheduler.pending(), 0u);
  EXPECT_EQ(network.sockets.size(), 1u);
}

// [SECTION] Heartbeat

TEST_F(SignalingClientTest, AConnectionThatDiedWithoutClosingIsNoticedAndRejoined) {
  make().start();
  join_now();
  auto& first = network.last();
  const auto pings = [&first] {
    std::size_t count = 0;
    for (std::size_t i = 0; i < first.sent.size(); ++i)
      count += first.sent_json(i)["type"] == "ping";
    return count;
  };
  scheduler.advance(10s);
  ASSERT_EQ(pings(), 1u);
  first.deliver(R"({"type":"pong"})");  // the server answers pings
  scheduler.advance(10s);
  EXPECT_EQ(pings(), 2u);
  EXPECT_EQ(network.sockets.size(), 1u);
  // Then silence, though the socket still says it is open (a laptop lid, a lost NAT entry).
  scheduler.advance(20s);
  EXPECT_TRUE(first.closed_by_client) << "the dead socket is dropped";
  EXPECT_EQ(states.back(), State::kWaitingToReconnect);
  scheduler.advance(60s);
  ASSERT_EQ(network.sockets.size(), 2u);
  network.last().open_now();
  EXPECT_EQ(network.last().sent_json(0)["resume"], true) << "a rejoin keeps the sessions";
}

TEST_F(SignalingClientTest, AServerThatNeverAnswersPingsIsNotTakenForDead) {
  make().start();
  network.last().open_now();
  network.last().deliver(kReferenceWelcome);
  scheduler.advance(120s);  // a reference server: pings go unanswered, and that is fine
  EXPECT_EQ(network.sockets.size(), 1u);
  EXPECT_FALSE(network.last().closed_by_client);
  EXPECT_EQ(client->state(), State::kJoined);
}

TEST_F(SignalingClientTest, TheNetworkComingBackEndsTheReconnectBackoff) {
  make().start();
  join_now();
  network.last().drop();
  ASSERT_EQ(client->state(), State::kWaitingToReconnect);
  ASSERT_EQ(network.sockets.size(), 1u);
  client->network_back();
  EXPECT_EQ(network.sockets.size(), 2u) << "it connects now, not after the backoff";
  client->network_back();  // connecting already: nothing more
  EXPECT_EQ(network.sockets.size(), 2u);
}

// A server without resume that answers pings: its socket is probed, not replaced.
TEST_F(SignalingClientTest, TheNetworkComingBackProbesAnOpenSocketAndDropsItIfSilent) {
  make().start();
  network.last().open_now();
  network.last().deliver(kReferenceWelcome);
  auto& first = network.last();
  scheduler.advance(10s);
  first.deliver(R"({"type":"pong"})");  // a server that answers pings
  scheduler.advance(1s);
  // A network change: the socket still says it is open. This time it lives.
  client->network_back();
  EXPECT_EQ(first.sent_json(first.sent.size() - 1)["type"], "ping") << "asked at once";
  scheduler.advance(1s);
  first.deliver(R"({"type":"pong"})");
  scheduler.advance(5s);
  EXPECT_FALSE(first.closed_by_client) << "it answered: kept";
  // Another change, and no answer: dropped within the probe, not after 25 s of silence.
  client->network_back();
  scheduler.advance(2900ms);
  EXPECT_FALSE(first.closed_by_client);
  scheduler.advance(200ms);
  EXPECT_TRUE(first.closed_by_client);
  EXPECT_TRUE(first.closed_to_resume) << "so a server that still gets the close keeps our seat";
  EXPECT_EQ(client->state(), State::kWaitingToReconnect);
}

// parley-server (it offers resume): after a network change the socket - perhaps bound to
// an address that is gone - is replaced at once, and what is sent meanwhile waits for the
// resumed join instead of going into it.
TEST_F(SignalingClientTest, ANetworkChangeReplacesTheSocketToParleyServerAtOnce) {
  make().start();
  join_now();
  auto& first = network.last();
  scheduler.advance(2s);
  client->network_back();
  EXPECT_TRUE(first.closed_by_client);
  EXPECT_TRUE(first.closed_to_resume) << "so the server keeps our seat";
  ASSERT_EQ(network.sockets.size(), 2u);
  client->send("bob", "offer", {{"sdp", "restart"}});
  for (std::size_t i = 0; i < first.sent.size(); ++i)
    EXPECT_NE(first.sent_json(i)["type"], "offer") << "nothing goes into the replaced socket";
  EXPECT_FALSE(network.last().sent.size() > 0 && network.last().sent_json(0)["type"] == "offer")
      << "nor ahead of the join";
  network.last().open_now();
  EXPECT_EQ(network.last().sent_json(0)["resume"], true);
  network.last().deliver(kWelcome);
  EXPECT_EQ(network.last().sent_json(network.last().sent.size() - 1)["type"], "offer")
      << "the offer went once the seat was back";
}

TEST_F(SignalingClientTest, AProbeOfAServerThatNeverAnsweredPingsDropsNothing) {
  make().start();
  network.last().open_now();
  network.last().deliver(kReferenceWelcome);
  client->network_back();
  scheduler.advance(5s);
  EXPECT_FALSE(network.last().closed_by_client) << "its silence says nothing";
  EXPECT_EQ(client->state(), State::kJoined);
}

}  // namespace
}  // namespace parley::call
