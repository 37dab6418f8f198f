#include "bindings/browser_peer_connection.h"

#include <limits>
#include <utility>
#include <vector>

#include "bindings/browser_data_channel.h"
#include "bindings/js_string.h"
#include "bindings/sender_parameters.h"

namespace parley::bindings {
using emscripten::val;
using ports::IceConnectionState;
using ports::MediaKind;
using ports::SignalingState;

namespace {

IceConnectionState ice_state_of(const std::string& state) {
  if (state == "checking") return IceConnectionState::kChecking;
  if (state == "connected") return IceConnectionState::kConnected;
  if (state == "completed") return IceConnectionState::kCompleted;
  if (state == "disconnected") return IceConnectionState::kDisconnected;
  if (state == "failed") return IceConnectionState::kFailed;
  if (state == "closed") return IceConnectionState::kClosed;
  return IceConnectionState::kNew;
}

const char* kind_name(MediaKind kind) {
  return kind == MediaKind::kAudio ? "audio" : "video";
}

ports::Direction direction_of(const std::string& name) {
  if (name == "sendonly") return ports::Direction::kSendOnly;
  if (name == "recvonly") return ports::Direction::kRecvOnly;
  if (name == "inactive") return ports::Direction::kInactive;
  if (name == "stopped") return ports::Direction::kStopped;
  return ports::Direction::kSendRecv;
}

}  // namespace

BrowserPeerConnection::BrowserPeerConnection(PreparedConnection prepared, Handlers handlers,
                                             MediaRegistry& media)
    : shared_(std::make_shared<Shared>(Shared{std::move(handlers), false})),
      media_(media),
      pc_(std::move(prepared.pc)),
      prepared_offer_(std::move(prepared.offer)),
      prepared_channels_(std::move(prepared.channels)),
      on_negotiation_needed_([shared = shared_](val) {
        const auto handler = shared->handlers.on_negotiation_needed;
        if (!shared->closed && handler) handler();
      }),
      on_ice_candidate_([shared = shared_](val event) {
        const val candidate = event["candidate"];
        if (shared->closed || candidate.isNull() || candidate.isUndefined()) return;
        ports::IceCandidate out{string_or(candidate["candidate"]), std::nullopt, std::nullopt,
                                std::nullopt};
        if (candidate["sdpMid"].isString()) out.sdp_mid = candidate["sdpMid"].as<std::string>();
        if (candidate["sdpMLineIndex"].isNumber())
          out.sdp_mline_index = candidate["sdpMLineIndex"].as<int>();
        if (candidate["usernameFragment"].isString()) {
          out.username_fragment = candidate["usernameFragment"].as<std::string>();
        }
        const auto handler = shared->handlers.on_ice_candidate;
        if (handler) handler(out);
      }),
      on_ice_state_([this, shared = shared_](val) {
        if (shared->closed) return;
        watch_ice_transport();
        const auto handler = shared->handlers.on_ice_connection_state_change;
        if (handler) handler(ice_state_of(pc_["iceConnectionState"].as<std::string>()));
      }),
      on_track_([this, shared = shared_](val event) {
        if (shared->closed) return;
        const val track = event["track"];
        const val streams = event["streams"];
        // A sender without a stream (no msid) still deserves one to play in.
        const val stream =
            streams["length"].as<int>() > 0
                ? streams[0]
                : val::global("MediaStream").new_(val::array(std::vector<val>{track}));
        const std::string id = track["id"].as<std::string>();
        media_.add_remote(id, stream);
        const auto handler = shared->handlers.on_track;
        const std::string kind = track["kind"].as<std::string>();
        if (handler) handler({id, kind == "audio" ? MediaKind::kAudio : MediaKind::kVideo});
      }),
      on_selected_path_([shared = shared_](val) {
        const auto handler = shared->handlers.on_selected_path_change;
        if (!shared->closed && handler) handler();
      }) {
  pc_.set("onnegotiationneeded", on_negotiation_needed_.function());
  pc_.set("onicecandidate", on_ice_candidate_.function());
  pc_.set("oniceconnectionstatechange", on_ice_state_.function());
  pc_.set("ontrack", on_track_.function());
}

BrowserPeerConnection::~BrowserPeerConnection() {
  close();
}

void BrowserPeerConnection::settle(const val& promise, Done done) {
  then(
      promise,
      [shared = shared_, done](val) {
        if (!shared->closed) done(std::nullopt);
      },
      [shared = shared_, done](val error) {
        if (!shared->closed) done(failure_of(error));
      });
}

void BrowserPeerConnection::set_local_description(
    std::function<void(std::variant<ports::SessionDescription, ports::Failure>)> done) {
  finish_local_description(pc_.call<val>("setLocalDescription"), std::move(done));
}

void BrowserPeerConnection::take_prepared_offer(
    std::function<void(std::variant<ports::SessionDescription, ports::Failure>)> done) {
  // The promise of the prepared setLocalDescription(): its description once it is set.
  finish_local_description(std::exchange(prepared_offer_, val::null()), std::move(done));
}

void BrowserPeerConnection::finish_local_description(
    const val& applied,
    std::function<void(std::variant<ports::SessionDescription, ports::Failure>)> done) {
  then(
      applied,
      [this, shared = shared_, done](val) {
        if (shared->closed) return;
        const val local = pc_["localDescription"];
        const std::string type = string_or(local["type"]);
        done(ports::SessionDescription{type == "answer" ? ports::SessionDescription::Type::kAnswer
                                                        : ports::SessionDescription::Type::kOffer,
                                       string_or(local["sdp"])});
      },
      [shared = shared_, done](val error) {
        if (!shared->closed) done(failure_of(error));
      });
}

void BrowserPeerConnection::set_remote_description(const ports::SessionDescription& description,
                                                   Done done) {
  val init = val::object();
  init.set("type",
           description.type == ports::SessionDescription::Type::kOffer ? "offer" : "answer");
  init.set("sdp", description.sdp);
  settle(pc_.call<val>("setRemoteDescription", init), std::move(done));
}

void BrowserPeerConnection::add_ice_candidate(const ports::IceCandidate& candidate, Done done) {
  val init = val::object();
  init.set("candidate", candidate.candidate);
  init.set("sdpMid", candidate.sdp_mid ? val(*candidate.sdp_mid) : val::null());
  init.set("sdpMLineIndex",
           candidate.sdp_mline_index ? val(*candidate.sdp_mline_index) : val::null());
  if (candidate.username_fragment) init.set("usernameFragment", *candidate.username_fragment);
  settle(pc_.call<val>("addIceCandidate", init), std::move(done));
}

void BrowserPeerConnection::restart_ice() {
  if (!shared_->closed) pc_.call<void>("restartIce");
}

void BrowserPeerConnection::set_configuration(const ports::RtcConfiguration& configuration) {
  if (shared_->closed) return;
  const val error = val::module_property("tryCall")(pc_, std::string("setConfiguration"),
                                                    rtc_configuration_of(configuration));
  // Only a changed bundlePolicy or certificate throws; the servers in use stay.
  if (!error.isNull()) {
    val::global("console").call<void>(
        "warn", std::string("Parley: setConfiguration failed: ") + failure_of(error).message);
  }
}

void BrowserPeerConnection::rollback(Done done) {
  val init = val::object();
  init.set("type", std::string("rollback"));
  settle(pc_.call<val>("setLocalDescription", init), std::move(done));
}

SignalingState BrowserPeerConnection::signaling_state() const {
  const std::string state = pc_["signalingState"].as<std::string>();
  if (state == "have-local-offer") return SignalingState::kHaveLocalOffer;
  if (state == "have-remote-offer") return SignalingState::kHaveRemoteOffer;
  if (state == "have-local-pranswer") return SignalingState::kHaveLocalPranswer;
  if (state == "have-remote-pranswer") return SignalingState::kHaveRemotePranswer;
  if (state == "closed") return SignalingState::kClosed;
  return SignalingState::kStable;
}

std::vector<ports::TransceiverInfo> BrowserPeerConnection::transceivers() const {
  std::vector<ports::TransceiverInfo> out;
  if (shared_->closed) return out;
  const val list = pc_.call<val>("getTransceivers");
  for (int i = 0; i < list["length"].as<int>(); ++i) {
    const val transceiver = list[i];
    const val sending = transceiver["sender"]["track"];
    const std::string current = string_or(transceiver["currentDirection"]);
    out.push_back({transceiver["receiver"]["track"]["kind"].as<std::string>() == "audio"
                       ? MediaKind::kAudio
                       : MediaKind::kVideo,
                   direction_of(string_or(transceiver["direction"])),
                   current.empty() ? std::nullopt : std::optional(direction_of(current)),
                   sending.isNull() || sending.isUndefined()
                       ? std::nullopt
                       : std::optional(sending["id"].as<std::string>())});
  }
  return out;
}

void BrowserPeerConnection::add_transceiver(MediaKind kind, std::optional<std::string> track_id,
                                            ports::Direction direction) {
  if (shared_->closed) return;
  add_sending_transceiver(pc_, kind_name(kind),
                          track_id ? media_.local_track(*track_id) : val::null(),
                          media_.local_stream(), direction);
}

void BrowserPeerConnection::add_track(MediaKind /*kind*/, const std::string& track_id) {
  if (shared_->closed) return;
  const val track = media_.local_track(track_id);
  if (track.isNull()) return;
  const val sender = pc_.call<val>("addTrack", track, media_.local_stream());
  apply_degradation_preference(sender, track);
}

void BrowserPeerConnection::replace_track(std::size_t transceiver,
                                          std::optional<std::string> track_id, Done done) {
  if (shared_->closed) return;
  const val track = track_id ? media_.local_track(*track_id) : val::null();
  val sender = pc_.call<val>("getTransceivers")[transceiver]["sender"];
  if (!sender["setStreams"].isUndefined())
    sender.call<void>("setStreams", media_.local_stream());  // the receiver's msid
  then(
      sender.call<val>("replaceTrack", track),
      [shared = shared_, sender, track, done](val) {
        if (shared->closed) return;
        apply_degradation_preference(sender, track);
        done(std::nullopt);
      },
      [shared = shared_, done](val error) {
        if (!shared->closed) done(failure_of(error));
      });
}

void BrowserPeerConnection::send_key_frame() {
  if (shared_->closed) return;
  const val transceivers = pc_.call<val>("getTransceivers");
  for (int i = 0; i < transceivers["length"].as<int>(); ++i) {
    const std::string sending = string_or(transceivers[i]["currentDirection"]);
    if (sending == "sendrecv" || sending == "sendonly")
      restart_from_key_frame(transceivers[i]["sender"]);
  }
}

// With bundling one RTCIceTransport carries everything; it exists once a description is
// applied, and stays the same through ICE restarts. Looked for at each ICE state change:
// "checking" comes before any path is selected.
void BrowserPeerConnection::watch_ice_transport() {
  if (!ice_transport_.isNull()) return;
  val transport = val::null();
  const val transceivers = pc_.call<val>("getTransceivers");
  for (int i = 0; i < transceivers["length"].as<int>() && transport.isNull(); ++i) {
    const val dtls = transceivers[i]["sender"]["transport"];
    if (!dtls.isNull() && !dtls.isUndefined()) transport = dtls["iceTransport"];
  }
  const val sctp = pc_["sctp"];
  if (transport.isNull() && !sctp.isNull() && !sctp.isUndefined())
    transport = sctp["transport"]["iceTransport"];
  if (transport.isNull() || transport.isUndefined()) return;
  ice_transport_ = transport;
  ice_transport_.call<void>("addEventListener", std::string("selectedcandidatepairchange"),
                            on_selected_path_.function());
}

void BrowserPeerConnection::set_direction(std::size_t transceiver, ports::Direction direction) {
  if (!shared_->closed)
    pc_.call<val>("getTransceivers")[transceiver].set("direction", direction_name(direction));
}

std::variant<std::unique_ptr<ports::DataChannel>, ports::Failure>
BrowserPeerConnection::create_data_channel(const ports::DataChannelInit& init) {
  if (shared_->closed) return ports::Failure{"InvalidStateError", "the connection is closed"};
  const auto prepared = prepared_channels_.find(init.label);
  if (prepared != prepared_channels_.end()) {
    const val channel = prepared->second;
    prepared_channels_.erase(prepared);
    if (channel["id"].as<int>() == init.id) return std::make_unique<BrowserDataChannel>(channel);
  }
  return BrowserDataChannel::create(pc_, init);
}

std::optional<std::size_t> BrowserPeerConnection::max_message_size() const {
  const val sctp = pc_["sctp"];
  if (sctp.isNull() || sctp.isUndefined() || !sctp["maxMessageSize"].isNumber())
    return std::nullopt;
  // Infinity (no limit said) or anything beyond size_t reads as the largest size_t.
  const double size = sctp["maxMessageSize"].as<double>();
  constexpr auto kLargest = std::numeric_limits<std::size_t>::max();
  return size >= static_cast<double>(kLargest) ? kLargest : static_cast<std::size_t>(size);
}

void BrowserPeerConnection::get_stats(
    std::function<void(std::variant<std::string, ports::Failure>)> done) {
  then(
      pc_.call<val>("getStats"),
      [shared = shared_, done](val report) {
        if (!shared->closed) done(utf8_of(val::module_property("statsToJson")(report)));
      },
      [shared = shared_, done](val error) {
        if (!shared->closed) done(failure_of(error));
      });
}

void BrowserPeerConnection::close() {
  if (shared_->closed) return;
  shared_->closed = true;
  for (const char* handler :
       {"onnegotiationneeded", "onicecandidate", "oniceconnectionstatechange", "ontrack"}) {
    pc_.set(handler, val::null());
  }
  if (!ice_transport_.isNull()) {
    ice_transport_.call<void>("removeEventListener", std::string("selectedcandidatepairchange"),
                              on_selected_path_.function());
  }
  pc_.call<void>("close");
}

ports::PeerConnectionFactory BrowserPeerConnection::factory(MediaRegistry& media,
                                                            SparePeerConnection& spare) {
  return [&media, &spare](const ports::ConnectionRequest& request, Handlers handlers) {
    return std::make_unique<BrowserPeerConnection>(spare.take(request), std::move(handlers), media);
  };
}

}  // namespace parley::bindings
