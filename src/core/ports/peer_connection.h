// An RTCPeerConnection, with W3C names, as core drives it. bindings/ implements it over
// the browser's; tests use tests/fakes. Asynchronous calls answer through a callback,
// once, on the event loop (never from inside the call); no handler runs after close().
//
// Media crosses as track ids: core says which local track (by MediaStreamTrack.id) each
// kind sends; the binding keeps the browser objects.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/ports/data_channel.h"
#include "core/ports/failure.h"

namespace parley::ports {

enum class MediaKind : std::uint8_t { kAudio, kVideo };

struct SessionDescription {
  enum class Type : std::uint8_t { kOffer, kAnswer };
  Type type;
  std::string sdp;
};

struct IceCandidate {
  std::string candidate;  // "candidate:..." (empty: end of candidates for sdp_mid)
  std::optional<std::string> sdp_mid;
  std::optional<int> sdp_mline_index;
  std::optional<std::string> username_fragment;
};

enum class SignalingState : std::uint8_t {
  kStable,
  kHaveLocalOffer,
  kHaveRemoteOffer,
  kHaveLocalPranswer,
  kHaveRemotePranswer,
  kClosed
};
enum class IceConnectionState : std::uint8_t {
  kNew,
  kChecking,
  kConnected,
  kCompleted,
  kDisconnected,
  kFailed,
  kClosed
};

struct IceServer {
  std::vector<std::string> urls;
  std::optional<std::string> username;
  std::optional<std::string> credential;
};

struct RtcConfiguration {
  std::vector<IceServer> ice_servers;
};

struct RemoteTrack {
  std::string id;
  MediaKind kind;
};

// RTCRtpTransceiverDirection.
enum class Direction : std::uint8_t { kSendRecv, kSendOnly, kRecvOnly, kInactive, kStopped };

// One RTCRtpTransceiver, as much as core's negotiation policy (call/send_plan.h) reads.
struct TransceiverInfo {
  MediaKind kind;                                // of its receiver's track
  Direction direction = Direction::kSendRecv;    // what this side asks for
  std::optional<Direction> current_direction{};  // what was negotiated; none before
  std::optional<std::string> sending{};          // the id of the track on its sender
};

class PeerConnection {
 public:
  using Done = std::function<void(std::optional<Failure>)>;

  struct Handlers {
    std::function<void()> on_negotiation_needed;
    std::function<void(const IceCandidate&)> on_ice_candidate;
    std::function<void(IceConnectionState)> on_ice_connection_state_change;
    std::function<void(const RemoteTrack&)> on_track;
    // The ICE agent chose a path (RTCIceTransport's "selectedcandidatepairchange"): the
    // connection's first, or another one.
    std::function<void()> on_selected_path_change;
  };

  virtual ~PeerConnection() = default;

  // setLocalDescription() without an argument: the offer or answer the state calls for.
  virtual void set_local_description(
      std::function<void(std::variant<SessionDescription, Failure>)> done) = 0;
  // A connection made from an offering ConnectionPlan may come with its first offer
  // already begun (the plan's transceivers and channels, then setLocalDescription()).
  // The session takes it, once, instead of making its first offer: `done` as for
  // set_local_description, or the failure of preparing it (then there is no offer).
  virtual bool has_prepared_offer() const { return false; }
  virtual void take_prepared_offer(
      std::function<void(std::variant<SessionDescription, Failure>)> done) {
    done(Failure{"InvalidStateError", "no offer was prepared"});
  }
  virtual void set_remote_description(const SessionDescription& description, Done done) = 0;
  virtual void add_ice_candidate(const IceCandidate& candidate, Done done) = 0;
  virtual void restart_ice() = 0;
  // setConfiguration(): new ICE servers (fresh TURN credentials) for the next gathering,
  // an ICE restart's; the candidates in use are kept.
  virtual void set_configuration(const RtcConfiguration& configuration) = 0;
  // setLocalDescription({type: "rollback"}): takes back our offer that was never answered.
  virtual void rollback(Done done) = 0;
  virtual SignalingState signaling_state() const = 0;

  // Media, as W3C primitives; which to use when is core's choice (call/send_plan.h).
  // getTransceivers(), in order; an index below is a position in this list.
  virtual std::vector<TransceiverInfo> transceivers() const = 0;
  // addTransceiver(track or kind, {direction, streams: [the local stream]}).
  virtual void add_transceiver(MediaKind kind, std::optional<std::string> track_id,
                               Direction direction) = 0;
  // addTrack(track, the local stream): adopts a transceiver of the track's kind that has
  // never sent (one a remote offer made), else adds one.
  virtual void add_track(MediaKind kind, const std::string& track_id) = 0;
  // sender.replaceTrack(track), its streams set to the local stream: no renegotiation.
  virtual void replace_track(std::size_t transceiver, std::optional<std::string> track_id,
                             Done done) = 0;
  virtual void set_direction(std::size_t transceiver, Direction direction) = 0;
  // Every sender of a video track starts again from a key frame (the browser has no call
  // for it: the binding pauses and resumes the sender's encodings, which does), so a
  // receiver that lost frames need not wait to ask for one (call/key_frame_refresh.h).
  virtual void send_key_frame() = 0;

  // A negotiated data channel (see data_channel.h), or what the browser threw.
  virtual std::variant<std::unique_ptr<DataChannel>, Failure> create_data_channel(
      const DataChannelInit& init) = 0;
  // The largest message the remote end accepts (RTCSctpTransport.maxMessageSize, from its
  // SDP's max-message-size); none until the SCTP transport exists.
  virtual std::optional<std::size_t> max_message_size() const = 0;

  // getStats() as JSON: an array of the report's stats objects.
  virtual void get_stats(std::function<void(std::variant<std::string, Failure>)> done) = 0;

  virtual void close() = 0;
};

// What a new connection is for. `offering`: its session makes the first offer (we were
// in the room first); otherwise it answers the remote peer's.
struct ConnectionRequest {
  RtcConfiguration configuration;
  bool offering = false;
};

// A connection worth making before anyone waits for it (Call::Platform's
// prepare_peer_connection). An offering one also carries its first offer, set locally in
// advance with what a session's first offer has - transceivers for audio then video
// (sending these tracks, where there are any yet; recvonly for a kind this side will not
// send) and these data channels - so the offer can leave the moment a newcomer arrives.
// The session that takes it asks for the same transceivers and channels again and is
// handed these.
struct ConnectionPlan {
  ConnectionRequest request;
  std::optional<std::string> audio_track;
  std::optional<std::string> video_track;
  std::vector<DataChannelInit> channels;
  Direction audio_direction = Direction::kSendRecv;
  Direction video_direction = Direction::kSendRecv;
};

using PeerConnectionFactory = std::function<std::unique_ptr<PeerConnection>(
    const ConnectionRequest& request, PeerConnection::Handlers handlers)>;

}  // namespace parley::ports
