#include "bindings/spare_peer_connection.h"

#include <vector>

namespace parley::bindings {
using emscripten::val;

namespace {
std::string key_of(const ports::ConnectionRequest& request) {
  return val::global("JSON").call<std::string>("stringify",
                                               rtc_configuration_of(request.configuration)) +
         (request.offering ? " offering" : " answering");
}
PreparedConnection unprepared(const ports::RtcConfiguration& configuration) {
  return {
      val::global("RTCPeerConnection").new_(rtc_configuration_of(configuration)), val::null(), {}};
}
}  // namespace

val rtc_configuration_of(const ports::RtcConfiguration& configuration) {
  val servers = val::array();
  for (const auto& server : configuration.ice_servers) {
    val entry = val::object();
    val urls = val::array();
    for (const auto& url : server.urls) urls.call<void>("push", url);
    entry.set("urls", urls);
    if (server.username) entry.set("username", *server.username);
    if (server.credential) entry.set("credential", *server.credential);
    servers.call<void>("push", entry);
  }
  val result = val::object();
  result.set("iceServers", servers);
  // One transport for the whole call, gathered once: "balanced" gathers a transport per
  // media type (audio, video, data) until the answer bundles them - three sets of ports,
  // of candidates to trickle and of TURN allocations, two of them thrown away. It asks
  // the answerer to support BUNDLE, as every browser does; offers from peers that gather
  // per type (the reference client's) are answered as before.
  result.set("bundlePolicy", "max-bundle");
  return result;
}

const char* direction_name(ports::Direction direction) {
  switch (direction) {
    case ports::Direction::kSendOnly:
      return "sendonly";
    case ports::Direction::kRecvOnly:
      return "recvonly";
    case ports::Direction::kInactive:
      return "inactive";
    case ports::Direction::kStopped:
      return "stopped";
    case ports::Direction::kSendRecv:
      break;
  }
  return "sendrecv";
}

void add_sending_transceiver(val pc, const char* kind, const val& track, const val& stream,
                             ports::Direction direction) {
  val init = val::object();
  init.set("direction", direction_name(direction));
  init.set("streams", val::array(std::vector<val>{stream}));
  pc.call<val>("addTransceiver", track.isNull() ? val(kind) : track, init);
}

SparePeerConnection::~SparePeerConnection() {
  drop();
}

void SparePeerConnection::prepare(const std::optional<ports::ConnectionPlan>& plan) {
  if (!plan) return drop();
  const std::string key = key_of(plan->request);
  if (spare_ && key == key_) return;  // its tracks may be older: taking it replaces them
  drop();
  spare_ = unprepared(plan->request.configuration);
  key_ = key;
  if (plan->request.offering) prepare_offer(*spare_, *plan);
}

void SparePeerConnection::prepare_offer(PreparedConnection& spare,
                                        const ports::ConnectionPlan& plan) {
  // In the order a session attaches them (PeerSession::attach_local_tracks).
  const auto track_of = [this](const std::optional<std::string>& id) {
    return id ? media_.local_track(*id) : val::null();
  };
  add_sending_transceiver(spare.pc, "audio", track_of(plan.audio_track), media_.local_stream(),
                          plan.audio_direction);
  add_sending_transceiver(spare.pc, "video", track_of(plan.video_track), media_.local_stream(),
                          plan.video_direction);
  for (const auto& channel : plan.channels) {
    const val made =
        val::module_property("tryCreateDataChannel")(spare.pc, channel.label, channel.id);
    if (!made["error"].isUndefined()) return;  // no offer prepared: the session makes its own
    spare.channels.emplace(channel.label, made["channel"]);
  }
  spare.offer = spare.pc.call<val>("setLocalDescription");
  // A failure is the taker's to see (it waits on this promise); not an unhandled one here.
  spare.offer.call<val>("catch", val::module_property("ignoreRejection"));
}

PreparedConnection SparePeerConnection::take(const ports::ConnectionRequest& request) {
  if (spare_ && key_of(request) == key_) {
    PreparedConnection taken = std::move(*spare_);
    spare_.reset();
    return taken;
  }
  return unprepared(request.configuration);
}

void SparePeerConnection::drop() {
  if (!spare_) return;
  spare_->pc.call<void>("close");
  spare_.reset();
}

}  // namespace parley::bindings
