// Rooms shared by parley-server instances through a real redis-server (--redis).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <regex>
#include <thread>
#include <vector>

#include "../http_get.h"
#include "../running_server.h"
#include "../temp_web_root.h"
#include "../ws_client.h"
#include "redis_process.h"
#include "server/access/join_token.h"

namespace parley::server::testing {
namespace {

using Clock = std::chrono::steady_clock;

class ClusterRooms : public ::testing::Test {
 protected:
  ClusterRooms() { root.add("index.html", "ok"); }
  // All at once, as a whole cluster stops: none waits for the others to take its members.
  ~ClusterRooms() override {
    for (auto& running : instances) (*running)->stop();
    instances.clear();
  }

  ServerOptions options_for(const std::string& instance) {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.web_root = root.path();
    options.redis = std::get<RedisEndpoint>(parse_redis_url(redis.url()));
    options.instance_id = instance;
    return options;
  }

  RunningServer& instance(const std::string& name, ServerOptions options) {
    instances.push_back(std::make_unique<RunningServer>(std::move(options)));
    RunningServer& started = *instances.back();
    EXPECT_TRUE(until([&] { return started->cluster()->connected(); })) << name << " not connected";
    return started;
  }
  RunningServer& instance(const std::string& name) { return instance(name, options_for(name)); }

  // Polls `condition` until it holds or `limit` passes.
  static bool until(const std::function<bool()>& condition, std::chrono::milliseconds limit = 5s) {
    const auto deadline = Clock::now() + limit;
    while (!condition()) {
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }

  static std::unique_ptr<WsClient> join(RunningServer& server, const std::string& room,
                                        const std::string& peer, json* welcome_out = nullptr) {
    auto client = std::make_unique<WsClient>(server->port());
    client->send({{"type", "join"}, {"room", room}, {"peerId", peer}, {"name", "Name of " + peer}});
    const auto welcome = client->next();
    EXPECT_TRUE(welcome && (*welcome)["type"] == "welcome")
        << peer << ": " << welcome.value_or(json());
    if (welcome_out && welcome) *welcome_out = *welcome;
    return client;
  }

  static std::vector<std::string> peers_in(const json& welcome) {
    std::vector<std::string> peers;
    for (const auto& peer : welcome["peers"]) peers.push_back(peer["peerId"]);
    return peers;
  }

  RedisProcess redis;
  TempWebRoot root;
  std::vector<std::unique_ptr<RunningServer>> instances;
};

TEST_F(ClusterRooms, MembersOnTwoInstancesSeeEachOtherAndRelayBothWays) {
  auto& a = instance("a");
  auto& b = instance("b");
  auto ada = join(a, "standup", "ada");
  json welcome;
  auto bob = join(b, "standup", "bob", &welcome);
  ASSERT_EQ(peers_in(welcome), std::vector<std::string>{"ada"});
  EXPECT_EQ(welcome["peers"][0]["name"], "Name of ada");
  const auto joined = ada->next_of_type("peer-joined");
  ASSERT_TRUE(joined);
  EXPECT_EQ((*joined)["peerId"], "bob");
  EXPECT_EQ((*joined)["name"], "Name of bob");

  ada->send({{"type", "offer"}, {"target", "bob"}, {"sdp", "offer-sdp"}});
  const auto offer = bob->next_of_type("offer");
  ASSERT_TRUE(offer);
  EXPECT_EQ((*offer)["from"], "ada");
  EXPECT_EQ((*offer)["sdp"], "offer-sdp");
  bob->send({{"type", "answer"}, {"target", "ada"}, {"sdp", "answer-sdp"}});
  const auto answer = ada->next_of_type("answer");
  ASSERT_TRUE(answer);
  EXPECT_EQ((*answer)["from"], "bob");

  // A target no instance has is still refused.
  ada->send({{"type", "offer"}, {"target", "nobody"}, {"sdp", "x"}});
  const auto refused = ada->next_of_type("error");
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "unknown-target");

  bob->send({{"type", "leave"}});
  const auto left = ada->next_of_type("peer-left");
  ASSERT_TRUE(left);
  EXPECT_EQ((*left)["peerId"], "bob");
}

TEST_F(ClusterRooms, OneSendersFramesToOneTargetKeepTheirOrderAcrossInstances) {
  auto& a = instance("a");
  auto& b = instance("b");
  auto ada = join(a, "ordered", "ada");
  auto bob = join(b, "ordered", "bob");
  ASSERT_TRUE(ada->next_of_type("peer-joined"));
  constexpr int kFrames = 150;  // within the default burst (200)
  for (int i = 0; i < kFrames; ++i) {
    ada->send({{"type", "ice-candidate"}, {"target", "bob"}, {"candidate", {{"n", i}}}});
  }
  for (int i = 0; i < kFrames; ++i) {
    const auto candidate = bob->next_of_type("ice-candidate");
    ASSERT_TRUE(candidate) << "frame " << i << " missing";
    ASSERT_EQ((*candidate)["candidate"]["n"], i);
  }
}

TEST_F(ClusterRooms, CapacityHoldsAcrossInstances) {
  auto options_a = options_for("a");
  options_a.room_capacity = 2;
  auto options_b = options_for("b");
  options_b.room_capacity = 2;
  auto& a = instance("a", options_a);
  auto& b = instance("b", options_b);
  auto ada = join(a, "small", "ada");
  auto bob = join(b, "small", "bob");
  for (auto* server : {&a, &b}) {
    WsClient cy((*server)->port());
    cy.send({{"type", "join"}, {"room", "small"}, {"peerId", "cy"}});
    const auto refused = cy.next();
    ASSERT_TRUE(refused);
    EXPECT_EQ((*refused)["code"], "room-full");
  }
  bob->send({{"type", "leave"}});
  ASSERT_TRUE(ada->next_of_type("peer-left"));
  json welcome;
  auto cy = join(a, "small", "cy", &welcome);
  EXPECT_EQ(peers_in(welcome), std::vector<std::string>{"ada"});
}

TEST_F(ClusterRooms, APeerIdIsTakenOnEveryInstance) {
  auto& a = instance("a");
  auto& b = instance("b");
  auto ada = join(a, "ids", "ada");
  WsClient impostor(b->port());
  impostor.send({{"type", "join"}, {"room", "ids"}, {"peerId", "ada"}});
  const auto refused = impostor.next();
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "id-taken");
  // A join that brings no id gets one no instance has.
  impostor.send({{"type", "join"}, {"room", "ids"}});
  const auto welcome = impostor.next_of_type("welcome");
  ASSERT_TRUE(welcome);
  EXPECT_NE((*welcome)["peerId"], "ada");
  EXPECT_EQ(peers_in(*welcome), std::vector<std::string>{"ada"});
}

TEST_F(ClusterRooms, ALostConnectionsHoldEndsInPeerLeftOnEveryInstance) {
  auto options_b = options_for("b");
  options_b.id_hold = std::chrono::seconds(1);
  auto& a = instance("a");
  auto& b = instance("b", options_b);
  auto ada = join(a, "hold", "ada");
  auto bob = join(b, "hold", "bob");
  ASSERT_TRUE(ada->next_of_type("peer-joined"));
  bob.reset();  // the socket goes without a leave: its seat is held for 1 s, then let go
  const auto left = ada->next_of_type("peer-left", 5s);
  ASSERT_TRUE(left);
  EXPECT_EQ((*left)["peerId"], "bob");
  json welcome;
  auto bob_again = join(b, "hold", "bob", &welcome);  // the id is free everywhere again
  EXPECT_EQ(peers_in(welcome), std::vector<std::string>{"ada"});
}

// RoomRegistry's rule, across instances: a join whose token binds a peer id may take the
// seat held for that id's away member, wherever it is held; the room hears the earlier
// holder leave, then the newcomer join, once each.
class ClusterClaims : public ClusterRooms {
 protected:
  static constexpr const char* kSecret = "a-secret-of-at-least-thirty-two-bytes!!";

  // A token for `room`, bound to `peer` unless none is given.
  static std::string token(const std::string& room, std::optional<std::string> peer) {
    return mint_join_token(kSecret,
                           {room, std::move(peer), WallClock::now() + std::chrono::minutes(5)});
  }
  static std::unique_ptr<WsClient> join_with_token(RunningServer& server, const std::string& room,
                                                   const std::string& peer) {
    auto client = std::make_unique<WsClient>(server->port());
    client->send(
        {{"type", "join"}, {"room", room}, {"peerId", peer}, {"token", token(room, peer)}});
    return client;
  }

  // Instances a and b wanting tokens; Ada on a and Bob on b joined `room` with tokens bound
  // to their ids, then Bob's connection was lost, not left: b holds his seat (--id-hold).
  void bob_away_on_b(const std::string& room) {
    auto options_a = options_for("a");
    auto options_b = options_for("b");
    options_a.auth_secret = options_b.auth_secret = kSecret;
    a = &instance("a", options_a);
    b = &instance("b", options_b);
    ada = join_with_token(*a, room, "ada");
    ASSERT_TRUE(ada->next_of_type("welcome"));
    auto bob = join_with_token(*b, room, "bob");
    ASSERT_TRUE(bob->next_of_type("welcome"));
    ASSERT_TRUE(ada->next_of_type("peer-joined"));
    bob.reset();
    ASSERT_TRUE(until([&] { return (*b)->hub().gauges().away_members == 1; }));
  }

  // Bob's page came back (no resume secret) with his token on `server`: he is a new member,
  // Ada hears him leave then join, once each, b no longer holds a seat, relays reach him.
  void expect_claimed_on(RunningServer& server, const std::string& room) {
    auto bob_again = join_with_token(server, room, "bob");
    const auto welcome = bob_again->next_of_type("welcome");
    ASSERT_TRUE(welcome) << "the held seat was not claimed";
    EXPECT_EQ(peers_in(*welcome), std::vector<std::string>{"ada"});
    EXPECT_FALSE(welcome->value("resumed", false));
    for (const char* type : {"peer-left", "peer-joined"}) {
      const auto told = ada->next();
      ASSERT_TRUE(told) << "no " << type;
      EXPECT_EQ((*told)["type"], type) << *told;
      EXPECT_EQ((*told)["peerId"], "bob");
    }
    EXPECT_TRUE(until([&] { return (*b)->hub().gauges().away_members == 0; }))
        << "b still holds the seat that was claimed";
    ada->send({{"type", "offer"}, {"target", "bob"}, {"sdp", "to-the-new-bob"}});
    const auto offer = bob_again->next_of_type("offer");
    ASSERT_TRUE(offer);
    EXPECT_EQ((*offer)["sdp"], "to-the-new-bob");
    // Nothing more: no second peer-left when b's hold would have run out.
    EXPECT_FALSE(ada->next(500ms)) << "Ada heard more than one departure and one arrival";
  }

  RunningServer* a = nullptr;
  RunningServer* b = nullptr;
  std::unique_ptr<WsClient> ada;
};

TEST_F(ClusterClaims, ATokenBoundToAnIdClaimsItsAwaySeatHeldOnAnotherInstance) {
  bob_away_on_b("claim");
  // A token for the room that does not bind the id proves nothing: the held id is taken.
  WsClient impostor((*a)->port());
  impostor.send(
      {{"type", "join"}, {"room", "claim"}, {"peerId", "bob"}, {"token", token("claim", {})}});
  const auto refused = impostor.next();
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "id-taken") << *refused;
  expect_claimed_on(*a, "claim");
}

TEST_F(ClusterClaims, ATokenBoundToAnIdClaimsItsAwaySeatOnTheInstanceThatHoldsIt) {
  bob_away_on_b("claim-here");
  expect_claimed_on(*b, "claim-here");
}

TEST_F(ClusterRooms, ARelayToAMemberAwayOnAnotherInstanceIsRefusedToItsSender) {
  auto& a = instance("a");
  auto& b = instance("b");
  auto ada = join(a, "away", "ada");
  auto bob = join(b, "away", "bob");
  ASSERT_TRUE(ada->next_of_type("peer-joined"));
  bob.reset();  // lost: b holds his seat
  ASSERT_TRUE(until([&] { return b->hub().gauges().away_members == 1; }));
  ada->send({{"type", "offer"}, {"target", "bob"}, {"sdp", "into-the-void"}});
  const auto refused = ada->next();
  ASSERT_TRUE(refused) << "the offer vanished without a word";
  EXPECT_EQ((*refused)["type"], "error") << *refused;
  EXPECT_EQ((*refused)["code"], "unknown-target") << *refused;
}

TEST_F(ClusterRooms, AResumeOnAnotherInstanceTakesTheSeatWithoutAWordToTheRoom) {
  auto& a = instance("a");
  auto& b = instance("b");
  auto ada = join(a, "move", "ada");
  json first_welcome;
  auto bob_on_b = join(b, "move", "bob", &first_welcome);
  ASSERT_TRUE(ada->next_of_type("peer-joined"));
  // Bob's client comes back through another instance while its old socket still looks alive.
  WsClient bob_on_a(a->port());
  bob_on_a.send({{"type", "join"},
                 {"room", "move"},
                 {"peerId", "bob"},
                 {"resume", true},
                 {"resumeSecret", first_welcome["resumeSecret"]}});
  const auto welcome = bob_on_a.next_of_type("welcome");
  ASSERT_TRUE(welcome);
  EXPECT_EQ((*welcome)["resumed"], true);
  EXPECT_EQ(peers_in(*welcome), std::vector<std::string>{"ada"});
  EXPECT_EQ(bob_on_b->close_code(), 4409);  // replaced by the resumed connection
  // Relays reach Bob where he is now, and Ada heard nothing of the move.
  ada->send({{"type", "offer"}, {"target", "bob"}, {"sdp", "after-move"}});
  const auto offer = bob_on_a.next_of_type("offer");
  ASSERT_TRUE(offer);
  EXPECT_EQ((*offer)["sdp"], "after-move");
  bob_on_a.send({{"type", "answer"}, {"target", "ada"}, {"sdp", "from-a"}});
  const auto next = ada->next();
  ASSERT_TRUE(next);
  EXPECT_EQ((*next)["type"], "answer") << *next;
  // A wrong secret is id-taken, wherever it is tried.
  WsClient thief(b->port());
  thief.send({{"type", "join"},
              {"room", "move"},
              {"peerId", "bob"},
              {"resume", true},
              {"resumeSecret", "not-the-secret"}});
  const auto refused = thief.next();
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "id-taken");
}

TEST_F(ClusterRooms, WithoutRedisAJoinIsRefusedAsUnavailableAndTheClientToldToRetry) {
  auto options = options_for("lonely");
  const auto port = redis.port();
  redis.stop();
  options.redis =
      std::get<RedisEndpoint>(parse_redis_url("redis://127.0.0.1:" + std::to_string(port)));
  RunningServer server(options);
  WsClient client(server->port());
  client.send({{"type", "join"}, {"room", "r"}, {"peerId", "p"}});
  const auto refused = client.next();
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "unavailable");
  EXPECT_EQ(client.close_code(), 1013);
  // Alive, worth sending clients to, and saying what is wrong.
  EXPECT_EQ(http_get(server->port(), "/healthz").result_int(), 200U);
  const auto ready = http_get(server->port(), "/readyz");
  EXPECT_EQ(ready.result_int(), 200U);
  EXPECT_NE(ready.body().find("degraded"), std::string::npos) << ready.body();
  const auto metrics = http_get(server->port(), "/metrics").body();
  EXPECT_NE(metrics.find("parley_cluster_connected 0"), std::string::npos);
  EXPECT_NE(metrics.find("parley_rejects_total{code=\"unavailable\"} 1"), std::string::npos);
}

TEST_F(ClusterRooms, MetricsCountTheBus) {
  auto& a = instance("a");
  auto& b = instance("b");
  auto ada = join(a, "counted", "ada");
  auto bob = join(b, "counted", "bob");
  ASSERT_TRUE(ada->next_of_type("peer-joined"));  // b -> a
  ada->send({{"type", "offer"}, {"target", "bob"}, {"sdp", "x"}});
  ASSERT_TRUE(bob->next_of_type("offer"));  // a -> b
  EXPECT_EQ(http_get(a->port(), "/readyz").body(), "ready\n");
  const auto metrics = http_get(a->port(), "/metrics").body();
  EXPECT_NE(metrics.find("parley_cluster_connected 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("parley_cluster_published_total 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("parley_cluster_received_total 1\n"), std::string::npos) << metrics;
  // The one envelope a received (b's peer-joined) was timed: within 2 s on one machine.
  EXPECT_NE(metrics.find("parley_cluster_latency_seconds_count 1\n"), std::string::npos);
  EXPECT_NE(metrics.find("parley_cluster_latency_seconds_bucket{le=\"2\"} 1\n"), std::string::npos)
      << metrics;
}

TEST_F(ClusterRooms, MembersArePutBackWhenRedisReturnsEmpty) {
  auto& a = instance("a");
  auto& b = instance("b");
  auto ada = join(a, "restore", "ada");
  auto bob = join(b, "restore", "bob");
  ASSERT_TRUE(ada->next_of_type("peer-joined"));
  redis.stop();
  ASSERT_TRUE(until([&] { return !a->cluster()->connected() && !b->cluster()->connected(); }));
  redis.start();  // no persistence: empty
  const auto back = Clock::now();
  ASSERT_TRUE(until([&] { return a->cluster()->connected() && b->cluster()->connected(); }));
  EXPECT_LT(Clock::now() - back, 5s);
  // Cy, joining after, is told of both, and both hear of Cy once - wherever they are.
  json welcome;
  std::unique_ptr<WsClient> cy;
  cy = join(a, "restore", "cy", &welcome);
  auto peers = peers_in(welcome);
  std::sort(peers.begin(), peers.end());
  EXPECT_EQ(peers, (std::vector<std::string>{"ada", "bob"}));
  const auto to_bob = bob->next_of_type("peer-joined");
  ASSERT_TRUE(to_bob);
  EXPECT_EQ((*to_bob)["peerId"], "cy");
  const auto to_ada = ada->next_of_type("peer-joined");
  ASSERT_TRUE(to_ada);
  EXPECT_EQ((*to_ada)["peerId"], "cy");
  // Redis lost every instance's liveness key too; nobody is taken for dead while the
  // instances set theirs again (two heartbeats, one check each, with nobody leaving).
  EXPECT_FALSE(ada->next(4500ms)) << "a second announcement, or someone taken for dead";
}

// A parley-server process (not a thread), so that it can be killed as a crash kills it.
class ServerProcess {
 public:
  ServerProcess(const std::string& redis_url, const std::string& instance_id,
                const std::filesystem::path& web_root) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlives a test that crashed
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      execl(PARLEY_SERVER_BINARY, PARLEY_SERVER_BINARY, "--port", "0", "--redis", redis_url.c_str(),
            "--instance-id", instance_id.c_str(), "--web-root", web_root.c_str(), nullptr);
      _exit(127);
    }
    close(out[1]);
    FILE* output = fdopen(out[0], "r");
    char line[512];
    const std::regex running("running at http://127\\.0\\.0\\.1:([0-9]+)/");
    while (std::fgets(line, sizeof line, output)) {
      std::cmatch match;
      if (std::regex_search(line, match, running)) {
        port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
        break;
      }
    }
    std::fclose(output);
    if (port_ == 0) throw std::runtime_error("parley-server did not start");
  }
  ~ServerProcess() { kill_now(); }
  void kill_now() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

TEST_F(ClusterRooms, MembersOfAKilledInstanceLeaveForEveryoneElseWithinFifteenSeconds) {
  auto& a = instance("a");
  ServerProcess b(redis.url(), "b", root.path());
  ASSERT_TRUE(until([&] { return http_get(b.port(), "/readyz").body() == "ready\n"; }))
      << "not connected to Redis";
  auto ada = join(a, "crash", "ada");
  WsClient bob(b.port());
  bob.send({{"type", "join"}, {"room", "crash"}, {"peerId", "bob"}});
  ASSERT_TRUE(bob.next_of_type("welcome"));
  ASSERT_TRUE(ada->next_of_type("peer-joined"));
  b.kill_now();
  const auto killed_at = Clock::now();
  const auto left = ada->next_of_type("peer-left", 15s);
  ASSERT_TRUE(left) << "no peer-left within 15 s";
  EXPECT_EQ((*left)["peerId"], "bob");
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - killed_at);
  std::printf("peer-left %lld ms after the instance was killed\n",
              static_cast<long long>(took.count()));
  // Its seat is free again.
  auto bob_again = join(a, "crash", "bob");
}

}  // namespace
}  // namespace parley::server::testing

namespace parley::server::testing {
namespace {

TEST_F(ClusterRooms, WhileRedisIsAwayRelaysHereWorkAndFramesForOthersWaitAndArriveOnce) {
  auto& a = instance("a");
  auto& b = instance("b");
  auto ada = join(a, "outage", "ada");
  auto cy = join(a, "outage", "cy");
  auto bob = join(b, "outage", "bob");
  ASSERT_TRUE(ada->next_of_type("peer-joined"));  // cy
  ASSERT_TRUE(ada->next_of_type("peer-joined"));  // bob
  ASSERT_TRUE(cy->next_of_type("peer-joined"));   // bob
  redis.stop();
  ASSERT_TRUE(until([&] { return !a->cluster()->connected() && !b->cluster()->connected(); }));

  ada->send({{"type", "offer"}, {"target", "cy"}, {"sdp", "same-instance"}});
  const auto local = cy->next_of_type("offer");
  ASSERT_TRUE(local);
  EXPECT_EQ((*local)["sdp"], "same-instance");
  for (int i = 0; i < 3; ++i) {
    ada->send({{"type", "ice-candidate"}, {"target", "bob"}, {"candidate", {{"n", i}}}});
  }
  // Kept while Redis is away (a read that timed out would end the test's client, so this
  // is seen in the figures).
  ASSERT_TRUE(until([&] { return a->cluster()->figures().buffered_bytes > 0; }));
  EXPECT_EQ(a->cluster()->figures().dropped, 0U);

  redis.start();
  for (int i = 0; i < 3; ++i) {
    const auto candidate = bob->next_of_type("ice-candidate");
    ASSERT_TRUE(candidate) << i;
    EXPECT_EQ((*candidate)["candidate"]["n"], i);
  }
  EXPECT_TRUE(until([&] { return a->cluster()->figures().buffered_bytes == 0; }));

  // Joins work across instances again, and everyone hears of the newcomer exactly once
  // (nobody is announced again after Redis came back empty, nothing arrives twice).
  auto dee = join(b, "outage", "dee");
  for (auto* member : {ada.get(), cy.get(), bob.get()}) {
    const auto joined = member->next();
    ASSERT_TRUE(joined);
    EXPECT_EQ((*joined)["type"], "peer-joined") << *joined;
    EXPECT_EQ((*joined)["peerId"], "dee");
  }
  for (auto* member : {ada.get(), cy.get(), bob.get()}) EXPECT_FALSE(member->next(300ms));
}

TEST_F(ClusterRooms, PastTheBufferRelaysToOtherInstancesAreRefusedToTheirSender) {
  auto options_a = options_for("a");
  options_a.redis_buffer_bytes = 700;
  auto& a = instance("a", options_a);
  auto& b = instance("b");
  auto ada = join(a, "full-buffer", "ada");
  auto bob = join(b, "full-buffer", "bob");
  ASSERT_TRUE(ada->next_of_type("peer-joined"));
  redis.stop();
  ASSERT_TRUE(until([&] { return !a->cluster()->connected(); }));
  const std::string sdp(400, 's');
  ada->send({{"type", "offer"}, {"target", "bob"}, {"sdp", sdp}});        // kept
  ada->send({{"type", "offer"}, {"target", "bob"}, {"sdp", sdp + "2"}});  // does not fit
  const auto refused = ada->next_of_type("error");
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "unavailable");
  EXPECT_NE((*refused)["message"].get<std::string>().find("not delivered"), std::string::npos);
  EXPECT_EQ(a->cluster()->figures().dropped, 0U);
  // What was kept arrives once Redis is back; what was refused never does.
  redis.start();
  const auto offer = bob->next_of_type("offer");
  ASSERT_TRUE(offer);
  EXPECT_EQ((*offer)["sdp"], sdp);
  EXPECT_FALSE(bob->next(500ms));
}

}  // namespace
}  // namespace parley::server::testing

namespace parley::server::testing {
namespace {

TEST_F(ClusterRooms, ADrainingInstanceWaitsForItsMembersToResumeElsewhereAndNobodyHearsOfIt) {
  auto& a = instance("a");  // id-hold: 30 s
  auto& b = instance("b");
  json welcome;
  auto bob = join(a, "drain", "bob", &welcome);
  auto ada = join(b, "drain", "ada");
  ASSERT_TRUE(bob->next_of_type("peer-joined"));

  const auto started = Clock::now();
  std::thread draining([&] { a.stop(); });
  const auto goodbye = bob->next();
  ASSERT_TRUE(goodbye);
  EXPECT_EQ((*goodbye)["type"], "server-shutdown");
  EXPECT_EQ((*goodbye)["reconnect"], true);
  EXPECT_EQ(bob->close_code(), 1001);
  EXPECT_EQ(http_get(b->port(), "/readyz").result_int(), 200U) << "the other instance serves";

  // Bob's client comes back through the other instance with its secret: its seat moves.
  WsClient bob_on_b(b->port());
  bob_on_b.send({{"type", "join"},
                 {"room", "drain"},
                 {"peerId", "bob"},
                 {"resume", true},
                 {"resumeSecret", welcome["resumeSecret"]}});
  const auto resumed = bob_on_b.next_of_type("welcome");
  ASSERT_TRUE(resumed);
  EXPECT_EQ((*resumed)["resumed"], true);
  draining.join();
  const auto took = Clock::now() - started;
  EXPECT_LT(took, 10s) << "drained once its seat was taken, not after the 30 s hold";

  ada->send({{"type", "offer"}, {"target", "bob"}, {"sdp", "after-drain"}});
  const auto offer = bob_on_b.next_of_type("offer");
  ASSERT_TRUE(offer);
  EXPECT_EQ((*offer)["sdp"], "after-drain");
  // The whole move was silent: Ada's first frame since is Bob's answer.
  bob_on_b.send({{"type", "answer"}, {"target", "ada"}, {"sdp", "a"}});
  const auto next = ada->next();
  ASSERT_TRUE(next);
  EXPECT_EQ((*next)["type"], "answer") << *next;
}

}  // namespace
}  // namespace parley::server::testing

namespace parley::server::testing {
namespace {

// Four members over three instances: everyone is told of everyone once, and every pair can
// reach each other both ways, wherever each is connected.
TEST_F(ClusterRooms, AFourPersonMeshOverThreeInstances) {
  auto& a = instance("a");
  auto& b = instance("b");
  auto& c = instance("c");
  const std::vector<std::pair<RunningServer*, std::string>> seats = {
      {&a, "ann"}, {&b, "ben"}, {&c, "cat"}, {&a, "dan"}};
  std::vector<std::unique_ptr<WsClient>> people;
  for (std::size_t i = 0; i < seats.size(); ++i) {
    json welcome;
    people.push_back(join(*seats[i].first, "mesh", seats[i].second, &welcome));
    EXPECT_EQ(welcome["peers"].size(), i) << seats[i].second;
  }
  // Each hears of those who came after it, once. (In what order depends on which instance
  // each newcomer is on: order is kept per sender, not across instances.)
  for (std::size_t i = 0; i < seats.size(); ++i) {
    std::vector<std::string> heard;
    std::vector<std::string> later;
    for (std::size_t after = i + 1; after < seats.size(); ++after) {
      const auto joined = people[i]->next();
      ASSERT_TRUE(joined);
      EXPECT_EQ((*joined)["type"], "peer-joined");
      heard.push_back((*joined)["peerId"]);
      later.push_back(seats[after].second);
    }
    std::sort(heard.begin(), heard.end());
    std::sort(later.begin(), later.end());
    EXPECT_EQ(heard, later) << seats[i].second;
  }
  // Every ordered pair: an offer from one reaches the other with the right "from".
  for (std::size_t from = 0; from < seats.size(); ++from) {
    for (std::size_t to = 0; to < seats.size(); ++to) {
      if (from == to) continue;
      people[from]->send({{"type", "offer"},
                          {"target", seats[to].second},
                          {"sdp", seats[from].second + ">" + seats[to].second}});
    }
  }
  for (std::size_t to = 0; to < seats.size(); ++to) {
    std::vector<std::string> got;
    for (std::size_t n = 0; n + 1 < seats.size(); ++n) {
      const auto offer = people[to]->next();
      ASSERT_TRUE(offer) << seats[to].second;
      ASSERT_EQ((*offer)["type"], "offer") << *offer;
      EXPECT_EQ((*offer)["sdp"], (*offer)["from"].get<std::string>() + ">" + seats[to].second);
      got.push_back((*offer)["from"]);
    }
    std::sort(got.begin(), got.end());
    std::vector<std::string> expected;
    for (const auto& [server, name] : seats) {
      if (name != seats[to].second) expected.push_back(name);
    }
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(got, expected) << seats[to].second;
  }
  // Cat (alone on c) leaves: the three others, on a, b and a, hear it once.
  people[2]->send({{"type", "leave"}});
  for (const std::size_t i : {0U, 1U, 3U}) {
    const auto left = people[i]->next();
    ASSERT_TRUE(left);
    EXPECT_EQ((*left)["type"], "peer-left");
    EXPECT_EQ((*left)["peerId"], "cat");
  }
}

}  // namespace
}  // namespace parley::server::testing

namespace parley::server::testing {
namespace {

// Instance a lived while the others judged it dead (frozen past its liveness key): they
// took Ada out of Redis and told the room she left, and marked a as reaped. a's next
// heartbeat finds the mark: it tells Ada's client to reconnect, and she joins again as a
// newcomer (her resume secret matches nothing), which Bob hears as a peer-joined.
// The reaper's two steps are made here with redis-cli (ClusterBus covers them).
TEST_F(ClusterRooms, AMemberReapedWhileItsInstanceLivedIsToldToReconnectAndJoinsAgain) {
  auto& a = instance("a");
  auto& b = instance("b");
  json welcome;
  auto ada = join(a, "frozen", "ada", &welcome);
  auto bob = join(b, "frozen", "bob");
  ASSERT_TRUE(ada->next_of_type("peer-joined"));
  const std::string port = redis.url().substr(redis.url().rfind(':') + 1);
  const auto redis_cli = [&](const std::string& command) {
    return std::system(("redis-cli -p " + port + " " + command + " > /dev/null").c_str());
  };
  ASSERT_EQ(redis_cli("HDEL 'parley:{frozen}:members' ada"), 0);
  ASSERT_EQ(redis_cli("SET parley:reaped:" + a->cluster()->node() + " 1"), 0);

  const auto goodbye = ada->next(5s);
  ASSERT_TRUE(goodbye) << "a kept Ada's seat";
  EXPECT_EQ((*goodbye)["type"], "server-shutdown");
  EXPECT_EQ(ada->close_code(), 1012);
  EXPECT_EQ(a->cluster()->figures().evicted, 1U);

  WsClient ada_again(a->port());
  ada_again.send({{"type", "join"},
                  {"room", "frozen"},
                  {"peerId", "ada"},
                  {"resume", true},
                  {"resumeSecret", welcome["resumeSecret"]}});
  const auto back = ada_again.next_of_type("welcome");
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->value("resumed", false));
  EXPECT_EQ(peers_in(*back), std::vector<std::string>{"bob"});
  const auto joined = bob->next_of_type("peer-joined");
  ASSERT_TRUE(joined);
  EXPECT_EQ((*joined)["peerId"], "ada");
}

}  // namespace
}  // namespace parley::server::testing
