// The cluster's bus protocol (RedisRooms) step by step against a fake Redis
// (fake_redis.h): what each instance publishes, what it delivers, and what it does when
// Redis or one connection fails at an exact point. cluster_rooms_test.cpp runs whole
// servers against a real redis-server.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/protocol/server_message.h"
#include "fake_redis.h"
#include "server/cluster/bus_envelope.h"
#include "server/cluster/redis_rooms.h"

namespace parley::server::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Instance {
  std::unique_ptr<RedisRooms> rooms;
  std::vector<RoomDelivery> delivered;  // what it handed its own members
  std::vector<std::string> replaced;    // peers whose seats moved away from it
  std::vector<std::string> evicted;     // its peers the others took out while it lived
  std::set<std::string> unreachable;    // its members whose connection is lost (away)
  // The frames delivered to `peer` (to it alone, or to the room except someone else).
  std::vector<std::string> frames_for(const std::string& peer) const {
    std::vector<std::string> frames;
    for (const auto& delivery : delivered) {
      const bool to_it =
          delivery.to_peer ? *delivery.to_peer == peer : delivery.except_peer != peer;
      if (to_it) frames.push_back(*delivery.frame);
    }
    return frames;
  }
};

class ClusterBus : public ::testing::Test {
 protected:
  // Declared first: outlives every instance (their connections are its).
  boost::asio::io_context io;
  FakeRedis redis{io};
  std::map<std::string, Instance> instances;

  Instance& start(const std::string& name, RedisRooms::Settings settings = {}) {
    settings.instance_id = name;
    auto& instance = instances[name];
    instance.rooms = std::make_unique<RedisRooms>(io, settings, redis.factory());
    instance.rooms->subscribe([&instance](const RoomDelivery& delivery) {
      // As the hub answers: a delivery to an away member reaches no connection.
      if (delivery.to_peer && instance.unreachable.count(*delivery.to_peer)) return false;
      instance.delivered.push_back(delivery);
      return true;
    });
    instance.rooms->on_replaced([&instance](const std::string&, const std::string& peer) {
      instance.replaced.push_back(peer);
    });
    instance.rooms->on_evicted([&instance](const std::string&, const std::string& peer) {
      instance.evicted.push_back(peer);
    });
    instance.rooms->start();
    settle();
    EXPECT_TRUE(instance.rooms->connected()) << name;
    return instance;
  }

  // Runs everything that is ready now (no timer that is not due).
  void settle() {
    for (int round = 0; round < 10'000; ++round) {
      if (io.stopped()) io.restart();
      if (io.poll() == 0) return;
    }
    FAIL() << "the event loop never went quiet";
  }

  // Runs the loop (timers too) until `condition` holds, at most `limit`.
  bool until(const std::function<bool()>& condition, std::chrono::milliseconds limit = 3s) {
    const auto deadline = Clock::now() + limit;
    while (!condition()) {
      if (Clock::now() >= deadline) return false;
      if (io.stopped()) io.restart();
      io.run_one_for(10ms);
    }
    return true;
  }

  // Runs the loop (timers too) for `how_long`: for what must still not have happened then.
  void keep_running(std::chrono::milliseconds how_long) {
    if (io.stopped()) io.restart();
    io.run_for(how_long);
  }

  Admission admit(Instance& instance, const std::string& room, const std::string& peer,
                  std::size_t capacity = 8, std::optional<std::string> presented = std::nullopt) {
    std::optional<Admission> result;
    instance.rooms->admit({.room = room,
                           .self = {peer, "Name of " + peer},
                           .capacity = capacity,
                           .presented_secret = std::move(presented),
                           .issued_secret = "secret-of-" + peer},
                          [&](Admission admission) { result = std::move(admission); });
    EXPECT_FALSE(result) << "admit() answered from inside the call";
    settle();
    EXPECT_TRUE(result) << "admit() never answered";
    return result.value_or(Admission{});
  }

  // Admitted, then announced to the room as the hub does (which is how the other
  // instances learn where the newcomer is connected); the announcements are then
  // forgotten, so a test sees only what it does itself.
  void join(Instance& instance, const std::string& room, const std::string& peer) {
    ASSERT_FALSE(admit(instance, room, peer).error);
    instance.rooms->publish({room, std::nullopt, peer,
                             std::make_shared<const std::string>(
                                 protocol::peer_joined_message({peer, "Name of " + peer})),
                             MembershipChange::kJoined});
    settle();
    for (auto& [name, each] : instances) each.delivered.clear();
  }

  // Two instances, "a" and "b", with alice on a and bob on b in "room".
  std::pair<Instance&, Instance&> alice_on_a_and_bob_on_b(RedisRooms::Settings for_a = {}) {
    auto& a = start("a", for_a);
    auto& b = start("b");
    join(a, "room", "alice");
    join(b, "room", "bob");
    return {a, b};
  }

  // A relay as the hub publishes it: to one peer, from one.
  static void relay(Instance& from, const std::string& room, const std::string& to,
                    const std::string& frame, const std::string& sender = "alice") {
    from.rooms->publish({room, to, std::nullopt, std::make_shared<const std::string>(frame),
                         MembershipChange::kNone, sender});
  }
  static std::string channel_of(const Instance& instance) {
    return "parley:to:" + instance.rooms->node();
  }
};

TEST_F(ClusterBus, ARelayCrossesAsOnePublishToTheTargetsInstance) {
  auto& a = start("a");
  auto& b = start("b");
  join(a, "standup", "alice");
  join(b, "standup", "bob");
  const auto to_a_before = redis.published_to(channel_of(a)).size();  // bob's announcement

  relay(a, "standup", "bob", R"({"type":"offer","from":"alice","sdp":"v=0"})");
  settle();

  const auto sent = redis.published_to(channel_of(b));
  ASSERT_EQ(sent.size(), 1u);
  const auto envelope = decode_envelope(sent[0]);
  ASSERT_TRUE(envelope);
  EXPECT_EQ(envelope->from_node, a.rooms->node());
  EXPECT_EQ(envelope->to_peer, "bob");
  EXPECT_GT(envelope->sent_at_us, 0);
  EXPECT_EQ(b.frames_for("bob"),
            std::vector<std::string>{R"({"type":"offer","from":"alice","sdp":"v=0"})"});
  EXPECT_TRUE(a.delivered.empty()) << "a relay to a remote member is not delivered locally too";
  EXPECT_EQ(redis.published_to(channel_of(a)).size(), to_a_before);
  EXPECT_EQ(b.rooms->figures().received, 1u);
  EXPECT_EQ(b.rooms->figures().latency_count, 1u);
}

TEST_F(ClusterBus, ARelayForAMemberAwayOnItsInstanceComesBackToItsSenderAsUnknownTarget) {
  auto [a, b] = alice_on_a_and_bob_on_b();
  b.unreachable.insert("bob");  // his connection was lost; b holds his seat
  relay(a, "room", "bob", R"({"type":"offer","from":"alice"})");
  settle();
  EXPECT_TRUE(b.frames_for("bob").empty());
  const auto told = a.frames_for("alice");
  ASSERT_EQ(told.size(), 1u) << "the sender heard nothing of its lost relay";
  const auto error = nlohmann::json::parse(told[0]);
  EXPECT_EQ(error["type"], "error");
  EXPECT_EQ(error["code"], "unknown-target");
  EXPECT_NE(error["message"].get<std::string>().find("bob"), std::string::npos);
  // Bob is back: relays reach him again, and nothing more comes back to Alice.
  b.unreachable.clear();
  relay(a, "room", "bob", R"({"type":"offer","from":"alice"})");
  settle();
  EXPECT_EQ(b.frames_for("bob").size(), 1u);
  EXPECT_EQ(a.frames_for("alice").size(), 1u);
}

TEST_F(ClusterBus, CapacityAndPeerIdsHoldAcrossInstances) {
  auto& a = start("a");
  auto& b = start("b");
  EXPECT_FALSE(admit(a, "pair", "alice", 2).error);
  const auto bob = admit(b, "pair", "bob", 2);
  ASSERT_FALSE(bob.error);
  ASSERT_EQ(bob.others.size(), 1u);
  EXPECT_EQ(bob.others[0].peer_id, "alice");

  const auto third = admit(a, "pair", "carol", 2);
  ASSERT_TRUE(third.error);
  EXPECT_EQ(third.error->code, protocol::ErrorCode::kRoomFull);
  const auto twin = admit(a, "pair", "bob", 3);  // bob's id, without bob's secret
  ASSERT_TRUE(twin.error);
  EXPECT_EQ(twin.error->code, protocol::ErrorCode::kIdTaken);
  const auto guess = admit(a, "pair", "bob", 3, "not-bobs-secret");
  ASSERT_TRUE(guess.error);
  EXPECT_EQ(guess.error->code, protocol::ErrorCode::kIdTaken);
  EXPECT_EQ(redis.members("pair").size(), 2u);
  EXPECT_FALSE(a.rooms->has_remote_member("pair", "carol"));
}

TEST_F(ClusterBus, AResumeOnAnotherInstanceMovesTheSeatWithoutATrace) {
  auto& a = start("a");
  auto& b = start("b");
  auto& c = start("c");
  join(a, "room", "alice");
  join(b, "room", "bob");
  join(c, "room", "carol");

  // bob's socket was on b; it comes back through c with its secret.
  const auto resumed = admit(c, "room", "bob", 8, "secret-of-bob");
  ASSERT_FALSE(resumed.error);
  EXPECT_TRUE(resumed.resumed);
  settle();

  EXPECT_EQ(b.replaced, std::vector<std::string>{"bob"}) << "b forgets its seat, silently";
  EXPECT_TRUE(a.replaced.empty());
  EXPECT_TRUE(a.delivered.empty()) << "nobody hears of a resume";
  EXPECT_TRUE(b.delivered.empty());
  // a now sends bob's relays to c, and nothing to b.
  relay(a, "room", "bob", "after the move");
  settle();
  EXPECT_EQ(c.frames_for("bob"), std::vector<std::string>{"after the move"});
  EXPECT_TRUE(b.frames_for("bob").empty());
  const auto record = nlohmann::json::parse(redis.members("room").at("bob"));
  EXPECT_EQ(record.at("i"), c.rooms->node());
  EXPECT_EQ(record.at("o"), 2) << "a resumed member keeps its place in the join order";
}

TEST_F(ClusterBus, PeerJoinedReachesOnlyMembersWhoJoinedEarlier) {
  auto& a = start("a");
  auto& b = start("b");
  const auto announce = [](Instance& instance, const std::string& peer) {
    instance.rooms->publish({"room", std::nullopt, peer,
                             std::make_shared<const std::string>(
                                 protocol::peer_joined_message({peer, "Name of " + peer})),
                             MembershipChange::kJoined});
  };
  admit(a, "room", "alice");  // order 1
  admit(b, "room", "bob");    // order 2: alice is in bob's welcome
  announce(b, "bob");         // alice hears of bob; a learns bob is on b
  settle();
  b.delivered.clear();  // (frames_for() would count bob's announcement as one for carol)
  // alice's own announcement comes late (it raced bob's join): bob is not told again.
  announce(a, "alice");
  admit(b, "room", "carol");  // order 3
  announce(b, "carol");       // alice (on a) and bob (on b) hear of carol; carol does not
  settle();

  const auto names_in = [](const std::vector<std::string>& frames) {
    std::vector<std::string> names;
    for (const auto& frame : frames) {
      names.push_back(nlohmann::json::parse(frame).at("peerId").get<std::string>());
    }
    return names;
  };
  EXPECT_EQ(names_in(a.frames_for("alice")), (std::vector<std::string>{"bob", "carol"}));
  EXPECT_EQ(names_in(b.frames_for("bob")), std::vector<std::string>{"carol"})
      << "bob had alice in his welcome";
  EXPECT_TRUE(b.frames_for("carol").empty());
}

// Redis answers a's join late; meanwhile bob joins through b, which announces him (alice
// is in his welcome) and sends alice an offer. a takes both after alice's welcome.
TEST_F(ClusterBus, WhatArrivesForAJoinStillAwaitingRedisIsTakenAfterIt) {
  auto& a = start("a");
  auto& b = start("b");
  std::optional<Admission> alice;
  bool delivered_before_admission = false;
  a.rooms->subscribe([&](const RoomDelivery& delivery) {
    delivered_before_admission = delivered_before_admission || !alice;
    a.delivered.push_back(delivery);
    return true;
  });
  redis.hold_replies(a.rooms->node() + ":commands");
  a.rooms->admit({.room = "room",
                  .self = {"alice", "Alice"},
                  .capacity = 8,
                  .presented_secret = std::nullopt,
                  .issued_secret = "secret-of-alice"},
                 [&](Admission admission) { alice = std::move(admission); });
  settle();
  join(b, "room", "bob");
  relay(b, "room", "alice", "offer from bob");
  settle();
  EXPECT_FALSE(alice);
  EXPECT_TRUE(a.delivered.empty());

  redis.release_replies(a.rooms->node() + ":commands");
  settle();
  ASSERT_TRUE(alice && !alice->error);
  EXPECT_TRUE(alice->others.empty()) << "Redis ran alice's join first";
  ASSERT_EQ(a.frames_for("alice").size(), 2u) << "bob's announcement and offer";
  EXPECT_NE(a.frames_for("alice")[0].find("peer-joined"), std::string::npos);
  EXPECT_EQ(a.frames_for("alice")[1], "offer from bob");
  EXPECT_FALSE(delivered_before_admission);
}

// An envelope waits only for the joins pending when it came: joins that keep coming (a
// client retrying, a crowd arriving) do not hold a room's relays back for ever.
TEST_F(ClusterBus, AnEnvelopeWaitsOnlyForTheJoinsPendingWhenItCame) {
  auto [a, b] = alice_on_a_and_bob_on_b();
  const auto commands_of_a = a.rooms->node() + ":commands";
  std::optional<Admission> first, second;
  std::optional<bool> second_answered_when_delivered;
  a.rooms->subscribe([&](const RoomDelivery& delivery) {
    if (*delivery.frame == "for alice") second_answered_when_delivered = second.has_value();
    a.delivered.push_back(delivery);
    return true;
  });
  const auto admit_later = [&](const std::string& peer, std::optional<Admission>& into) {
    a.rooms->admit({.room = "room",
                    .self = {peer, peer},
                    .capacity = 8,
                    .presented_secret = std::nullopt,
                    .issued_secret = "secret-of-" + peer},
                   [&into](Admission admission) { into = std::move(admission); });
  };
  redis.hold_replies(commands_of_a);
  admit_later("carol", first);
  settle();
  relay(b, "room", "alice", "for alice");  // arrives while carol's join is pending
  settle();
  admit_later("dave", second);  // pending too, but came after the relay
  settle();
  EXPECT_TRUE(a.delivered.empty());

  redis.release_replies(commands_of_a);
  settle();
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(second_answered_when_delivered.has_value()) << "the relay never arrived";
  EXPECT_FALSE(*second_answered_when_delivered) << "the relay waited for dave's join too";
}

TEST_F(ClusterBus, RelaysWhileRedisIsAwayArriveOnceAndInOrderWhenItReturns) {
  auto [a, b] = alice_on_a_and_bob_on_b();

  redis.go_away();
  settle();
  EXPECT_FALSE(a.rooms->connected());
  for (int i = 0; i < 5; ++i) relay(a, "room", "bob", "candidate " + std::to_string(i));
  relay(a, "room", "alice", "local, while Redis is away");  // within a: unaffected
  settle();
  EXPECT_TRUE(b.delivered.empty());
  EXPECT_EQ(a.frames_for("alice"), std::vector<std::string>{"local, while Redis is away"});
  EXPECT_GT(a.rooms->figures().buffered_bytes, 0u);

  redis.come_back(/*empty=*/false);
  ASSERT_TRUE(until([&] { return b.frames_for("bob").size() >= 5; }));
  settle();
  EXPECT_EQ(b.frames_for("bob"),
            (std::vector<std::string>{"candidate 0", "candidate 1", "candidate 2", "candidate 3",
                                      "candidate 4"}));
  EXPECT_EQ(a.rooms->figures().buffered_bytes, 0u);
  EXPECT_EQ(a.rooms->figures().dropped, 0u);
}

TEST_F(ClusterBus, RedisBackEmptyGetsEveryMemberBackWithNothingAnnounced) {
  auto [a, b] = alice_on_a_and_bob_on_b();
  const auto before = redis.members("room");

  redis.go_away();
  settle();
  redis.come_back(/*empty=*/true);
  settle();

  EXPECT_EQ(redis.members("room"), before) << "each instance put its own members back";
  EXPECT_TRUE(a.delivered.empty() && b.delivered.empty()) << "nobody heard a join or a leave";
  // The join counter came back too: a newcomer is third, and is told about alice and bob.
  const auto carol = admit(a, "room", "carol");
  ASSERT_FALSE(carol.error);
  EXPECT_EQ(carol.others.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(redis.members("room").at("carol")).at("o"), 3);
}

TEST_F(ClusterBus, ALeaveWhileRedisIsAwayReachesRedisWhenItReturns) {
  auto [a, b] = alice_on_a_and_bob_on_b();

  redis.go_away();
  settle();
  a.rooms->publish({"room", std::nullopt, "alice",
                    std::make_shared<const std::string>(protocol::peer_left_message("alice")),
                    MembershipChange::kLeft});
  settle();
  redis.come_back(/*empty=*/false);
  ASSERT_TRUE(until([&] { return !b.frames_for("bob").empty(); }));
  settle();

  EXPECT_EQ(redis.members("room").count("alice"), 0u);
  ASSERT_EQ(b.frames_for("bob").size(), 1u) << "bob hears alice left, once";
  EXPECT_NE(b.frames_for("bob")[0].find("peer-left"), std::string::npos);
}

// Bob's connection is lost while Redis is unreachable (not emptied: a partition): b can
// mark him away only once Redis is back, and must, or his token-bound return through
// another instance is refused id-taken until b's hold runs out.
TEST_F(ClusterBus, AMemberWhoGoesAwayWhileRedisIsUnreachableIsMarkedAwayWhenItReturns) {
  auto [a, b] = alice_on_a_and_bob_on_b();
  redis.go_away();
  settle();
  b.unreachable.insert("bob");
  b.rooms->mark_away("room", "bob");
  redis.come_back(/*empty=*/false);
  ASSERT_TRUE(until([&] { return b.rooms->connected(); }));
  settle();
  EXPECT_EQ(nlohmann::json::parse(redis.members("room").at("bob")).value("a", 0), 1)
      << "Redis never heard bob is away";
  std::optional<Admission> claim;
  a.rooms->admit({.room = "room",
                  .self = {"bob", "Bob again"},
                  .capacity = 8,
                  .presented_secret = std::nullopt,
                  .issued_secret = "new-secret-of-bob",
                  .id_proven_by_token = true},
                 [&](Admission admission) { claim = std::move(admission); });
  settle();
  ASSERT_TRUE(claim);
  EXPECT_FALSE(claim->error) << "the held seat was not claimable";
  EXPECT_TRUE(claim->claimed);
}

TEST_F(ClusterBus, AFullBufferRefusesRemoteSendsAndCountsWhatItDropped) {
  auto [a, b] = alice_on_a_and_bob_on_b({.buffer_bytes = 1000});

  redis.go_away();
  settle();
  const std::string big(600, 'x');
  EXPECT_TRUE(a.rooms->can_send_remote(big.size()));
  relay(a, "room", "bob", big);
  EXPECT_FALSE(a.rooms->can_send_remote(big.size())) << "the hub refuses the next one";
  relay(a, "room", "bob", big);  // sent anyway: dropped, never buffered past the bound
  EXPECT_LE(a.rooms->figures().buffered_bytes, 1000u);
  EXPECT_EQ(a.rooms->figures().dropped, 1u);

  redis.come_back(false);
  ASSERT_TRUE(until([&] { return !b.frames_for("bob").empty(); }));
  settle();
  EXPECT_EQ(b.frames_for("bob").size(), 1u);
}

TEST_F(ClusterBus, APublishNobodyHearsWaitsUntilTheTargetListensAgain) {
  auto [a, b] = alice_on_a_and_bob_on_b();

  // b's subscriber connection drops; relays meanwhile reach no subscriber (PUBLISH says 0).
  redis.drop_connections(b.rooms->node() + ":bus");
  relay(a, "room", "bob", "first");
  relay(a, "room", "bob", "second");
  ASSERT_TRUE(until([&] { return b.frames_for("bob").size() >= 2; }));
  settle();
  EXPECT_EQ(b.frames_for("bob"), (std::vector<std::string>{"first", "second"}));
  EXPECT_GE(redis.published_to(channel_of(b)).size(), 3u) << "the first one was sent again";
}

TEST_F(ClusterBus, APublishWhoseReplyIsLostIsNotSentAgain) {
  auto [a, b] = alice_on_a_and_bob_on_b();

  relay(a, "room", "bob", "maybe delivered");             // Redis runs it...
  redis.drop_connections(a.rooms->node() + ":commands");  // ...and its reply is lost
  settle();
  ASSERT_TRUE(until([&] { return a.rooms->connected(); }));
  settle();

  EXPECT_EQ(b.frames_for("bob"), std::vector<std::string>{"maybe delivered"});
  EXPECT_EQ(redis.published_to(channel_of(b)).size(), 1u)
      << "a frame twice is worse than one lost: it is not sent again";
  EXPECT_EQ(a.rooms->figures().dropped, 1u) << "counted as possibly lost";
}

TEST_F(ClusterBus, MalformedEnvelopesAreCountedAndDeliverNothing) {
  auto [a, b] = alice_on_a_and_bob_on_b();
  const std::string channel = channel_of(b);
  BusEnvelope valid;
  valid.from_node = a.rooms->node();
  valid.room = "room";
  valid.to_peer = "bob";
  valid.frame = "ok";
  const auto with = [&](const std::function<void(nlohmann::json&)>& change) {
    const auto encoded = encode_envelope(valid);  // a JSON header, a newline, the frame
    auto header = nlohmann::json::parse(encoded.substr(0, encoded.find('\n')));
    change(header);
    return header.dump() + encoded.substr(encoded.find('\n'));
  };

  for (const std::string& bad : {
           std::string("not json"),
           std::string("[1,2,3]"),
           with([](auto& j) { j["v"] = 1; }),
           with([](auto& j) { j["kind"] = "explode"; }),
           with([](auto& j) { j["room"] = "no spaces allowed"; }),
           with([](auto& j) { j["to"] = std::string(500, 'p'); }),
           with([](auto& j) { j["node"] = "bad node!"; }),
           with([](auto& j) { j["frame"] = 42; }),
           with([](auto& j) { j["t"] = -5; }),
           with([](auto& j) { j["change"] = "teleported"; }),
       }) {
    redis.publish(channel, bad);
  }
  redis.publish(channel, encode_envelope(valid));
  settle();

  EXPECT_EQ(b.rooms->figures().malformed, 10u);
  EXPECT_EQ(b.frames_for("bob"), std::vector<std::string>{"ok"}) << "only the valid one";
  EXPECT_TRUE(b.rooms->connected()) << "bad envelopes do not break the instance";
}

// Redis away for longer than a liveness key lasts (the issue's 15 s against a 10 s TTL,
// scaled down), then back empty, with b reconnecting a little after a: nobody is taken for
// dead (a gives every instance a liveness period to announce itself again), nobody hears a
// join or a leave, every member is back in Redis, and what was sent meanwhile arrives once.
TEST_F(ClusterBus, AnOutageLongerThanALivenessKeyThenAnEmptyRedisLosesNobody) {
  const RedisRooms::Settings quick{.heartbeat = 50ms, .node_ttl = 300ms};
  auto& a = start("a", quick);
  auto& b = start("b", quick);
  join(a, "room", "alice");
  join(b, "room", "bob");
  const auto before = redis.members("room");

  redis.go_away();
  relay(a, "room", "bob", "during the outage");
  keep_running(900ms);  // three liveness periods
  redis.keep_away(b.rooms->node());
  redis.come_back(/*empty=*/true);
  ASSERT_TRUE(until([&] { return a.rooms->connected(); }));
  keep_running(150ms);  // a's heartbeats run; b's liveness key is not there
  redis.let_connect(b.rooms->node());
  ASSERT_TRUE(until([&] { return b.rooms->connected(); }));
  ASSERT_TRUE(until([&] { return !b.frames_for("bob").empty(); }));
  keep_running(900ms);  // past the grace after reconnecting: any reaping would be done

  EXPECT_EQ(redis.members("room"), before);
  EXPECT_EQ(b.frames_for("bob"), std::vector<std::string>{"during the outage"});
  EXPECT_TRUE(a.delivered.empty()) << "alice heard a join or a leave";
  EXPECT_EQ(a.rooms->figures().reaped + b.rooms->figures().reaped, 0u);
  EXPECT_TRUE(a.rooms->has_remote_member("room", "bob"));
  EXPECT_TRUE(b.rooms->has_remote_member("room", "alice"));
}

TEST_F(ClusterBus, AStoppedInstanceIsReapedOnceAndItsMembersLeaveForEveryone) {
  const RedisRooms::Settings quick{.heartbeat = 50ms, .node_ttl = 300ms};
  auto& a = start("a", quick);
  auto& b = start("b", quick);
  auto& c = start("c", quick);
  join(a, "room", "alice");
  join(b, "room", "bob");
  join(c, "room", "carol");
  const std::string node_a = a.rooms->node();

  a.rooms.reset();  // killed: no goodbye
  redis.expire("parley:node:" + node_a);
  const auto told = [&](const Instance& instance, const std::string& peer) {
    std::size_t count = 0;
    for (const auto& frame : instance.frames_for(peer)) {
      if (frame.find("peer-left") != std::string::npos &&
          frame.find("\"alice\"") != std::string::npos)
        ++count;
    }
    return count;
  };
  ASSERT_TRUE(until([&] { return told(b, "bob") > 0 && told(c, "carol") > 0; }));
  // Both b and c found a dead; only one of them took alice out and told the room. Both
  // check again at every heartbeat: give them ten more.
  keep_running(500ms);
  EXPECT_EQ(told(b, "bob"), 1u);
  EXPECT_EQ(told(c, "carol"), 1u);
  EXPECT_EQ(b.rooms->figures().reaped + c.rooms->figures().reaped, 1u);
  EXPECT_EQ(redis.members("room").count("alice"), 0u);
  EXPECT_FALSE(b.rooms->has_remote_member("room", "alice"));
}

}  // namespace
}  // namespace parley::server::testing

namespace parley::server::testing {
namespace {

// Instance a lives but its liveness key expired (it was frozen past it): b reaps alice
// and tells the room she left. When a finds out, it must not keep (or, after a
// reconnect, restore) her seat: the room would hold a member that nobody else knows.
// It evicts her - her client reconnects and joins as a newcomer.
TEST_F(ClusterBus, AMemberReapedWhileItsInstanceLivedIsEvictedThereNotRestored) {
  // a's next heartbeat is 2 s away; b looks every 50 ms once its 300 ms grace is over.
  auto& a = start("a", {.heartbeat = 2000ms, .node_ttl = 300ms});
  auto& b = start("b", {.heartbeat = 50ms, .node_ttl = 300ms});
  join(a, "room", "alice");
  join(b, "room", "bob");
  redis.expire("parley:node:" + a.rooms->node());
  ASSERT_TRUE(until([&] { return !b.frames_for("bob").empty(); }, 3s)) << "alice never reaped";
  ASSERT_EQ(b.frames_for("bob").size(), 1u);
  EXPECT_NE(b.frames_for("bob")[0].find("peer-left"), std::string::npos);
  EXPECT_EQ(redis.members("room").count("alice"), 0u);

  ASSERT_TRUE(until([&] { return !a.evicted.empty(); }, 5s)) << "a kept alice's seat";
  EXPECT_EQ(a.evicted, std::vector<std::string>{"alice"});
  EXPECT_EQ(a.rooms->figures().evicted, 1u);
  EXPECT_TRUE(a.delivered.empty()) << "bob is not told twice, nor alice of herself";
  settle();
  EXPECT_FALSE(redis.has_key("parley:reaped:" + a.rooms->node())) << "the mark is taken once";
  // A reconnect to Redis later puts nothing back.
  redis.go_away();
  settle();
  redis.come_back(/*empty=*/false);
  ASSERT_TRUE(until([&] { return a.rooms->connected(); }));
  settle();
  EXPECT_EQ(redis.members("room").count("alice"), 0u);
  // Her client joins again through a, as a newcomer.
  const auto again = admit(a, "room", "alice", 8, "secret-of-alice");
  ASSERT_FALSE(again.error);
  EXPECT_FALSE(again.resumed);
}

// The same, found on reconnecting: a's Redis connection was lost meanwhile.
TEST_F(ClusterBus, AReapedInstanceThatReconnectsEvictsInsteadOfRestoring) {
  auto& a = start("a", {.heartbeat = 2000ms, .node_ttl = 300ms});
  auto& b = start("b", {.heartbeat = 50ms, .node_ttl = 300ms});
  join(a, "room", "alice");
  join(b, "room", "bob");
  redis.keep_away(a.rooms->node());
  redis.drop_connections(a.rooms->node());
  redis.expire("parley:node:" + a.rooms->node());
  ASSERT_TRUE(until([&] { return !b.frames_for("bob").empty(); }, 3s)) << "alice never reaped";
  redis.let_connect(a.rooms->node());
  ASSERT_TRUE(until([&] { return !a.evicted.empty(); }, 3s)) << "a kept alice's seat";
  settle();
  EXPECT_EQ(redis.members("room").count("alice"), 0u) << "a restored a reaped member";
  EXPECT_EQ(b.frames_for("bob").size(), 1u);
}

}  // namespace
}  // namespace parley::server::testing
