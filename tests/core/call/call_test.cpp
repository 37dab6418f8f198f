#include "core/call/call.h"

#include <gtest/gtest.h>

#include "../../fakes/fake_files.h"
#include "../../fakes/fake_media_devices.h"
#include "../../fakes/fake_peer_connection.h"
#include "../../fakes/fake_scheduler.h"
#include "../../fakes/fake_signaling_socket.h"

namespace parley::call {
namespace {
using namespace std::chrono_literals;
using nlohmann::json;
using ports::MediaKind;

// `resumed`: the server kept our seat while we were away (a resume it recognised).
std::string welcome(const std::string& self, std::vector<std::string> peers, bool resumed = false) {
  json list = json::array();
  for (const auto& peer : peers) list.push_back({{"peerId", peer}, {"name", "Name of " + peer}});
  json message = {
      {"type", "welcome"}, {"room", "r"},
      {"peerId", self},    {"name", ""},
      {"peers", list},     {"iceServers", json::array({{{"urls", "stun:127.0.0.1:3478"}}})}};
  if (resumed) message["resumed"] = true;
  return message.dump();
}

class CallTest : public ::testing::Test {
 protected:
  Call& make(Call::Options options = {}) {
    options.signaling_url = "ws://127.0.0.1:1/";
    options.room = "r";
    call = std::make_unique<Call>(
        options,
        Call::Platform{
            network.factory(), connections.factory(), devices, scheduler, [] { return 0.5; },
            [] { return std::int64_t{1'764'000'000'000}; }, hasher, sink_factory(),
            [this](const std::optional<ports::ConnectionPlan>& plan) { prepared.push_back(plan); }},
        [this](const CallEvent& event) { events.push_back(event); });
    return *call;
  }
  // join(), media, then the signaling socket opens and the server welcomes us as `self`.
  void join_as(const std::string& self, std::vector<std::string> peers = {}) {
    call->join();
    scheduler.advance(0ms);  // getUserMedia answers
    network.last().open_now();
    network.last().deliver(welcome(self, std::move(peers)));
  }
  void run() {
    for (int i = 0; i < 20; ++i) scheduler.advance(0ms);
  }
  template <class Event>
  std::vector<Event> all() const {
    std::vector<Event> out;
    for (const auto& event : events) {
      if (const auto* e = std::get_if<Event>(&event)) out.push_back(*e);
    }
    return out;
  }
  // Messages this client sent to `target`, by type.
  std::vector<std::string> sent_to(const std::string& target) const {
    std::vector<std::string> types;
    for (const auto& socket : network.sockets) {
      for (std::size_t i = 0; i < socket->sent.size(); ++i) {
        const json message = socket->sent_json(i);
        if (message.value("target", "") == target) types.push_back(message["type"]);
      }
    }
    return types;
  }
  fakes::FakePeerConnection::Record& pc_of(std::size_t index) {
    return *connections.records.at(index);
  }

  std::function<std::unique_ptr<ports::FileSink>(const std::string&)> sink_factory() {
    return [this](const std::string&) {
      sinks.push_back(std::make_shared<fakes::FakeSinkRecord>());
      return std::make_unique<fakes::FakeFileSink>(sinks.back());
    };
  }

  fakes::FakeScheduler scheduler;
  fakes::FakeHasher hasher{scheduler};
  std::vector<std::shared_ptr<fakes::FakeSinkRecord>> sinks;
  fakes::FakeSignalingNetwork network;
  fakes::FakePeerConnectionFactory connections{scheduler};
  fakes::FakeMediaDevices devices{scheduler};
  std::unique_ptr<Call> call;
  std::vector<CallEvent> events;
  std::vector<std::optional<ports::ConnectionPlan>> prepared;  // the platform's hints
};

TEST_F(CallTest, JoinsWithCameraAndMicrophoneThenOffersToEachNewcomer) {
  make();
  join_as("me");
  ASSERT_EQ(devices.requests.size(), 1u);
  EXPECT_TRUE(devices.requests[0].audio && devices.requests[0].video);
  ASSERT_EQ(all<events::Joined>().size(), 1u);
  EXPECT_EQ(call->media().tracks().video, "cam-2");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  ASSERT_EQ(all<events::PeerJoined>().size(), 1u);
  EXPECT_EQ(all<events::PeerJoined>()[0].name, "Zed");
  EXPECT_EQ(sent_to("zed"), std::vector<std::string>{"offer"});
  EXPECT_EQ(pc_of(0).transceiver(MediaKind::kVideo)->sending, "cam-2");
  EXPECT_EQ(pc_of(0).configuration.ice_servers.at(0).urls.at(0), "stun:127.0.0.1:3478");
}

TEST_F(CallTest, APeerConnectionIsPreparedBeforeItIsNeededAndReleasedOnLeaving) {
  make();
  call->join();
  scheduler.advance(0ms);
  network.last().open_now();
  EXPECT_TRUE(prepared.empty()) << "the configuration comes with the welcome";
  network.last().deliver(welcome("me", {}));
  // An empty room: the next person to come gets our offer, prepared with what a first
  // offer carries.
  ASSERT_EQ(prepared.size(), 1u);
  ASSERT_TRUE(prepared[0]);
  EXPECT_EQ(prepared[0]->request.configuration.ice_servers.at(0).urls.at(0), "stun:127.0.0.1:3478");
  EXPECT_TRUE(prepared[0]->request.offering);
  EXPECT_EQ(prepared[0]->audio_track, call->media().tracks().audio);
  EXPECT_EQ(prepared[0]->video_track, call->media().tracks().video);
  ASSERT_EQ(prepared[0]->channels.size(), 2u);
  EXPECT_EQ(prepared[0]->channels[0].label, Call::kChatChannel.label);
  EXPECT_EQ(prepared[0]->channels[1].id, Call::kFilesChannel.id);

  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  EXPECT_TRUE(pc_of(0).offering) << "the newcomer's connection is asked for as an offering one";
  EXPECT_EQ(prepared.size(), 1u) << "not while this call is being set up";
  scheduler.advance(Call::kPrepareNextConnectionAfter);
  ASSERT_EQ(prepared.size(), 2u) << "then one for the next newcomer";
  ASSERT_TRUE(prepared[1]);
  EXPECT_TRUE(prepared[1]->request.offering);

  call->leave();
  ASSERT_EQ(prepared.size(), 3u);
  EXPECT_FALSE(prepared[2]) << "leaving releases it";
}

TEST_F(CallTest, InARoomWithPeersTheConnectionPreparedIsOneThatAnswers) {
  make();
  join_as("me", {"ann"});
  ASSERT_EQ(prepared.size(), 1u);
  ASSERT_TRUE(prepared[0]);
  EXPECT_FALSE(prepared[0]->request.offering) << "ann is about to offer to us";
  EXPECT_TRUE(prepared[0]->channels.empty());
  network.last().deliver(
      R"({"type":"offer","from":"ann","sdp":{"type":"offer","sdp":"fake offer kinds=audio,video"}})");
  run();
  ASSERT_FALSE(connections.records.empty());
  EXPECT_FALSE(pc_of(0).offering);
  EXPECT_EQ(sent_to("ann"), std::vector<std::string>{"answer"});
}

TEST_F(CallTest, TracksThatArriveAfterTheOfferAreSentWithoutRenegotiating) {
  devices.answer_after = 50ms;  // the camera is slow to start (or a prompt is showing)
  make();
  call->join();  // signaling and media start together
  network.last().open_now();
  network.last().deliver(welcome("me", {}));
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  ASSERT_EQ(sent_to("zed"), std::vector<std::string>{"offer"}) << "offered before media came";
  EXPECT_FALSE(pc_of(0).transceiver(MediaKind::kVideo)->sending);
  scheduler.advance(50ms);
  run();
  EXPECT_EQ(pc_of(0).transceiver(MediaKind::kVideo)->sending, "cam-2");
  EXPECT_EQ(pc_of(0).transceiver(MediaKind::kAudio)->sending, "mic-1");
  EXPECT_EQ(pc_of(0).offers_made, 1) << "replaceTrack, not a second offer";
}

TEST_F(CallTest, AnswersThePeersAlreadyInTheRoomWhenTheyOffer) {
  make();
  join_as("me", {"amy"});
  EXPECT_TRUE(connections.records.empty()) << "no session until amy offers";
  network.last().deliver(
      R"({"type":"offer","from":"amy","sdp":{"type":"offer","sdp":"fake offer kinds=audio,video ufrag=1"}})");
  run();
  EXPECT_EQ(sent_to("amy"), std::vector<std::string>{"answer"});
  EXPECT_EQ(call->peers().size(), 1u);
}

TEST_F(CallTest, APeerLeavingClosesItsSession) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  network.last().deliver(R"({"type":"peer-left","peerId":"zed"})");
  run();
  EXPECT_TRUE(pc_of(0).closed);
  EXPECT_TRUE(call->peers().empty());
  ASSERT_EQ(all<events::PeerLeft>().size(), 1u);
}

TEST_F(CallTest, WithoutACameraItJoinsAudioOnlyAndSaysSo) {
  devices.has_camera = false;
  make();
  join_as("me");
  EXPECT_EQ(call->media().tracks().audio, "mic-1");
  EXPECT_FALSE(call->media().tracks().video);
  const auto errors = all<events::Error>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "no-camera");
  EXPECT_FALSE(errors[0].fatal);
  EXPECT_EQ(all<events::Joined>().size(), 1u);
}

TEST_F(CallTest, DeniedPermissionReportsItAndJoinsReceiveOnly) {
  devices.deny = true;
  make();
  join_as("me");
  EXPECT_EQ(devices.requests.size(), 1u) << "a denial is not asked again for less";
  const auto errors = all<events::Error>();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "permission-denied");
  EXPECT_FALSE(call->media().tracks().audio || call->media().tracks().video);
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  // Receive-only still offers both kinds, so zed's media can come in - and only that:
  // zed gets no tracks of ours that would never carry anything.
  EXPECT_EQ(pc_of(0).transceivers.size(), 2u);
  EXPECT_EQ(pc_of(0).transceiver(MediaKind::kAudio)->direction, ports::Direction::kRecvOnly);
  EXPECT_EQ(pc_of(0).transceiver(MediaKind::kVideo)->direction, ports::Direction::kRecvOnly);
  EXPECT_EQ(sent_to("zed"), std::vector<std::string>{"offer"});
}

TEST_F(CallTest, WithNothingToSendItOffersAndAnswersOnlyToReceiveUntilAScreenIsShared) {
  Call::Options nothing;
  nothing.audio = false;
  nothing.video = false;
  make(nothing);
  join_as("me", {"amy"});
  EXPECT_TRUE(devices.requests.empty()) << "nothing asked for, nothing captured";
  ASSERT_EQ(prepared.size(), 1u);
  // Amy offers audio and video: the answer takes neither transceiver to send.
  network.last().deliver(
      R"({"type":"offer","from":"amy","sdp":{"type":"offer","sdp":"fake offer kinds=audio,video"}})");
  run();
  ASSERT_EQ(sent_to("amy"), std::vector<std::string>{"answer"});
  for (const auto kind : {MediaKind::kAudio, MediaKind::kVideo}) {
    EXPECT_EQ(pc_of(0).transceiver(kind)->direction, ports::Direction::kRecvOnly);
    EXPECT_FALSE(pc_of(0).transceiver(kind)->sending);
  }
  // A newcomer gets an offer that asks only to receive; so does the connection prepared.
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  ASSERT_EQ(sent_to("zed"), std::vector<std::string>{"offer"});
  EXPECT_EQ(pc_of(1).transceiver(MediaKind::kAudio)->direction, ports::Direction::kRecvOnly);
  EXPECT_EQ(pc_of(1).transceiver(MediaKind::kVideo)->direction, ports::Direction::kRecvOnly);
  scheduler.advance(Call::kPrepareNextConnectionAfter);
  ASSERT_TRUE(prepared.back());
  EXPECT_EQ(prepared.back()->audio_direction, ports::Direction::kRecvOnly);
  EXPECT_EQ(prepared.back()->video_direction, ports::Direction::kRecvOnly);
  // Sharing the screen makes video sendrecv, which takes a new offer to zed.
  network.last().deliver(
      R"({"type":"answer","from":"zed","sdp":{"type":"answer","sdp":"fake answer kinds=audio,video"}})");
  run();
  call->media().start_screen_share();
  run();
  EXPECT_EQ(pc_of(1).transceiver(MediaKind::kVideo)->direction, ports::Direction::kSendRecv);
  EXPECT_EQ(pc_of(1).transceiver(MediaKind::kVideo)->sending, "screen-1");
  EXPECT_EQ(pc_of(1).offers_made, 2);
  EXPECT_EQ(pc_of(1).transceiver(MediaKind::kAudio)->direction, ports::Direction::kRecvOnly);
}

TEST_F(CallTest, ScreenShareReplacesTheCameraEverywhereAndEndsBackOnIt) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  call->media().start_screen_share();
  run();
  EXPECT_EQ(pc_of(0).transceiver(MediaKind::kVideo)->sending, "screen-3");
  EXPECT_EQ(pc_of(0).offers_made, 1) << "replaceTrack: no renegotiation";
  devices.end("screen-3");  // "Stop sharing" in the browser's bar
  run();                    // replaceTrack settles a task later
  EXPECT_EQ(pc_of(0).transceiver(MediaKind::kVideo)->sending, "cam-2");
  EXPECT_TRUE(devices.stopped.count("screen-3"));
}

TEST_F(CallTest, MicrophoneAndCameraToggleTheTracksWithoutRenegotiating) {
  make();
  join_as("me");
  call->media().set_microphone(false);
  call->media().set_camera(false);
  EXPECT_FALSE(devices.enabled.at("mic-1"));
  EXPECT_FALSE(devices.enabled.at("cam-2"));
  call->media().set_camera(true);
  EXPECT_TRUE(devices.enabled.at("cam-2"));
}

// The media-state messages this client sent to `target`, as {microphone, camera}.
std::vector<std::pair<bool, bool>> media_states_to(const fakes::FakeSignalingNetwork& network,
                                                   const std::string& target) {
  std::vector<std::pair<bool, bool>> states;
  for (const auto& socket : network.sockets) {
    for (std::size_t i = 0; i < socket->sent.size(); ++i) {
      const json message = socket->sent_json(i);
      if (message["type"] == "media-state" && message.value("target", "") == target)
        states.emplace_back(message["microphone"], message["camera"]);
    }
  }
  return states;
}

TEST_F(CallTest, TellsAConnectedPeerWhetherMicrophoneAndCameraAreOnAndEveryChange) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  EXPECT_TRUE(media_states_to(network, "zed").empty()) << "not before the connection is up";
  pc_of(0).handlers.on_ice_connection_state_change(ports::IceConnectionState::kConnected);
  run();
  EXPECT_EQ(media_states_to(network, "zed"), (std::vector<std::pair<bool, bool>>{{true, true}}));
  call->media().set_microphone(false);
  call->media().set_camera(false);
  EXPECT_EQ(media_states_to(network, "zed"),
            (std::vector<std::pair<bool, bool>>{{true, true}, {false, true}, {false, false}}));
}

TEST_F(CallTest, WhatOthersGetNeedsATrackAndItsSwitchOn) {
  make();
  EXPECT_FALSE(call->media().sending_sound()) << "no track yet, whatever the switch says";
  join_as("me");
  run();
  EXPECT_TRUE(call->media().sending_sound());
  EXPECT_TRUE(call->media().sending_picture());
  call->media().set_camera(false);
  EXPECT_FALSE(call->media().sending_picture());
  call->media().start_screen_share();
  run();
  EXPECT_TRUE(call->media().sending_picture()) << "the screen is sent with the camera off";
}

TEST_F(CallTest, APeersMediaStateBecomesAnEventOnlyForPeersInTheCall) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  network.last().deliver(R"({"type":"media-state","from":"zed","microphone":false,"camera":true})");
  network.last().deliver(R"({"type":"media-state","from":"ghost","microphone":false})");
  network.last().deliver(R"({"type":"media-state","from":"zed","camera":"no"})");
  const auto media = all<events::PeerMedia>();
  ASSERT_EQ(media.size(), 2u);
  EXPECT_EQ(media[0].peer_id, "zed");
  EXPECT_FALSE(media[0].microphone);
  EXPECT_TRUE(media[0].camera);
  EXPECT_TRUE(media[1].microphone && media[1].camera)
      << "what is missing or not a boolean reads as on";
}

TEST_F(CallTest, TheDevicesPickedInTheLobbyAreTheOnesCaptured) {
  Call::Options options;
  options.audio_device_id = "headset";
  options.video_device_id = "usb-camera";
  make(options);
  join_as("me");
  ASSERT_FALSE(devices.requests.empty());
  EXPECT_EQ(devices.requests.front().audio_device_id, "headset");
  EXPECT_EQ(devices.requests.front().video_device_id, "usb-camera");
}

TEST_F(CallTest, SwitchingTheCameraReplacesTheTrackOnEverySession) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  call->media().select_devices(std::nullopt, "usb-camera");
  run();
  EXPECT_EQ(devices.requests.back().video_device_id, "usb-camera");
  EXPECT_EQ(pc_of(0).transceiver(MediaKind::kVideo)->sending, "cam-3");
  EXPECT_TRUE(devices.stopped.count("cam-2"));
}

TEST_F(CallTest, AfterARejoinListedPeersAreKeptAndUnlistedConnectedOnesWaitForTheirReturn) {
  make();
  join_as("me");
  for (const char* id : {"amy", "bob", "cid"}) {
    network.last().deliver(json({{"type", "peer-joined"}, {"peerId", id}, {"name", id}}).dump());
  }
  run();
  // amy and bob are connected; cid never connected.
  pc_of(0).handlers.on_ice_connection_state_change(ports::IceConnectionState::kConnected);
  pc_of(1).handlers.on_ice_connection_state_change(ports::IceConnectionState::kConnected);
  network.last().drop();
  scheduler.advance(*scheduler.next_due());
  network.last().open_now();
  EXPECT_EQ(network.last().sent_json(0)["resume"], true);
  network.last().deliver(welcome("me", {"amy"}));  // bob is not back (yet), cid is gone
  run();
  EXPECT_EQ(call->peers().size(), 2u) << "amy kept, bob waiting, cid dropped";
  EXPECT_TRUE(pc_of(2).closed);
  EXPECT_FALSE(pc_of(0).closed);
  EXPECT_FALSE(pc_of(1).closed);
  network.last().deliver(R"({"type":"peer-joined","peerId":"bob","name":"bob","resumed":true})");
  scheduler.advance(20s);
  EXPECT_FALSE(pc_of(1).closed) << "bob came back within the grace period";
  EXPECT_EQ(connections.records.size(), 3u) << "no duplicate sessions";
  EXPECT_EQ(all<events::PeerLeft>().size(), 1u);
}

json turn_servers(const std::string& username) {
  return json::array(
      {{{"urls", "turn:198.51.100.1:3478"}, {"username", username}, {"credential", "c"}}});
}

TEST_F(CallTest, FreshTurnCredentialsReachEveryLiveSessionAndTheNextConnection) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"amy","name":"amy"})");
  run();
  ASSERT_EQ(prepared.size(), 1u);
  network.last().deliver(
      json({{"type", "ice-servers"}, {"iceServers", turn_servers("2:me")}}).dump());
  EXPECT_EQ(pc_of(0).configurations_set, 1);
  ASSERT_EQ(pc_of(0).configuration.ice_servers.size(), 1u);
  EXPECT_EQ(pc_of(0).configuration.ice_servers[0].username, "2:me")
      << "amy's session restarts ICE with them";
  ASSERT_EQ(prepared.size(), 2u) << "the spare connection is made again with them";
  EXPECT_EQ(prepared[1]->request.configuration.ice_servers.at(0).username, "2:me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"bob","name":"bob"})");
  run();
  EXPECT_EQ(pc_of(1).configuration.ice_servers.at(0).username, "2:me") << "a new session too";

  // A rejoin after an outage: its welcome's credentials are the fresh ones.
  network.last().drop();
  scheduler.advance(*scheduler.next_due());
  network.last().open_now();
  json rejoin = json::parse(welcome("me", {"amy", "bob"}));
  rejoin["iceServers"] = turn_servers("3:me");
  network.last().deliver(rejoin.dump());
  run();
  EXPECT_EQ(pc_of(0).configuration.ice_servers.at(0).username, "3:me");
  EXPECT_EQ(pc_of(1).configuration.ice_servers.at(0).username, "3:me");
}

TEST_F(CallTest, TheEmbeddersOwnIceServersAreNeverReplacedByTheServers) {
  Call::Options options;
  options.ice_servers = std::vector<ports::IceServer>{{{"turn:203.0.113.9"}, "mine", "pw"}};
  make(options);
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"amy","name":"amy"})");
  run();
  network.last().deliver(
      json({{"type", "ice-servers"}, {"iceServers", turn_servers("2:me")}}).dump());
  EXPECT_EQ(pc_of(0).configurations_set, 0);
  EXPECT_EQ(pc_of(0).configuration.ice_servers.at(0).username, "mine");
}

// Offers this client sent to `target` on the newest signaling socket.
int offers_on_last_socket(fakes::FakeSignalingNetwork& network, const std::string& target) {
  int offers = 0;
  for (std::size_t i = 0; i < network.last().sent.size(); ++i) {
    const json message = network.last().sent_json(i);
    offers += message["type"] == "offer" && message.value("target", "") == target;
  }
  return offers;
}

TEST_F(CallTest, AResumeIntoAKeptSeatOffersToNewcomersAndDropsWhoLeftWithoutWaiting) {
  make();
  join_as("me");
  int ufrag = 7;
  for (const char* id : {"amy", "bob"}) {
    network.last().deliver(json({{"type", "peer-joined"}, {"peerId", id}, {"name", id}}).dump());
    run();
    network.last().deliver(
        json({{"type", "answer"},
              {"from", id},
              {"sdp",
               {{"type", "answer"},
                {"sdp", "fake answer kinds=audio,video ufrag=" + std::to_string(ufrag++)}}}})
            .dump());
  }
  run();
  pc_of(0).handlers.on_ice_connection_state_change(ports::IceConnectionState::kConnected);
  pc_of(1).handlers.on_ice_connection_state_change(ports::IceConnectionState::kConnected);
  network.last().drop();
  scheduler.advance(*scheduler.next_due());
  network.last().open_now();
  // While we were away bob left (his peer-left never reached us) and cy joined: the
  // server told cy we are here, so cy waits for our offer.
  network.last().deliver(welcome("me", {"amy", "cy"}, /*resumed=*/true));
  run();
  EXPECT_TRUE(pc_of(1).closed) << "bob is dropped at once: no grace for a kept seat";
  EXPECT_FALSE(pc_of(0).closed) << "amy's session goes on";
  EXPECT_EQ(offers_on_last_socket(network, "amy"), 0) << "nothing to renegotiate with amy";
  EXPECT_EQ(offers_on_last_socket(network, "cy"), 1) << "cy gets our offer";
  ASSERT_EQ(all<events::PeerJoined>().size(), 3u);
  EXPECT_EQ(all<events::PeerJoined>().back().name, "Name of cy");
  EXPECT_EQ(call->peers().size(), 2u);
  scheduler.advance(20s);
  EXPECT_FALSE(pc_of(0).closed);
  EXPECT_EQ(all<events::PeerLeft>().size(), 1u);
}

TEST_F(CallTest, AnOfferLostWithTheSocketIsMadeAgainAfterTheRejoinAndAnswered) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  ASSERT_EQ(pc_of(0).offers_made, 1);
  // The socket was dead but open: the offer never reached zed. It drops; we rejoin.
  network.last().drop();
  scheduler.advance(*scheduler.next_due());
  network.last().open_now();
  network.last().deliver(welcome("me", {"zed"}));
  run();
  EXPECT_EQ(pc_of(0).rollbacks, 1) << "the unanswered offer is taken back at once";
  EXPECT_EQ(pc_of(0).offers_made, 2);
  EXPECT_EQ(offers_on_last_socket(network, "zed"), 1) << "made again on the new connection";
  network.last().deliver(
      R"({"type":"answer","from":"zed","sdp":{"type":"answer","sdp":"fake answer kinds=audio,video ufrag=7"}})");
  run();
  EXPECT_EQ(pc_of(0).state, ports::SignalingState::kStable);
  pc_of(0).handlers.on_ice_connection_state_change(ports::IceConnectionState::kConnected);
  const auto states = all<events::ConnectionState>();
  ASSERT_FALSE(states.empty());
  EXPECT_EQ(states.back().peer_id, "zed");
  EXPECT_EQ(states.back().state, "connected");
  scheduler.advance(60s);
  run();
  EXPECT_EQ(pc_of(0).offers_made, 2) << "answered: nothing more";
}

TEST_F(CallTest, AnOfferMadeWhileSignalingIsDownWaitsForTheFlushNotForTheAnswerTimer) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  network.last().drop();  // lost before the offer is ready: it goes to the queue
  run();
  ASSERT_EQ(pc_of(0).offers_made, 1);
  scheduler.advance(30s);  // longer than the answer wait, with nobody to answer
  run();
  EXPECT_EQ(pc_of(0).rollbacks, 0) << "no answer can come while signaling is down";
  network.last().open_now();
  network.last().deliver(welcome("me", {"zed"}));
  run();
  EXPECT_EQ(pc_of(0).offers_made, 1) << "the queued offer left with the flush";
  EXPECT_EQ(offers_on_last_socket(network, "zed"), 1);
  // Its answer wait starts now.
  scheduler.advance(9s);
  run();
  EXPECT_EQ(pc_of(0).rollbacks, 0);
  scheduler.advance(2s);
  run();
  EXPECT_EQ(pc_of(0).rollbacks, 1) << "unanswered 10 s after it left: made again";
  EXPECT_EQ(pc_of(0).offers_made, 2);
}

TEST_F(CallTest, AnUnlistedPeerThatDoesNotComeBackIsDroppedAfterTheGrace) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"bob","name":"bob"})");
  run();
  pc_of(0).handlers.on_ice_connection_state_change(ports::IceConnectionState::kConnected);
  network.last().drop();
  scheduler.advance(*scheduler.next_due());
  network.last().open_now();
  network.last().deliver(welcome("me", {}));
  scheduler.advance(14s);
  EXPECT_FALSE(pc_of(0).closed);
  scheduler.advance(2s);
  EXPECT_TRUE(pc_of(0).closed);
  EXPECT_EQ(all<events::PeerLeft>().size(), 1u);
}

TEST_F(CallTest, OnlyAParleyPeersDisconnectionIsRestartedAReferencePeersIsWaitedOut) {
  make();
  join_as("me");
  for (const char* id : {"ref", "zed"}) {
    network.last().deliver(json({{"type", "peer-joined"}, {"peerId", id}, {"name", id}}).dump());
  }
  run();
  for (int i : {0, 1}) {
    const std::string peer = i == 0 ? "ref" : "zed";
    network.last().deliver(
        json({{"type", "answer"},
              {"from", peer},
              {"sdp",
               {{"type", "answer"},
                {"sdp", "fake answer kinds=audio,video ufrag=" + std::to_string(7 + i)}}}})
            .dump());
  }
  run();
  // zed is a Parley client: it says so with its media-state.
  network.last().deliver(R"({"type":"media-state","from":"zed","microphone":true,"camera":true})");
  for (int i : {0, 1}) {
    pc_of(i).handlers.on_ice_connection_state_change(ports::IceConnectionState::kConnected);
    pc_of(i).handlers.on_ice_connection_state_change(ports::IceConnectionState::kDisconnected);
  }
  scheduler.advance(6s);
  run();
  EXPECT_EQ(pc_of(1).restarts_requested, 1) << "zed's disconnection is restarted after its grace";
  EXPECT_EQ(pc_of(0).restarts_requested, 0)
      << "ref would answer a restart with a new connection: it is left to recover";
  call->network_back();
  run();
  EXPECT_EQ(pc_of(0).restarts_requested, 0) << "not even when the network is back";
  pc_of(0).handlers.on_ice_connection_state_change(ports::IceConnectionState::kFailed);
  run();
  EXPECT_EQ(pc_of(0).restarts_requested, 1) << "a failed connection has nothing left to lose";
}

TEST_F(CallTest, APeerJoinedAgainWithoutResumeIsANewInstanceAndGetsAFreshSession) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"ref","name":"reference page"})");
  run();
  network.last().deliver(R"({"type":"peer-joined","peerId":"ref","name":"reference page"})");
  run();
  EXPECT_TRUE(pc_of(0).closed);
  EXPECT_EQ(connections.records.size(), 2u);
  EXPECT_EQ(sent_to("ref"), (std::vector<std::string>{"offer", "offer"}));
}

TEST_F(CallTest, SamplesEveryConnectedPeersStatsOnceASecond) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  scheduler.advance(1s);
  run();
  EXPECT_TRUE(call->stats("zed")->samples().empty()) << "not sampled before it connects";
  pc_of(0).handlers.on_ice_connection_state_change(ports::IceConnectionState::kConnected);
  pc_of(0).stats_json =
      R"([{"id":"I","type":"inbound-rtp","kind":"video","bytesReceived":0,"frameWidth":640}])";
  scheduler.advance(1s);
  run();
  pc_of(0).stats_json =
      R"([{"id":"I","type":"inbound-rtp","kind":"video","bytesReceived":250000,"frameWidth":640}])";
  scheduler.advance(1s);
  run();
  const StatsHistory* stats = call->stats("zed");
  ASSERT_NE(stats, nullptr);
  ASSERT_EQ(stats->samples().size(), 2u);
  EXPECT_DOUBLE_EQ(stats->latest()->inbound_kbps, 2000.0);
  EXPECT_EQ(stats->latest()->width, 640);
  EXPECT_EQ(call->stats("nobody"), nullptr);
}

TEST_F(CallTest, AConnectionQualityChangeIsAnEventOnlyWhenTheRatingChanges) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  pc_of(0).handlers.on_ice_connection_state_change(ports::IceConnectionState::kConnected);
  const auto pair_with_rtt = [](double seconds) {
    return R"([{"id":"P","type":"candidate-pair","state":"succeeded","nominated":true,)"
           R"("currentRoundTripTime":)" +
           std::to_string(seconds) + "}]";
  };
  for (const double rtt : {0.020, 0.030, 0.250, 0.260, 0.900}) {
    pc_of(0).stats_json = pair_with_rtt(rtt);
    scheduler.advance(1s);
    run();
  }
  const auto qualities = all<events::Quality>();
  ASSERT_EQ(qualities.size(), 3u) << "good, fair, poor: one event per change";
  EXPECT_EQ(qualities[0].peer_id, "zed");
  EXPECT_EQ(qualities[0].quality, ConnectionQuality::kGood);
  EXPECT_EQ(qualities[1].quality, ConnectionQuality::kFair);
  ASSERT_TRUE(qualities[1].rtt_ms);
  EXPECT_NEAR(*qualities[1].rtt_ms, 250, 0.001);
  EXPECT_EQ(qualities[2].quality, ConnectionQuality::kPoor);
}

TEST_F(CallTest, LeavingClosesEverythingAndStopsTheTracks) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  auto& socket = network.last();
  call->leave();
  run();
  EXPECT_TRUE(pc_of(0).closed);
  EXPECT_TRUE(devices.stopped.count("mic-1"));
  EXPECT_TRUE(devices.stopped.count("cam-2"));
  EXPECT_EQ(socket.sent_json(socket.sent.size() - 1), json({{"type", "leave"}}));
}

TEST_F(CallTest, TracksThatArriveAfterLeavingAreStoppedAtOnce) {
  make();
  devices.answer_after = 5s;  // the person is still looking at the permission prompt
  call->join();
  network.last().open_now();
  network.last().deliver(welcome("me", {}));
  call->leave();
  scheduler.advance(5s);  // ... and clicks Allow after leaving
  ASSERT_EQ(devices.requests.size(), 1u);
  EXPECT_TRUE(devices.stopped.count("mic-1")) << "the microphone stays live for nobody";
  EXPECT_TRUE(devices.stopped.count("cam-2")) << "the camera light stays on for nobody";
  EXPECT_FALSE(call->media().tracks().audio || call->media().tracks().video);
  EXPECT_TRUE(all<events::LocalTracksChanged>().empty());
  ASSERT_EQ(all<events::Left>().size(), 1u);
  EXPECT_EQ(all<events::Left>()[0].reason, "left");
}

TEST_F(CallTest, AFatalJoinErrorEndsTheCallAndStopsLocalMediaEvenIfItArrivesLater) {
  for (const std::string code : {"room-full", "unauthorized"}) {
    events.clear();
    devices.stopped.clear();
    devices.requests.clear();
    make();
    devices.answer_after = 0ms;
    call->join();
    scheduler.advance(0ms);  // the microphone and camera are live
    devices.answer_after = 5s;
    call->media().select_devices(std::nullopt, "other-camera");  // a capture under way
    network.last().open_now();
    network.last().deliver(json({{"type", "error"}, {"code", code}, {"message", "no"}}).dump());
    scheduler.advance(5s);
    ASSERT_EQ(all<events::Left>().size(), 1u) << code;
    EXPECT_EQ(all<events::Left>()[0].reason, code);
    EXPECT_TRUE(call->ended());
    // Every track this call obtained is stopped: the two first ones and the late camera.
    ASSERT_EQ(devices.requests.size(), 2u) << code;
    EXPECT_EQ(devices.stopped.size(), 3u) << code;
    EXPECT_FALSE(call->media().tracks().audio || call->media().tracks().video) << code;
  }
}

TEST_F(CallTest, DestroyingACallStopsItsTracksAndAnyStillToCome) {
  make();
  join_as("me");
  devices.answer_after = 5s;
  call->media().start_screen_share();
  call.reset();
  EXPECT_TRUE(devices.stopped.count("mic-1"));
  EXPECT_TRUE(devices.stopped.count("cam-2"));
  scheduler.advance(5s);  // the screen picker answers for a call that is gone
  EXPECT_TRUE(devices.stopped.count("screen-3"));
}

TEST_F(CallTest, LeavingFromInsideAnEventHandlerIsSafe) {
  Call::Options options;
  options.signaling_url = "ws://x/";
  options.room = "r";
  call = std::make_unique<Call>(
      options,
      Call::Platform{network.factory(), connections.factory(), devices, scheduler,
                     [] { return 0.5; }, [] { return std::int64_t{1'764'000'000'000}; }, hasher,
                     sink_factory(),
                     /*prepare_peer_connection=*/{}},
      [this](const CallEvent& event) {
        if (std::holds_alternative<events::Error>(event))
          call->leave();  // from a session's callback
      });
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  call->session("zed")->on_relayed("answer", {{"type", "answer"}, {"sdp", 7}});  // -> error event
  run();
  EXPECT_TRUE(call->peers().empty());
  EXPECT_TRUE(pc_of(0).closed);
}

// [SECTION] Data channels and chat

TEST_F(CallTest, TheOffererCreatesTheChatChannelBeforeItsFirstOffer) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  const auto chat = pc_of(0).channel("parley-chat");
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->init.id, Call::kChatChannel.id);
  EXPECT_EQ(pc_of(0).offers_made, 1) << "the data line rides on the first offer";
  EXPECT_EQ(sent_to("zed"), std::vector<std::string>{"offer"});
}

TEST_F(CallTest, TheAnswererCreatesItsChannelOnlyWhenTheOfferHasADataLine) {
  make();
  join_as("me", {"amy", "ref"});
  network.last().deliver(
      R"({"type":"offer","from":"amy","sdp":{"type":"offer","sdp":"fake offer kinds=audio,video,m=application ufrag=1"}})");
  network.last().deliver(
      R"({"type":"offer","from":"ref","sdp":{"type":"offer","sdp":"fake offer kinds=audio,video ufrag=1"}})");
  run();
  ASSERT_EQ(connections.records.size(), 2u);
  const auto chat = pc_of(0).channel("parley-chat");
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->answers_before, 1) << "made once the answer has gone, off its path";
  EXPECT_TRUE(pc_of(0).data_negotiated);
  EXPECT_FALSE(pc_of(1).channel("parley-chat")) << "a reference client has no data channels";
  EXPECT_EQ(sent_to("amy"), std::vector<std::string>{"answer"}) << "no renegotiation";
  EXPECT_EQ(sent_to("ref"), std::vector<std::string>{"answer"});
  EXPECT_EQ(pc_of(0).negotiation_needed_fired, 0);
  EXPECT_FALSE(call->chat_ready("ref"));
}

TEST_F(CallTest, ChatTravelsOnThePeersChannelOnceItsHelloArrives) {
  Call::Options options;
  options.name = "Me";
  make(options);
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  const auto chat = pc_of(0).channel("parley-chat");
  chat->open();
  const auto posted = call->send_chat("before zed listens");
  ASSERT_TRUE(std::holds_alternative<chat::ChatMessage>(posted));
  chat->receive_text(data::ChannelLink::kHello);
  EXPECT_TRUE(call->chat_ready("zed"));
  ASSERT_FALSE(chat->texts.empty());
  const auto last = chat::parse_chat_message(chat->texts.back());
  ASSERT_TRUE(std::holds_alternative<chat::ChatMessage>(last)) << chat->texts.back();
  EXPECT_EQ(std::get<chat::ChatMessage>(last).text, "before zed listens");
  EXPECT_EQ(std::get<chat::ChatMessage>(last).name, "Me");
  EXPECT_EQ(std::get<chat::ChatMessage>(last).sent_at_ms, 1'764'000'000'000);

  chat->receive_text(chat::serialize(chat::ChatMessage{"zed", 1, "Zed", "hi", 7}));
  const auto chats = all<events::Chat>();
  ASSERT_EQ(chats.size(), 2u);
  EXPECT_TRUE(chats[0].own);
  EXPECT_FALSE(chats[1].own);
  EXPECT_EQ(chats[1].message.text, "hi");
  EXPECT_EQ(chat->texts.back(), chat::serialize(chat::ChatAck{1}));
}

TEST_F(CallTest, UnacknowledgedChatIsSentAgainUntilThePeerAcknowledgesIt) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  const auto chat = pc_of(0).channel("parley-chat");
  chat->open();
  chat->receive_text(data::ChannelLink::kHello);
  call->send_chat("are you there?");
  const auto count = [&] {
    return std::count_if(chat->texts.begin(), chat->texts.end(), [](const std::string& text) {
      return text.find("are you there?") != std::string::npos;
    });
  };
  EXPECT_EQ(count(), 1);
  scheduler.advance(Call::kChatResendInterval);
  EXPECT_EQ(count(), 2) << "lost without the link noticing? sent again";
  chat->receive_text(chat::serialize(chat::ChatAck{1}));
  scheduler.advance(3 * Call::kChatResendInterval);
  EXPECT_EQ(count(), 2) << "acknowledged: no more";
}

TEST_F(CallTest, HostileChatFromAPeerIsAnErrorEventNotACrash) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  const auto chat = pc_of(0).channel("parley-chat");
  chat->open();
  chat->receive_text(data::ChannelLink::kHello);
  chat->receive_text(std::string(100'000, '['));
  chat->receive_binary("\x01\x02");
  const auto errors = all<events::Error>();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].code, "chat-too-large");
  EXPECT_EQ(errors[0].peer_id, "zed");
  EXPECT_EQ(errors[1].code, "chat-bad-message");
  EXPECT_TRUE(all<events::Chat>().empty());
}

TEST_F(CallTest, AFileGoesOnThePeersFilesChannelAndALeavingPeerFailsItClearly) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  const auto files = pc_of(0).channel("parley-files");
  ASSERT_TRUE(files);
  EXPECT_EQ(files->init.id, Call::kFilesChannel.id);
  files->open();
  files->receive_text(data::ChannelLink::kHello);
  const auto sent = call->send_file("zed", std::make_unique<fakes::FakeFileSource>(
                                               scheduler, "notes.txt", std::string(5'000, 'n')));
  ASSERT_TRUE(std::holds_alternative<std::string>(sent));
  run();
  const auto offer = transfer::parse_control(files->texts.back());
  ASSERT_TRUE(std::holds_alternative<transfer::ControlFrame>(offer)) << files->texts.back();
  ASSERT_TRUE(std::holds_alternative<transfer::FileOffer>(std::get<transfer::ControlFrame>(offer)));
  files->receive_text(transfer::serialize(transfer::FileAccept{std::get<std::string>(sent), 0}));
  run();
  ASSERT_EQ(files->binaries.size(), 1u) << "5000 bytes: one chunk";
  EXPECT_LE(files->binaries[0].size(), 262'144u);

  network.last().deliver(R"({"type":"peer-left","peerId":"zed"})");
  run();
  const auto transfers = all<events::Transfer>();
  ASSERT_FALSE(transfers.empty());
  EXPECT_EQ(transfers.back().view.state, transfer::TransferState::kFailed);
  EXPECT_EQ(transfers.back().view.error, "Zed left the call");
}

// What a peer says on its two links, from its chat message seq 1 and its file offer "t1".
struct PeerLinks {
  std::shared_ptr<fakes::FakeDataChannel::Record> chat;
  std::shared_ptr<fakes::FakeDataChannel::Record> files;

  void say_hello(const std::string& session) const {
    for (const auto& channel : {chat, files}) {
      channel->open();
      channel->receive_text(data::ChannelLink::hello(session));
    }
  }
  void chat_and_offer(const std::string& text) const {
    chat->receive_text(chat::serialize(chat::ChatMessage{"zed", 1, "Zed", text, 7}));
    files->receive_text(transfer::serialize(
        transfer::FileOffer{"t1", text + ".txt", 3'000, "text/plain", 1'047'456, 65'466}));
  }
};

std::vector<std::string> offered_keys(const std::vector<events::Transfer>& transfers) {
  std::vector<std::string> keys;
  for (const auto& transfer : transfers) {
    if (transfer.view.state == transfer::TransferState::kOffered &&
        std::find(keys.begin(), keys.end(), transfer.view.key) == keys.end())
      keys.push_back(transfer.view.key);
  }
  return keys;
}

TEST_F(CallTest, APeerIdThatJoinsAgainIsHeardAfreshInChatAndFiles) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  const PeerLinks first{pc_of(0).channel("parley-chat"), pc_of(0).channel("parley-files")};
  first.say_hello("first-page");
  first.chat_and_offer("from the first page");
  // The page reloads: the server announces a new instance under the same id.
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  ASSERT_EQ(connections.records.size(), 2u);
  const PeerLinks second{pc_of(1).channel("parley-chat"), pc_of(1).channel("parley-files")};
  second.say_hello("second-page");
  second.chat_and_offer("from the second page");

  const auto chats = all<events::Chat>();
  ASSERT_EQ(chats.size(), 2u) << "its seq 1 is not a duplicate of the old instance's";
  EXPECT_EQ(chats[1].message.text, "from the second page");
  const auto keys = offered_keys(all<events::Transfer>());
  ASSERT_EQ(keys.size(), 2u) << "its offer t1 is a new file, not the failed one";
  const auto second_file = call->files().transfers();
  const auto it = std::find_if(second_file.begin(), second_file.end(),
                               [&](const auto& view) { return view.key == keys[1]; });
  ASSERT_NE(it, second_file.end());
  EXPECT_EQ(it->name, "from the second page.txt");
  EXPECT_EQ(it->state, transfer::TransferState::kOffered);
}

TEST_F(CallTest, AHelloNamingANewSessionMakesThePeerANewInstance) {
  make();
  join_as("me");
  network.last().deliver(R"({"type":"peer-joined","peerId":"zed","name":"Zed"})");
  run();
  const PeerLinks links{pc_of(0).channel("parley-chat"), pc_of(0).channel("parley-files")};
  links.say_hello("first-page");
  const auto ours = json::parse(links.chat->texts.front());
  EXPECT_EQ(ours["type"], "hello");
  EXPECT_EQ(ours["session"].get<std::string>().size(), 16u) << "we name our session too";
  links.chat_and_offer("before");
  links.say_hello("first-page");  // the same instance again (a cut link): nothing changes
  links.chat_and_offer("before");
  EXPECT_EQ(all<events::Chat>().size(), 1u);
  EXPECT_EQ(offered_keys(all<events::Transfer>()).size(), 1u);

  // Alternating sessions do not make us resend our outbox at the peer's will.
  call->send_chat("unacknowledged");
  const auto copies = [&] {
    return std::count_if(
        links.chat->texts.begin(), links.chat->texts.end(),
        [](const std::string& text) { return text.find("unacknowledged") != std::string::npos; });
  };
  const auto sent_before = copies();
  links.say_hello("second-page");
  EXPECT_EQ(copies(), sent_before) << "no resend at the peer's say-so";
  const auto transfers = all<events::Transfer>();
  ASSERT_FALSE(transfers.empty());
  EXPECT_EQ(transfers.back().view.state, transfer::TransferState::kFailed);
  EXPECT_EQ(transfers.back().view.error, "Zed reloaded the call");
  links.chat_and_offer("after");
  const auto chats = all<events::Chat>();
  ASSERT_EQ(chats.size(), 3u) << "before, ours, after";
  EXPECT_EQ(chats[2].message.text, "after");
  EXPECT_EQ(offered_keys(all<events::Transfer>()).size(), 2u);
}

TEST_F(CallTest, AFileForAClientWithoutDataChannelsIsRefusedUpFront) {
  make();
  join_as("me", {"ref"});
  network.last().deliver(
      R"({"type":"offer","from":"ref","sdp":{"type":"offer","sdp":"fake offer kinds=audio,video ufrag=1"}})");
  run();
  const auto sent =
      call->send_file("ref", std::make_unique<fakes::FakeFileSource>(scheduler, "x.bin", "data"));
  ASSERT_TRUE(std::holds_alternative<transfer::TransferHub::Refused>(sent));
  EXPECT_EQ(std::get<transfer::TransferHub::Refused>(sent).message,
            "Name of ref's app cannot receive files");
  EXPECT_TRUE(std::holds_alternative<transfer::TransferHub::Refused>(call->send_file(
      "nobody", std::make_unique<fakes::FakeFileSource>(scheduler, "x.bin", "data"))));
}

}  // namespace
}  // namespace parley::call
