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
  return {val::global("RTCPeerConnection").new_(rtc_configuration_of(configuration)), val::null(),
          {}};
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
  return result;
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
  // As BrowserPeerConnection::send_track adds them for a first offer: audio then video.
  const std::pair<const char*, const std::optional<std::string>*> kinds[] = {
      {"audio", &plan.audio_track}, {"video", &plan.video_track}};
  for (const auto& [kind, track_id] : kinds) {
    const val track = *track_id ? media_.local_track(**track_id) : val::null();
    val init = val::object();
    init.set("direction", "sendrecv");
    init.set("streams", val::array(std::vector<val>{media_.local_stream()}));
    spare.pc.call<val>("addTransceiver", track.isNull() ? val(kind) : track, init);
  }
  for (const auto& channel : plan.channels) {
    const val made = val::module_property("tryCreateDataChannel")(spare.pc, channel.label,
                                                                  channel.id);
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
