#include "bindings/spare_peer_connection.h"

namespace parley::bindings {
using emscripten::val;

namespace {
std::string key_of(const val& rtc_configuration) {
  return val::global("JSON").call<std::string>("stringify", rtc_configuration);
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

void SparePeerConnection::prepare(const std::optional<ports::RtcConfiguration>& configuration) {
  if (!configuration) return drop();
  const val rtc = rtc_configuration_of(*configuration);
  const std::string key = key_of(rtc);
  if (!spare_.isNull() && key == key_) return;
  drop();
  spare_ = val::global("RTCPeerConnection").new_(rtc);
  key_ = key;
}

val SparePeerConnection::take(const ports::RtcConfiguration& configuration) {
  const val rtc = rtc_configuration_of(configuration);
  if (!spare_.isNull() && key_of(rtc) == key_) {
    val taken = spare_;
    spare_ = val::null();
    return taken;
  }
  return val::global("RTCPeerConnection").new_(rtc);
}

void SparePeerConnection::drop() {
  if (spare_.isNull()) return;
  spare_.call<void>("close");
  spare_ = val::null();
}

}  // namespace parley::bindings
