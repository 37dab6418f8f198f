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

class PeerConnection {
 public:
  using Done = std::function<void(std::optional<Failure>)>;

  struct Handlers {
    std::function<void()> on_negotiation_needed;
    std::function<void(const IceCandidate&)> on_ice_candidate;
    std::function<void(IceConnectionState)> on_ice_connection_state_change;
    std::function<void(const RemoteTrack&)> on_track;
    // A send_track() the browser refused (replaceTrack rejected): what is sent did not change.
    std::function<void(MediaKind, const Failure&)> on_send_track_failed;
  };

  virtual ~PeerConnection() = default;

  // setLocalDescription() without an argument: the offer or answer the state calls for.
  virtual void set_local_description(
      std::function<void(std::variant<SessionDescription, Failure>)> done) = 0;
  virtual void set_remote_description(const SessionDescription& description, Done done) = 0;
  virtual void add_ice_candidate(const IceCandidate& candidate, Done done) = 0;
  virtual void restart_ice() = 0;
  // setLocalDescription({type: "rollback"}): takes back our offer that was never answered.
  virtual void rollback(Done done) = 0;
  virtual SignalingState signaling_state() const = 0;

  // Makes sure a sendrecv transceiver of `kind` exists - reusing the one a remote offer
  // made, else adding one - and sends `track_id` on it, or nothing (replaceTrack: no
  // renegotiation once the transceiver is negotiated).
  virtual void send_track(MediaKind kind, std::optional<std::string> track_id) = 0;

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
// advance with what a session's first offer has - sendrecv transceivers for audio then
// video (sending these tracks, where there are any yet) and these data channels - so the
// offer can leave the moment a newcomer arrives. The session that takes it asks for the
// same transceivers and channels again and is handed these.
struct ConnectionPlan {
  ConnectionRequest request;
  std::optional<std::string> audio_track;
  std::optional<std::string> video_track;
  std::vector<DataChannelInit> channels;
};

using PeerConnectionFactory = std::function<std::unique_ptr<PeerConnection>(
    const ConnectionRequest& request, PeerConnection::Handlers handlers)>;

}  // namespace parley::ports
