#include "core/call/connection_rehearsal.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "../../fakes/fake_files.h"
#include "../../fakes/fake_peer_connection.h"
#include "../../fakes/fake_scheduler.h"

namespace parley::call {
namespace {
using namespace std::chrono_literals;
using fakes::FakePeerConnection;
using ports::IceConnectionState;

class ConnectionRehearsalTest : public ::testing::Test {
 protected:
  void start() {
    rehearsal = std::make_unique<ConnectionRehearsal>(connections.factory(), scheduler, hasher, 3s,
                                                      [this](bool ok) { outcome = ok; });
  }
  // Lets every message and browser answer that is due happen.
  void settle() {
    for (int i = 0; i < 20; ++i) scheduler.advance(0ms);
  }
  // The browser's side of the connection coming up: ICE connected on both ends, and the
  // channels of each label joined end to end and open.
  void connect() {
    ASSERT_EQ(connections.records.size(), 2u);
    auto& one = *connections.records[0];
    auto& other = *connections.records[1];
    for (const char* label : {"parley-chat", "parley-files"}) {
      auto a = one.channel(label);
      auto b = other.channel(label);
      ASSERT_NE(a, nullptr) << label;
      ASSERT_NE(b, nullptr) << label;
      fakes::join(a, b);
      a->scheduler = b->scheduler = &scheduler;
      a->open();
      b->open();
    }
    one.handlers.on_ice_connection_state_change(IceConnectionState::kConnected);
    other.handlers.on_ice_connection_state_change(IceConnectionState::kConnected);
  }

  fakes::FakeScheduler scheduler;
  fakes::FakePeerConnectionFactory connections{scheduler};
  fakes::FakeHasher hasher{scheduler};
  std::unique_ptr<ConnectionRehearsal> rehearsal;
  std::optional<bool> outcome;
};

TEST_F(ConnectionRehearsalTest, TwoCallsJoinNegotiateAndFinishOnceConnectedWithChatUp) {
  start();
  settle();  // joins, welcome, peer-joined, offer, answer: through the in-memory room
  ASSERT_EQ(connections.records.size(), 2u) << "one connection per Call";
  auto& offering = *connections.records[0];
  auto& answering = *connections.records[1];
  EXPECT_TRUE(offering.offering) << "the first to join offers to the second";
  EXPECT_EQ(offering.offers_made, 1);
  EXPECT_EQ(answering.answers_made, 1);
  EXPECT_FALSE(outcome);

  connect();
  scheduler.advance(50ms);  // the chat links' hello, and a check
  ASSERT_TRUE(outcome.has_value());
  EXPECT_TRUE(*outcome);
  EXPECT_TRUE(offering.closed) << "both Calls left before it reported";
  EXPECT_TRUE(answering.closed);
}

TEST_F(ConnectionRehearsalTest, GivesUpAfterItsLimitAndLeaves) {
  start();
  settle();
  scheduler.advance(2900ms);
  EXPECT_FALSE(outcome);
  scheduler.advance(200ms);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(*outcome);
  ASSERT_FALSE(connections.records.empty());
  for (const auto& pc : connections.records) EXPECT_TRUE(pc->closed);
}

TEST_F(ConnectionRehearsalTest, DestroyedMidwayClosesItsConnectionsAndSaysNothing) {
  start();
  settle();
  rehearsal.reset();
  scheduler.advance(5s);
  EXPECT_FALSE(outcome);
  ASSERT_FALSE(connections.records.empty());
  for (const auto& pc : connections.records) EXPECT_TRUE(pc->closed);
}

}  // namespace
}  // namespace parley::call
