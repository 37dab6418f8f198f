#include "core/call/peer_session.h"

#include <gtest/gtest.h>

#include <deque>

#include "../../fakes/fake_peer_connection.h"
#include "../../fakes/fake_scheduler.h"

namespace parley::call {
namespace {
using namespace std::chrono_literals;
using fakes::FakePeerConnection;
using nlohmann::json;
using ports::IceConnectionState;
using ports::MediaKind;
using ports::SignalingState;

// Two sessions ("alice" polite, "bob" impolite: ids compare "alice" < "bob") whose
// messages travel through a wire the test delivers by hand.
class PeerSessionPair : public ::testing::Test {
 protected:
  struct Side {
    std::string id;
    LocalTracks tracks;
    std::unique_ptr<PeerSession> session;
    std::shared_ptr<FakePeerConnection::Record> pc;
    std::vector<std::string> errors;
    std::vector<std::string> no_path;  // causes reported
    std::vector<PeerSession::State> states;
    std::vector<std::string> sent_types;
  };
  struct Message {
    Side* to;
    std::string type;
    json message;
  };

  PeerSessionPair() {
    alice.id = "alice";
    bob.id = "bob";
    alice.tracks = {"alice-mic", "alice-cam"};
    bob.tracks = {"bob-mic", std::nullopt};  // bob has no camera
  }

  void open(Side& self, Side& other, bool offering = false) {
    PeerSession::Handlers handlers;
    handlers.send = [this, &self, &other](const std::string& type, const json& fields) {
      self.sent_types.push_back(type);
      json message = fields;
      message["type"] = type;
      message["from"] = self.id;
      wire.push_back({&other, type, message});
    };
    handlers.on_state = [&self](PeerSession::State state) { self.states.push_back(state); };
    handlers.on_error = [&self](const std::string& error) { self.errors.push_back(error); };
    handlers.on_no_path = [&self](const std::string& cause) { self.no_path.push_back(cause); };
    self.session =
        std::make_unique<PeerSession>(PeerSession::Options{self.id, other.id, {}, {}, offering},
                                      connections.factory(), scheduler, self.tracks, handlers);
    self.pc = connections.records.back();
  }
  void open_both() {
    open(alice, bob);
    open(bob, alice);
  }

  // Bob offers first; his offer reaches alice, whose browser has yet to apply it.
  void offer_to_alice_unapplied() {
    bob.session->start_offering();
    scheduler.advance(0ms);  // bob's browser makes the offer
    ASSERT_EQ(wire.size(), 1u);
    ASSERT_EQ(wire.front().type, "offer");
    alice.session->on_relayed("offer", wire.front().message);
    wire.pop_front();
  }

  // Runs the browsers and carries messages until `side` has put a `type` first on the
  // wire; that one is left undelivered.
  void settle_until_sent(const Side& side, const std::string& type) {
    const auto sent = [&] {
      return !wire.empty() && wire.front().type == type && wire.front().message["from"] == side.id;
    };
    for (int round = 0; round < 100 && !sent(); ++round) {
      scheduler.advance(0ms);
      if (wire.empty() || sent()) continue;
      Message next = wire.front();
      wire.pop_front();
      next.to->session->on_relayed(next.type, next.message);
    }
    if (!sent()) FAIL() << side.id << " never sent " << type;
  }

  // Bob offers, alice connects, then her connection fails again and again until her
  // session gives up (three restarts). Returns alice's ICE-state handler.
  std::function<void(IceConnectionState)> connected_then_failing_until_given_up() {
    open_both();
    bob.session->start_offering();
    settle();
    auto ice = alice.pc->handlers.on_ice_connection_state_change;
    ice(IceConnectionState::kConnected);
    for (int i = 0; i < 4; ++i) {
      ice(IceConnectionState::kFailed);
      settle();
    }
    return ice;
  }

  // Runs the browsers' pending work and carries messages until nothing moves.
  void settle() {
    for (int round = 0; round < 100; ++round) {
      scheduler.advance(0ms);
      if (wire.empty()) {
        if (scheduler.next_due() != std::chrono::steady_clock::duration::zero()) return;
        continue;
      }
      Message next = wire.front();
      wire.pop_front();
      if (next.to->session) {
        next.to->session->on_relayed(next.type, next.message);
      } else {
        undelivered.push_back(next);  // that side was never opened
      }
    }
    FAIL() << "negotiation did not settle";
  }

  fakes::FakeScheduler scheduler;
  fakes::FakePeerConnectionFactory connections{scheduler};
  std::deque<Message> wire;
  std::vector<Message> undelivered;
  Side alice, bob;
};

TEST_F(PeerSessionPair, TheSmallerIdIsPolite) {
  open_both();
  EXPECT_TRUE(alice.session->polite());
  EXPECT_FALSE(bob.session->polite());
}

TEST_F(PeerSessionPair, TheOffererSendsBothKindsAndTheAnswererAnswersOnTheOfferedTransceivers) {
  open_both();
  bob.session->start_offering();  // bob was in the room first
  settle();
  EXPECT_EQ(bob.sent_types, std::vector<std::string>{"offer"});
  EXPECT_EQ(alice.sent_types, std::vector<std::string>{"answer"});
  EXPECT_EQ(alice.pc->state, SignalingState::kStable);
  EXPECT_EQ(bob.pc->state, SignalingState::kStable);
  // Bob offers a video m-line without a camera, so alice's camera has one to travel on.
  EXPECT_EQ(bob.pc->transceiver(MediaKind::kVideo)->sending, std::nullopt);
  EXPECT_TRUE(alice.pc->transceiver(MediaKind::kVideo)->from_remote_offer);
  EXPECT_EQ(alice.pc->transceiver(MediaKind::kVideo)->sending, "alice-cam");
  EXPECT_EQ(alice.pc->offers_made, 0) << "the answerer made no offer of its own";
  EXPECT_TRUE(alice.errors.empty());
  EXPECT_TRUE(bob.errors.empty());
}

TEST_F(PeerSessionPair, CandidatesBeforeTheOfferWaitForIt) {
  open_both();
  const json early = {{"type", "ice-candidate"},
                      {"candidate",
                       {{"candidate", "candidate:1 1 udp 1 127.0.0.1 5000 typ host"},
                        {"sdpMid", "0"},
                        {"sdpMLineIndex", 0}}}};
  alice.session->on_relayed("ice-candidate", early);
  settle();
  EXPECT_TRUE(alice.pc->added_candidates.empty());
  bob.session->start_offering();
  settle();
  ASSERT_EQ(alice.pc->added_candidates.size(), 1u);
  EXPECT_EQ(alice.pc->added_candidates[0].sdp_mid, "0");
  EXPECT_TRUE(alice.errors.empty()) << alice.errors.front();
}

const json kHostCandidate = {
    {"type", "ice-candidate"},
    {"candidate", {{"candidate", "candidate:1 1 udp 1 127.0.0.1 5000 typ host"}, {"sdpMid", "0"}}}};

TEST_F(PeerSessionPair, CandidatesThatComeWithAnOfferGoBehindTheAnswer) {
  open_both();
  offer_to_alice_unapplied();
  alice.session->on_relayed("ice-candidate", kHostCandidate);
  settle();
  // The answer needs no remote candidate: it goes first, so it leaves sooner.
  EXPECT_EQ(alice.pc->chain,
            (std::vector<std::string>{"remote offer", "local answer", "candidate"}));
  EXPECT_EQ(alice.pc->added_candidates.size(), 1u);
  EXPECT_TRUE(alice.errors.empty()) << alice.errors.front();
}

TEST_F(PeerSessionPair, ACandidateFollowsAnAnswerOnItsWayWithoutWaitingForIt) {
  open_both();
  bob.session->start_offering();
  settle_until_sent(alice, "answer");
  ASSERT_EQ(wire.size(), 1u);
  bob.session->on_relayed("answer", wire.front().message);
  wire.pop_front();
  // Bob's browser is still applying the answer: the candidate is handed over at once, for
  // its operations chain to apply after the answer.
  bob.session->on_relayed("ice-candidate", kHostCandidate);
  EXPECT_EQ(bob.pc->candidates_requested, 1);
  EXPECT_TRUE(bob.pc->added_candidates.empty()) << "not before the answer is applied";
  settle();
  EXPECT_EQ(bob.pc->chain, (std::vector<std::string>{"local offer", "remote answer", "candidate"}));
  EXPECT_TRUE(bob.errors.empty()) << bob.errors.front();
}

TEST_F(PeerSessionPair, CandidatesBehindARefusedFirstDescriptionAddNoErrorsOfTheirOwn) {
  open_both();
  // An answer to an offer alice never made: her browser refuses it, and the candidate
  // chained behind it fails for want of a description - one error says what went wrong.
  alice.session->on_relayed("answer", {{"type", "answer"}, {"sdp", "fake answer kinds=audio"}});
  alice.session->on_relayed("ice-candidate", kHostCandidate);
  settle();
  EXPECT_EQ(alice.pc->candidates_requested, 1);
  ASSERT_EQ(alice.errors.size(), 1u);
  EXPECT_NE(alice.errors[0].find("could not apply the answer"), std::string::npos)
      << alice.errors[0];
}

TEST_F(PeerSessionPair, ACameraThatArrivesWhileTheOfferIsAppliedTravelsInTheAnswer) {
  alice.tracks = {std::nullopt, std::nullopt};  // her camera is still starting
  open_both();
  offer_to_alice_unapplied();
  alice.tracks.video = "alice-cam";
  alice.session->send_track(MediaKind::kVideo, alice.tracks.video);
  // A transceiver of its own now would need a second negotiation; the offer's is coming.
  EXPECT_EQ(alice.pc->count(MediaKind::kVideo), 0u);
  settle();
  EXPECT_TRUE(alice.pc->transceiver(MediaKind::kVideo)->from_remote_offer);
  EXPECT_EQ(alice.pc->transceiver(MediaKind::kVideo)->sending, "alice-cam");
  EXPECT_EQ(alice.sent_types, std::vector<std::string>{"answer"});
  EXPECT_EQ(alice.pc->offers_made, 0);
  EXPECT_TRUE(alice.errors.empty()) << alice.errors.front();
}

TEST_F(PeerSessionPair, ACameraThatArrivesWhileTheAnswerIsUnderWayReplacesTheTrack) {
  alice.tracks = {std::nullopt, std::nullopt};
  open_both();
  offer_to_alice_unapplied();
  // Bob's offer is applied and alice's answer begun (setLocalDescription queued).
  while (alice.pc->state != SignalingState::kHaveRemoteOffer) ASSERT_TRUE(scheduler.run_next());
  ASSERT_TRUE(alice.sent_types.empty());
  alice.tracks.video = "alice-cam";
  alice.session->send_track(MediaKind::kVideo, alice.tracks.video);
  settle();
  // addTrack now would add a second video transceiver (the answer's counts as sending).
  EXPECT_EQ(alice.pc->count(MediaKind::kVideo), 1u);
  EXPECT_EQ(alice.pc->transceiver(MediaKind::kVideo)->sending, "alice-cam");
  EXPECT_EQ(alice.sent_types, std::vector<std::string>{"answer"});
  EXPECT_EQ(alice.pc->offers_made, 0) << "replaceTrack needs no renegotiation";
  EXPECT_TRUE(alice.errors.empty()) << alice.errors.front();
}

// [SECTION] A first offer prepared before it was needed (ports::ConnectionPlan)

ports::ConnectionPlan offering_plan(std::optional<std::string> audio,
                                    std::optional<std::string> video) {
  return {{{}, /*offering=*/true}, std::move(audio), std::move(video), {}};
}

TEST_F(PeerSessionPair, APreparedFirstOfferLeavesAsItIsAndIsNotMadeAgain) {
  bob.tracks = {"bob-mic", std::nullopt};
  connections.prepare(offering_plan("bob-mic", std::nullopt));
  open(bob, alice, /*offering=*/true);
  open(alice, bob);
  ASSERT_TRUE(bob.pc->prepared);
  bob.session->start_offering();
  settle();
  EXPECT_TRUE(bob.pc->prepared_offer_taken);
  EXPECT_EQ(bob.pc->offers_made, 1) << "the prepared one: no second setLocalDescription";
  EXPECT_EQ(bob.pc->transceivers.size(), 2u) << "the plan's transceivers, none added";
  EXPECT_EQ(bob.sent_types, std::vector<std::string>{"offer"});
  EXPECT_EQ(alice.sent_types, std::vector<std::string>{"answer"});
  EXPECT_EQ(bob.pc->state, SignalingState::kStable);
  EXPECT_EQ(alice.pc->transceiver(MediaKind::kVideo)->sending, "alice-cam");
  EXPECT_TRUE(bob.errors.empty()) << bob.errors.front();
}

TEST_F(PeerSessionPair, ATrackThatChangedSincePreparingIsReplacedOnThePreparedTransceiver) {
  bob.tracks = {"bob-mic", "bob-new-cam"};  // his camera came (or changed) after preparing
  connections.prepare(offering_plan("bob-mic", "bob-old-cam"));
  open(bob, alice, /*offering=*/true);
  open(alice, bob);
  bob.session->start_offering();
  settle();
  EXPECT_EQ(bob.pc->count(MediaKind::kVideo), 1u);
  EXPECT_EQ(bob.pc->transceiver(MediaKind::kVideo)->sending, "bob-new-cam");
  EXPECT_EQ(bob.pc->offers_made, 1) << "replaceTrack needs no new offer";
  EXPECT_EQ(bob.sent_types, std::vector<std::string>{"offer"});
  EXPECT_TRUE(bob.errors.empty()) << bob.errors.front();
}

TEST_F(PeerSessionPair, AnOfferWhosePreparationFailedIsMadeByTheSession) {
  connections.prepare(offering_plan("bob-mic", std::nullopt),
                      ports::Failure{"OperationError", "the browser refused it"});
  open(bob, alice, /*offering=*/true);
  open(alice, bob);
  bob.session->start_offering();
  settle();
  EXPECT_TRUE(bob.pc->prepared_offer_taken);
  EXPECT_EQ(bob.pc->offers_made, 1) << "made by the session instead";
  EXPECT_EQ(bob.sent_types, std::vector<std::string>{"offer"});
  EXPECT_EQ(alice.sent_types, std::vector<std::string>{"answer"});
  EXPECT_TRUE(bob.errors.empty()) << "nothing failed that the peer would notice";
}

TEST_F(PeerSessionPair, ACameraHeldForAnOfferTheBrowserRefusesIsStillSent) {
  alice.tracks = {std::nullopt, std::nullopt};
  open_both();
  alice.pc->refuse_remote_descriptions = ports::Failure{"OperationError", "unusable SDP"};
  offer_to_alice_unapplied();
  alice.tracks.video = "alice-cam";
  alice.session->send_track(MediaKind::kVideo, alice.tracks.video);
  settle();
  ASSERT_EQ(alice.errors.size(), 1u);
  EXPECT_NE(alice.errors[0].find("could not apply the offer"), std::string::npos)
      << alice.errors[0];
  ASSERT_EQ(alice.pc->count(MediaKind::kVideo), 1u) << "the camera was lost";
  EXPECT_EQ(alice.pc->transceiver(MediaKind::kVideo)->sending, "alice-cam");
}

TEST_F(PeerSessionPair, SimultaneousOffersSettleWithThePolitePeerYielding) {
  open_both();
  bob.session->start_offering();
  settle();
  // Both restart ICE at once: two offers cross on the wire.
  alice.session->restart_ice();
  bob.session->restart_ice();
  settle();
  EXPECT_EQ(alice.pc->state, SignalingState::kStable);
  EXPECT_EQ(bob.pc->state, SignalingState::kStable);
  EXPECT_EQ(alice.pc->rollbacks, 1) << "the polite peer rolled its offer back";
  EXPECT_EQ(bob.pc->rollbacks, 0) << "the impolite peer ignored the colliding offer";
  EXPECT_TRUE(alice.errors.empty());
  EXPECT_TRUE(bob.errors.empty());
  // Bob's restart offer won; alice's answer to it carries her new ICE credentials too.
  EXPECT_EQ(bob.pc->offers_made, 2);
  EXPECT_EQ(alice.pc->offers_made, 1);
  EXPECT_EQ(alice.pc->answers_made, 2);
}

TEST_F(PeerSessionPair, AYieldedOfferThatAddedMediaIsMadeAgainAfterwards) {
  alice.tracks = {std::nullopt, std::nullopt};
  bob.tracks = {std::nullopt, std::nullopt};
  open_both();
  // Both start offering at once (as two peers that each think the other is new would):
  // alice's transceivers were only in her rolled-back offer, so she must offer again.
  alice.session->start_offering();
  bob.session->start_offering();
  settle();
  EXPECT_EQ(alice.pc->rollbacks, 1);
  EXPECT_EQ(alice.pc->offers_made, 2);
  EXPECT_EQ(alice.pc->state, SignalingState::kStable);
  EXPECT_EQ(bob.pc->state, SignalingState::kStable);
  EXPECT_TRUE(alice.errors.empty());
  EXPECT_TRUE(bob.errors.empty());
}

TEST_F(PeerSessionPair, ATrackChangeAfterNegotiationNeedsNoNewOffer) {
  open_both();
  bob.session->start_offering();
  settle();
  alice.session->send_track(MediaKind::kVideo, "alice-screen");
  settle();
  EXPECT_EQ(alice.pc->transceiver(MediaKind::kVideo)->sending, "alice-screen");
  EXPECT_EQ(alice.pc->offers_made, 0);
  EXPECT_EQ(bob.sent_types.size(), 1u);
}

// [SECTION] Lost negotiation

TEST_F(PeerSessionPair, AnOfferLostOnTheWayIsTakenBackAndMadeAgainWithAnIceRestart) {
  open_both();
  bob.session->start_offering();
  scheduler.advance(0ms);
  ASSERT_EQ(wire.size(), 1u);
  wire.clear();  // the socket it left on was dead
  scheduler.advance(10s);
  settle();
  EXPECT_EQ(bob.pc->rollbacks, 1);
  EXPECT_EQ(bob.pc->restarts_requested, 1);
  EXPECT_EQ(bob.sent_types, (std::vector<std::string>{"offer", "offer"}));
  EXPECT_EQ(alice.sent_types, (std::vector<std::string>{"answer"}));
  EXPECT_EQ(bob.pc->state, SignalingState::kStable);
  EXPECT_EQ(alice.pc->state, SignalingState::kStable);
  EXPECT_TRUE(bob.pc->transceiver(MediaKind::kVideo)->negotiated);
  scheduler.advance(120s);
  EXPECT_EQ(bob.sent_types.size(), 2u) << "an answered offer is not made again";
}

TEST_F(PeerSessionPair, ALostAnswerGetsTheOfferMadeAgainAndTheWaitsGrowWhileNobodyAnswers) {
  open_both();
  bob.session->start_offering();
  settle_until_sent(alice, "answer");
  wire.clear();  // alice's answer is lost
  // Then alice is unreachable for a while: each offer waits twice as long, up to a minute.
  std::vector<std::size_t> offers_after;
  for (const auto wait : {10s, 20s, 40s, 60s, 60s}) {
    scheduler.advance(wait);
    scheduler.advance(0ms);
    scheduler.advance(0ms);
    offers_after.push_back(bob.sent_types.size());
    wire.clear();
  }
  EXPECT_EQ(offers_after, (std::vector<std::size_t>{2, 3, 4, 5, 6}));
  scheduler.advance(PeerSession::kLongestAnswerWait);
  settle();  // alice is back: the next offer is answered
  EXPECT_EQ(bob.pc->state, SignalingState::kStable);
  EXPECT_EQ(alice.pc->state, SignalingState::kStable);
}

TEST_F(PeerSessionPair, AFailedConnectionRestartsIceAndRenegotiates) {
  open_both();
  bob.session->start_offering();
  settle();
  alice.pc->handlers.on_ice_connection_state_change(IceConnectionState::kConnected);
  alice.pc->handlers.on_ice_connection_state_change(IceConnectionState::kFailed);
  settle();
  EXPECT_EQ(alice.pc->restarts_requested, 1);
  EXPECT_EQ(alice.sent_types, (std::vector<std::string>{"answer", "offer"}));
  EXPECT_NE(bob.pc->state, SignalingState::kClosed);
  EXPECT_NE(alice.session->state(), PeerSession::State::kFailed);
  EXPECT_EQ(alice.session->state(), PeerSession::State::kReconnecting);
}

// Media's path moved (another network) or came back after a cut: our video restarts
// from a key frame, once per change (call/key_frame_refresh.h).
TEST_F(PeerSessionPair, APathThatMovesOrComesBackSendsAKeyFrame) {
  open_both();
  bob.session->start_offering();
  settle();
  auto& handlers = alice.pc->handlers;
  handlers.on_selected_path_change();
  handlers.on_ice_connection_state_change(IceConnectionState::kConnected);
  EXPECT_EQ(alice.pc->key_frames_sent, 0) << "the first path needs none";
  scheduler.advance(5s);
  handlers.on_selected_path_change();  // the peer moved to another network
  EXPECT_EQ(alice.pc->key_frames_sent, 1);
  scheduler.advance(5s);
  handlers.on_ice_connection_state_change(IceConnectionState::kDisconnected);
  scheduler.advance(3s);
  handlers.on_ice_connection_state_change(IceConnectionState::kConnected);  // same path
  EXPECT_EQ(alice.pc->key_frames_sent, 2);
  alice.session->close();
  handlers.on_selected_path_change();
  EXPECT_EQ(alice.pc->key_frames_sent, 2) << "nothing once closed";
  EXPECT_EQ(bob.pc->key_frames_sent, 0);
}

// Symmetric NATs and no TURN server: ICE just keeps checking. Each side is told why,
// once, `no_path_within` (10 s) after checking began - the policy goes on trying.
TEST_F(PeerSessionPair, ASessionStillCheckingAfterTheBoundSaysWhyOnce) {
  open_both();
  bob.session->start_offering();
  settle();
  alice.pc->handlers.on_ice_candidate({"candidate:1 1 udp 1 10.0.1.2 5000 typ host", "0", 0, {}});
  bob.pc->handlers.on_ice_candidate(
      {"candidate:2 1 udp 1 203.0.113.102 6000 typ srflx raddr 10.0.2.2 rport 6000", "0", 0, {}});
  settle();  // bob's candidate reaches alice
  auto ice = alice.pc->handlers.on_ice_connection_state_change;
  ice(IceConnectionState::kChecking);
  scheduler.advance(9s);
  EXPECT_TRUE(alice.no_path.empty());
  scheduler.advance(1s);
  ASSERT_EQ(alice.no_path.size(), 1u);
  EXPECT_NE(alice.no_path[0].find("no TURN relay is configured"), std::string::npos)
      << alice.no_path[0];
  ice(IceConnectionState::kFailed);  // restarted by the policy, checking again
  settle();
  ice(IceConnectionState::kChecking);
  scheduler.advance(30s);
  EXPECT_EQ(alice.no_path.size(), 1u) << "told once";
  EXPECT_GE(alice.pc->restarts_requested, 1) << "and still trying";
}

TEST_F(PeerSessionPair, AFailureBeforeTheBoundSaysWhyAtOnceAndAConnectionInTimeSaysNothing) {
  open_both();
  bob.session->start_offering();
  settle();
  bob.pc->handlers.on_ice_connection_state_change(IceConnectionState::kChecking);
  bob.pc->handlers.on_ice_connection_state_change(IceConnectionState::kFailed);
  EXPECT_EQ(bob.no_path.size(), 1u);

  auto ice = alice.pc->handlers.on_ice_connection_state_change;
  ice(IceConnectionState::kChecking);
  scheduler.advance(5s);
  ice(IceConnectionState::kConnected);
  ice(IceConnectionState::kDisconnected);  // a later outage is the policy's, not "no path"
  ice(IceConnectionState::kFailed);
  scheduler.advance(30s);
  EXPECT_TRUE(alice.no_path.empty());
}

TEST_F(PeerSessionPair, DisconnectedForFiveSecondsRestartsButARecoveryInTimeDoesNot) {
  open_both();
  bob.session->start_offering();
  settle();
  auto ice = alice.pc->handlers.on_ice_connection_state_change;
  ice(IceConnectionState::kConnected);
  ice(IceConnectionState::kDisconnected);
  scheduler.advance(4s);
  ice(IceConnectionState::kConnected);  // it came back by itself
  scheduler.advance(10s);
  EXPECT_EQ(alice.pc->restarts_requested, 0);
  ice(IceConnectionState::kDisconnected);
  scheduler.advance(5s);
  EXPECT_EQ(alice.pc->restarts_requested, 1);
}

TEST_F(PeerSessionPair, ThreeRestartsWithoutSuccessEndInFailed) {
  auto ice = connected_then_failing_until_given_up();
  EXPECT_EQ(alice.pc->restarts_requested, 3);
  EXPECT_EQ(alice.session->state(), PeerSession::State::kFailed);
  ASSERT_EQ(alice.errors.size(), 1u);
  EXPECT_NE(alice.errors[0].find("failed"), std::string::npos);
  ice(IceConnectionState::kConnected);  // the other side's restart worked after all
  EXPECT_EQ(alice.session->state(), PeerSession::State::kConnected);
}

TEST_F(PeerSessionPair, AfterGivingUpItKeepsTryingLessOftenAndAtOnceWhenTheNetworkIsBack) {
  auto ice = connected_then_failing_until_given_up();
  ASSERT_EQ(alice.session->state(), PeerSession::State::kFailed);
  ASSERT_EQ(alice.pc->restarts_requested, 3);
  // Given up, but not for good: a restart after 30 s, then after 60 s (each attempt has
  // 15 s to connect before the next wait starts).
  scheduler.advance(30s);
  settle();
  EXPECT_EQ(alice.pc->restarts_requested, 4);
  scheduler.advance(15s + 59s);
  settle();
  EXPECT_EQ(alice.pc->restarts_requested, 4);
  scheduler.advance(1s);
  settle();
  EXPECT_EQ(alice.pc->restarts_requested, 5);
  // The laptop is back online: no waiting for the next retry.
  alice.session->network_back();
  settle();
  EXPECT_EQ(alice.pc->restarts_requested, 6);
  ice(IceConnectionState::kConnected);
  EXPECT_EQ(alice.session->state(), PeerSession::State::kConnected);
  EXPECT_EQ(alice.errors.size(), 1u) << "told once that it failed, not at every retry";
}

// A laptop that moves to another network: its connection still says "connected" on an
// address that is gone, and ICE would take seconds to notice. A network change restarts
// it at once - not counted against the attempts - and the connection stays up meanwhile.
TEST_F(PeerSessionPair, ANetworkChangeRestartsAConnectionThatStillLooksUp) {
  open_both();
  bob.session->start_offering();
  settle();
  alice.pc->handlers.on_ice_connection_state_change(IceConnectionState::kConnected);
  alice.session->network_back();
  settle();
  EXPECT_EQ(alice.pc->restarts_requested, 1);
  EXPECT_EQ(alice.session->state(), PeerSession::State::kConnected);
  EXPECT_EQ(bob.pc->state, SignalingState::kStable) << "the restart's offer was answered";
  alice.session->network_back();  // the same change, told again (online, connection type)
  settle();
  EXPECT_EQ(alice.pc->restarts_requested, 1);
  scheduler.advance(IceRestartPolicy::kNetworkChangeSettles);
  alice.session->network_back();  // a later change
  settle();
  EXPECT_EQ(alice.pc->restarts_requested, 2);
  EXPECT_TRUE(alice.errors.empty());
}

TEST_F(PeerSessionPair, ATrackChangeTheBrowserRefusesIsReportedNotJustLogged) {
  open_both();
  bob.session->start_offering();
  settle();
  bob.pc->refuse_track_changes = ports::Failure{"InvalidModificationError", "no such codec"};
  bob.session->send_track(MediaKind::kVideo, "bob-screen");
  settle();
  ASSERT_EQ(bob.errors.size(), 1u);
  EXPECT_EQ(bob.errors[0], "could not send the camera to alice: no such codec");
}

TEST_F(PeerSessionPair, AReferenceClientsBareStringSdpIsAccepted) {
  open(alice, bob);
  alice.session->on_relayed(
      "offer",
      {{"type", "offer"}, {"from", "bob"}, {"sdp", "fake offer kinds=audio,video ufrag=1"}});
  settle();
  EXPECT_EQ(alice.sent_types, std::vector<std::string>{"answer"});
  ASSERT_EQ(undelivered.size(), 1u);
  EXPECT_EQ(undelivered[0].message["sdp"]["type"], "answer");
  EXPECT_TRUE(alice.errors.empty());
}

TEST_F(PeerSessionPair, MalformedMessagesAreReportedNotApplied) {
  open(alice, bob);
  alice.session->on_relayed("offer", {{"type", "offer"}, {"sdp", 42}});
  alice.session->on_relayed("answer",
                            {{"type", "answer"}, {"sdp", {{"type", "offer"}, {"sdp", "x"}}}});
  alice.session->on_relayed("ice-candidate",
                            {{"type", "ice-candidate"}, {"candidate", {{"candidate", 5}}}});
  alice.session->on_relayed("ice-candidate", {{"type", "ice-candidate"}, {"candidate", nullptr}});
  settle();
  EXPECT_EQ(alice.errors.size(), 3u) << "end-of-candidates (null) is not an error";
  EXPECT_EQ(alice.pc->state, SignalingState::kStable);
}

TEST_F(PeerSessionPair, AClosedSessionSendsAndAppliesNothing) {
  open_both();
  bob.session->start_offering();
  alice.session->close();
  settle();
  EXPECT_TRUE(alice.pc->closed);
  EXPECT_TRUE(alice.sent_types.empty());
  EXPECT_EQ(alice.session->state(), PeerSession::State::kClosed);
}

}  // namespace
}  // namespace parley::call
