// The call with one remote peer: its RTCPeerConnection, negotiated with "perfect
// negotiation" (W3C WebRTC 1.0, section 10.7), and kept alive by the ICE-restart policy.
//
//   PeerSession bob({.self_id = "alice", .remote_id = "bob", .configuration = ...},
//                   peer_connection_factory, scheduler, local_tracks, handlers);
//   bob.start_offering();                  // we were in the room first: we offer (reference flow)
//   bob.on_relayed(message);               // offer / answer / ice-candidate from bob
//   bob.send_track(MediaKind::kVideo, id);  // camera switched, screen shared: replaceTrack
//   bob.close();
//
// Roles: the peer with the smaller id is polite (yields in an offer collision); the
// reference flow decides only who makes the first offer - the peer already in the room.
// Every later negotiation (ICE restarts, renegotiation) runs the perfect-negotiation
// rules on both sides, so simultaneous offers settle without a deadlock.
// Remote candidates that arrive before a remote description are queued, then added.
// Media: one sendrecv transceiver per kind, created by the offerer (even without a local
// track, so the other side's media always has an m-line to travel on); the answerer puts
// its tracks on the transceivers the offer made. Which W3C call does each (addTransceiver,
// addTrack, replaceTrack) is core's rule, in send_plan.h.
// An offer that gets no answer (lost with a dead signaling socket, or the peer missed it)
// is taken back after `answer_within` and made again with an ICE restart - waits doubling
// up to a minute - so a lost negotiation never leaves both sides "connecting".
// A connection that has never connected and is still checking `no_path_within` after ICE
// began (or has failed sooner) reports why, once: no direct path and no TURN relay, or a
// relay that could not be reached (PathDiagnosis). The policy keeps trying meanwhile.
// When media's path comes back after a cut, or moves, our video restarts from a key frame
// (KeyFrameRefresh) rather than wait for the receiver to ask.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/call/ice_restart_policy.h"
#include "core/call/key_frame_refresh.h"
#include "core/call/path_diagnosis.h"
#include "core/ports/peer_connection.h"
#include "core/ports/scheduler.h"

namespace parley::call {

// What one peer sends: a track id per kind, or nothing.
struct LocalTracks {
  std::optional<std::string> audio;
  std::optional<std::string> video;
  // Whether a track of the kind may still be sent: asked for and not yet settled, or held.
  // A kind that is not (the embedder asked for none, or none could be had) is offered and
  // answered recvonly, so the other side gets no track to play and meter that never
  // carries anything; a track that comes later makes it sendrecv (call/send_plan.h).
  bool audio_wanted = true;
  bool video_wanted = true;
  const std::optional<std::string>& of(ports::MediaKind kind) const {
    return kind == ports::MediaKind::kAudio ? audio : video;
  }
  bool wanted(ports::MediaKind kind) const {
    return kind == ports::MediaKind::kAudio ? audio_wanted : video_wanted;
  }
};

class PeerSession {
 public:
  enum class State { kNew, kConnecting, kConnected, kReconnecting, kFailed, kClosed };
  static constexpr std::chrono::milliseconds kLongestAnswerWait{60'000};

  struct Options {
    std::string self_id;
    std::string remote_id;
    ports::RtcConfiguration configuration;
    IceRestartPolicy::Settings ice_restart;
    bool offering = false;  // start_offering() follows (see ports::ConnectionRequest)
    std::chrono::milliseconds answer_within{10'000};   // then the offer is made again
    std::chrono::milliseconds no_path_within{10'000};  // of checking, never connected
  };

  struct Handlers {
    // A message for the remote peer: type and fields (description_fields, candidate_fields).
    std::function<void(const std::string& type, const nlohmann::json& fields)> send;
    std::function<void(State)> on_state;
    std::function<void(const ports::RemoteTrack&)> on_track;
    std::function<void(const std::string& message)> on_error;
    // No network path to the peer was found (see no_path_within); `cause` is one sentence
    // from PathDiagnosis, without the peer's name.
    std::function<void(const std::string& cause)> on_no_path;
    // Now is the moment to create the data channels (create_data_channel): before our first
    // offer, or once our answer to a remote offer that has a data line has gone - so they
    // never cost a renegotiation. A remote offer without one (a reference client) never
    // calls it: that peer has no data channels.
    std::function<void()> on_data_channels_due;
    // Whether what send() is given leaves now; false while signaling is down and messages
    // wait in its queue (an answer cannot come then: the wait for it starts at the flush).
    // Unset: always.
    std::function<bool()> signaling_up;
  };

  PeerSession(Options options, const ports::PeerConnectionFactory& factory,
              ports::Scheduler& scheduler, const LocalTracks& local_tracks, Handlers handlers);
  ~PeerSession();
  PeerSession(const PeerSession&) = delete;
  PeerSession& operator=(const PeerSession&) = delete;

  // The reference flow: the peer already in the room offers to the newcomer.
  void start_offering();
  // An offer, answer or ice-candidate the remote peer sent (as the server relayed it).
  void on_relayed(const std::string& type, const nlohmann::json& message);
  // The local track of `kind` changed (camera switch, screen share, camera gone).
  void send_track(ports::MediaKind kind, const std::optional<std::string>& track_id);
  // Restarts ICE now (policy-driven restarts happen by themselves).
  void restart_ice();
  // New ICE servers (fresh TURN credentials) for its next ICE restart.
  void set_ice_servers(const std::vector<ports::IceServer>& servers);
  // The signaling connection was lost: no answer can come until it is back.
  void signaling_lost();
  // It is back (a rejoin's welcome listed the peer). An offer still unanswered was either
  // waiting in the queue (just sent: its answer wait starts now) or sent into the lost
  // connection (perhaps never delivered: it is rolled back and made again, with an ICE
  // restart); otherwise a session that is not connected restarts ICE (for a peer whose
  // disconnections are waited out - IceRestartPolicy - only a failed one).
  void signaling_back();
  // The peer is known to take an ICE restart on the same connection (a Parley client):
  // its disconnections are restarted rather than waited out.
  void peer_takes_restarts();
  // The network is back or changed (the browser's "online" event, a new connection
  // type): a connection that is down restarts ICE now instead of waiting for its next
  // retry, and one that looks up restarts too, unless its peer does not take restarts
  // (IceRestartPolicy::network_changed).
  void network_back();
  std::variant<std::unique_ptr<ports::DataChannel>, ports::Failure> create_data_channel(
      const ports::DataChannelInit& init);
  // The largest message the peer accepts, once the data channels' transport exists.
  std::optional<std::size_t> max_message_size() const;
  // Fetches getStats() as JSON (see ports::PeerConnection::get_stats).
  void get_stats(std::function<void(std::variant<std::string, ports::Failure>)> done);
  void close();

  State state() const { return state_; }
  const std::string& remote_id() const { return options_.remote_id; }
  bool polite() const { return polite_; }
  bool ever_connected() const { return ever_connected_; }

 private:
  void on_negotiation_needed();
  void on_offer_sent();
  void make_offer_again();
  void on_answer_overdue();
  void on_remote_description(const ports::SessionDescription& description);
  void on_remote_candidate(const ports::IceCandidate& candidate);
  void add_candidate(const ports::IceCandidate& candidate);
  void answer(bool offer_has_data);
  void attach_local_tracks();
  // Sends `track_id` (or nothing) as `kind` by the call send_plan.h chooses.
  void send_now(ports::MediaKind kind, const std::optional<std::string>& track_id);
  // setLocalDescription(), counted: while one is pending an answer is under way.
  void set_local_description(
      std::function<void(std::variant<ports::SessionDescription, ports::Failure>)> done);
  void on_ice_state(ports::IceConnectionState state);
  void report_no_path();
  void set_state(State state);
  void data_channels_due();
  void report(const std::string& message);
  void add_pending_candidates();

  Options options_;
  const LocalTracks& local_tracks_;
  Handlers handlers_;
  const bool polite_;
  std::unique_ptr<ports::PeerConnection> pc_;
  IceRestartPolicy ice_restart_;
  KeyFrameRefresh key_frames_;
  PathDiagnosis path_diagnosis_;
  ports::Timer no_path_timer_;
  bool no_path_reported_ = false;
  ports::Timer answer_timer_;
  std::chrono::milliseconds answer_wait_;  // the next wait for an answer (doubles)
  bool offer_queued_ = false;              // our last offer waits in the signaling queue

  // Perfect negotiation's flags, as the specification names them.
  bool making_offer_ = false;
  bool ignore_offer_ = false;
  bool setting_remote_answer_pending_ = false;

  // Remote candidates go to the browser as soon as they can: while a remote answer is
  // being applied (the browser's operations chain applies them after it), or, for a
  // remote offer, right behind our answer - the answer needs none of them, so nothing
  // waits ahead of it in the chain. Those that come before any description wait here.
  bool remote_description_applied_ = false;
  std::deque<ports::IceCandidate> pending_candidates_;
  // While a remote offer is being applied its transceivers do not exist yet: a track
  // attached then would get a transceiver of its own, and the call a renegotiation. The
  // answer attaches it instead (tracks_held_ says one waited).
  bool applying_remote_offer_ = false;
  bool tracks_held_ = false;
  int local_descriptions_pending_ = 0;
  State state_ = State::kNew;
  bool ever_connected_ = false;
  bool data_channels_due_ = false;
};

const char* to_string(PeerSession::State state);

}  // namespace parley::call
