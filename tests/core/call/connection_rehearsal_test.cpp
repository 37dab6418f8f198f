#include "core/call/connection_rehearsal.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "../../fakes/fake_peer_connection.h"
#include "../../fakes/fake_scheduler.h"
#include "core/call/call.h"

namespace parley::call {
namespace {
using namespace std::chrono_literals;
using fakes::FakePeerConnection;
using ports::IceConnectionState;

class ConnectionRehearsalTest : public ::testing::Test {
 protected:
  void start() {
    rehearsal = std::make_unique<ConnectionRehearsal>(connections.factory(), scheduler, 3s,
                                                      [this](bool ok) { outcome = ok; });
  }
  // The browser's side of a connection that came up: ICE connected, the channel open.
  static void connect(FakePeerConnection::Record& pc) {
    pc.handlers.on_ice_connection_state_change(IceConnectionState::kConnected);
    if (auto channel = pc.channel(Call::kChatChannel.label)) channel->open();
  }

  fakes::FakeScheduler scheduler;
  fakes::FakePeerConnectionFactory connections{scheduler};
  std::unique_ptr<ConnectionRehearsal> rehearsal;
  std::optional<bool> outcome;
};

TEST_F(ConnectionRehearsalTest, NegotiatesBothSessionsAndFinishesOnceConnectedAndOpen) {
  start();
  scheduler.advance(0ms);  // offer, answer and their application, a task each
  scheduler.advance(0ms);
  scheduler.advance(0ms);
  scheduler.advance(0ms);
  ASSERT_EQ(connections.records.size(), 2u);
  auto& answerer = *connections.records[0];
  auto& offerer = *connections.records[1];
  EXPECT_TRUE(offerer.offering);
  EXPECT_EQ(offerer.offers_made, 1);
  EXPECT_EQ(answerer.answers_made, 1);
  EXPECT_TRUE(offerer.data_negotiated);
  ASSERT_NE(offerer.channel("parley-chat"), nullptr);
  ASSERT_NE(answerer.channel("parley-chat"), nullptr);  // on the line the answer accepted

  connect(offerer);
  scheduler.advance(0ms);
  EXPECT_FALSE(outcome) << "the answerer is not connected yet";
  connect(answerer);
  scheduler.advance(0ms);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_TRUE(*outcome);
  EXPECT_TRUE(offerer.closed);  // nothing of the rehearsal stays open
  EXPECT_TRUE(answerer.closed);
}

TEST_F(ConnectionRehearsalTest, GivesUpAfterItsLimitAndClosesEverything) {
  start();
  scheduler.advance(0ms);
  scheduler.advance(0ms);
  scheduler.advance(2900ms);
  EXPECT_FALSE(outcome);
  scheduler.advance(200ms);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(*outcome);
  for (const auto& pc : connections.records) EXPECT_TRUE(pc->closed);
}

TEST_F(ConnectionRehearsalTest, DestroyedMidwayClosesItsConnectionsAndSaysNothing) {
  start();
  scheduler.advance(0ms);
  rehearsal.reset();
  scheduler.advance(5s);
  EXPECT_FALSE(outcome);
  for (const auto& pc : connections.records) EXPECT_TRUE(pc->closed);
}

}  // namespace
}  // namespace parley::call
