// The JavaScript API for sites that embed Parley, exported with embind as
// Module.ParleyClient. web/parley.js wraps it in the documented, promise-based
// Parley.create() API (web/parley.d.ts); this file only translates between JS values and
// the Call in src/core.
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <emscripten/val.h>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "bindings/audio_levels.h"
#include "bindings/browser_files.h"
#include "bindings/browser_platform.h"
#include "bindings/js_function.h"
#include "core/base/overloaded.h"
#include "core/call/active_speaker.h"
#include "core/call/call.h"
#include "core/call/remote_tracks.h"
#include "core/protocol/room_link.h"

namespace parley::bindings {
namespace {
using emscripten::val;

val optional_string(const std::optional<std::string>& value) {
  return value ? val(*value) : val::null();
}

std::optional<std::string> string_field(const val& object, const char* name) {
  if (object.isUndefined() || object.isNull()) return std::nullopt;
  const val field = object[name];
  if (!field.isString()) return std::nullopt;
  return field.as<std::string>();
}

bool bool_field(const val& object, const char* name, bool fallback) {
  if (object.isUndefined() || object.isNull()) return fallback;
  const val field = object[name];
  return field.isUndefined() ? fallback : field.as<bool>();
}

// [{urls, username?, credential?}] from the embedder, or nothing to take the server's.
std::optional<std::vector<ports::IceServer>> ice_servers_of(const val& list) {
  if (list.isUndefined() || list.isNull()) return std::nullopt;
  std::vector<ports::IceServer> servers;
  for (int i = 0; i < list["length"].as<int>(); ++i) {
    const val entry = list[i];
    ports::IceServer server;
    const val urls = entry["urls"];
    if (urls.isString())
      server.urls.push_back(urls.as<std::string>());
    else if (!urls.isUndefined()) {
      for (int k = 0; k < urls["length"].as<int>(); ++k)
        server.urls.push_back(urls[k].as<std::string>());
    }
    server.username = string_field(entry, "username");
    server.credential = string_field(entry, "credential");
    servers.push_back(std::move(server));
  }
  return servers;
}

val chat_detail(const chat::ChatMessage& message, bool own) {
  val detail = val::object();
  detail.set("id", message.id());
  detail.set("from", message.sender);
  detail.set("name", message.name);
  detail.set("text", message.text);
  detail.set("sentAt", static_cast<double>(message.sent_at_ms));
  detail.set("own", own);
  return detail;
}

val transfer_detail(const transfer::TransferView& view) {
  val detail = val::object();
  detail.set("key", view.key);
  detail.set("peerId", view.peer_id);
  detail.set("direction", std::string(view.outgoing ? "outgoing" : "incoming"));
  detail.set("name", view.name);
  detail.set("size", static_cast<double>(view.size));
  detail.set("mime", view.mime);
  detail.set("state", std::string(transfer::to_string(view.state)));
  detail.set("bytes", static_cast<double>(view.bytes));
  detail.set("bytesPerSecond", view.bytes_per_second);
  detail.set("etaSeconds", view.eta_seconds ? val(*view.eta_seconds) : val::null());
  detail.set("error", view.error.empty() ? val::null() : val(view.error));
  if (!view.outgoing && view.state == transfer::TransferState::kDone) {
    const val file = received_file(view.key);  // {blob, name, url}
    if (!file.isUndefined()) {
      detail.set("blob", file["blob"]);
      detail.set("url", file["url"]);
    }
  }
  return detail;
}

val refusal(const std::string& code, const std::string& message) {
  val result = val::object();
  result.set("ok", false);
  result.set("code", code);
  result.set("message", message);
  return result;
}

const char* kind_name(ports::MediaKind kind) {
  return kind == ports::MediaKind::kAudio ? "audio" : "video";
}

val optional_number(const std::optional<double>& value) {
  return value ? val(*value) : val::null();
}

// {cameras, microphones, speakers}: [{deviceId, label}] each, as enumerateDevices() lists
// them (labels are empty until the page has been allowed a camera or microphone).
val devices_detail(const std::vector<ports::MediaDeviceInfo>& devices) {
  val cameras = val::array();
  val microphones = val::array();
  val speakers = val::array();
  for (const auto& device : devices) {
    val entry = val::object();
    entry.set("deviceId", device.device_id);
    entry.set("label", device.label);
    if (device.kind == "videoinput") cameras.call<void>("push", entry);
    if (device.kind == "audioinput") microphones.call<void>("push", entry);
    if (device.kind == "audiooutput") speakers.call<void>("push", entry);
  }
  val detail = val::object();
  detail.set("cameras", cameras);
  detail.set("microphones", microphones);
  detail.set("speakers", speakers);
  return detail;
}

}  // namespace

class ParleyClient {
 public:
  // options: {signalingUrl, iceServers?, audio?, video?: boolean | {width, height}}
  explicit ParleyClient(val options)
      : signaling_url_(string_field(options, "signalingUrl").value_or("")),
        ice_servers_(ice_servers_of(options["iceServers"])),
        audio_(bool_field(options, "audio", true)) {
    const val video = options["video"];
    video_ = !video.isFalse();  // absent or true: a camera at the default size
    if (video.typeOf().as<std::string>() == "object" && !video.isNull() &&
        video["width"].isNumber() && video["height"].isNumber()) {
      camera_size_ = {video["width"].as<int>(), video["height"].as<int>()};
    }
    platform_.on_network_back([this] {
      if (call_) call_->network_back();
    });
    platform_.devices().watch_device_changes([this] { emit_devices(); });
  }

  // destroy() in parley.js: the call ends (its camera and microphone stop, its
  // connections close) and every object of this client goes with it.
  ~ParleyClient() {
    if (call_) call_->leave();
  }

  void setEventHandler(val handler) { handler_ = std::move(handler); }

  // A call rehearsed before the join (BrowserPlatform::rehearse_connection);
  // callback(connected) when it is over. join() ends one still under way.
  void rehearse(val callback) {
    platform_.rehearse_connection([callback](bool connected) { callback(connected); });
  }

  // request: {room, name?, token?, stream?}. One call at a time: false while one is under
  // way. After it ended (leave(), a fatal error) a join starts a new one. With a
  // MediaStream, the call sends (clones of) its tracks instead of capturing.
  bool join(val request) {
    if (call_ && !call_->ended()) return false;
    retire_call();
    platform_.cancel_rehearsal();
    const val stream = request["stream"];
    platform_.devices().provide_stream(stream.isUndefined() ? val::null() : stream);
    call::Call::Options options;
    options.signaling_url = signaling_url_;
    options.room = string_field(request, "room").value_or("");
    options.name = string_field(request, "name").value_or("");
    options.token = string_field(request, "token");
    options.ice_servers = ice_servers_;
    options.audio = audio_;
    options.video = video_;
    options.camera_size = camera_size_;
    call_ = std::make_unique<call::Call>(options, platform_.platform(),
                                         [this](const call::CallEvent& event) { forward(event); });
    call_->join();
    listen_for_speakers();
    return true;
  }

  void leave() {
    if (call_) call_->leave();
  }

  void setMicrophone(bool on) {
    if (call_) call_->media().set_microphone(on);
  }
  void setCamera(bool on) {
    if (call_) call_->media().set_camera(on);
  }
  // selection: {audioInput?, videoInput?} device ids from enumerateDevices().
  void selectDevices(val selection) {
    if (call_) {
      call_->media().select_devices(string_field(selection, "audioInput"),
                                    string_field(selection, "videoInput"));
    }
  }
  void startScreenShare() {
    if (call_) call_->media().start_screen_share();
  }
  void stopScreenShare() {
    if (call_) call_->media().stop_screen_share();
  }

  // {peerId: {...the latest figures, history: [figures, ... up to a minute]}}
  val getStats() const {
    nlohmann::json result = nlohmann::json::object();
    if (call_) {
      for (const auto& peer : call_->peers()) {
        const call::StatsHistory* history = call_->stats(peer.peer_id);
        if (!history || !history->latest()) continue;
        nlohmann::json entry = call::to_json(*history->latest());
        entry["history"] = nlohmann::json::array();
        for (const auto& sample : history->samples())
          entry["history"].push_back(call::to_json(sample));
        result[peer.peer_id] = std::move(entry);
      }
    }
    return val::global("JSON").call<val>("parse", result.dump());
  }

  // callback({peerId: [RTCStats objects...]}) once every connection answered getStats().
  void getRawStats(val callback) {
    const auto peers = call_ ? call_->peers() : std::vector<call::Call::PeerView>{};
    auto result = std::make_shared<val>(val::object());
    if (peers.empty()) {
      callback(*result);
      return;
    }
    auto waiting = std::make_shared<std::size_t>(peers.size());
    for (const auto& peer : peers) {
      call_->session(peer.peer_id)
          ->get_stats([result, waiting, callback,
                       id = peer.peer_id](std::variant<std::string, ports::Failure> stats) {
            if (const auto* json = std::get_if<std::string>(&stats)) {
              result->set(id, val::global("JSON").call<val>("parse", *json));
            }
            if (--*waiting == 0) callback(*result);
          });
    }
  }

  std::string peerId() const {
    return call_ && call_->self_id() ? *call_->self_id() : std::string();
  }

  val peers() const {
    val list = val::array();
    if (!call_) return list;
    for (const auto& peer : call_->peers()) {
      val entry = val::object();
      entry.set("peerId", peer.peer_id);
      entry.set("name", peer.name);
      entry.set("state", std::string(call::to_string(peer.state)));
      list.call<void>("push", entry);
    }
    return list;
  }

  val localStream() { return platform_.media().local_stream(); }

  val remoteStream(std::string peer_id) {
    const auto track = remote_tracks_.first_of(peer_id);
    return track ? platform_.media().remote_stream(*track) : val::null();
  }

  // {ok: true, message} or {ok: false, code, message}; web/parley.js throws the latter.
  val sendChat(std::string text) {
    val result = val::object();
    if (!call_) {
      result.set("ok", false);
      result.set("code", "not-joined");
      result.set("message", "join a room before sending messages");
      return result;
    }
    auto sent = call_->send_chat(text);
    if (const auto* error = std::get_if<chat::ChatError>(&sent)) {
      result.set("ok", false);
      result.set("code", error->code);
      result.set("message", error->message);
      return result;
    }
    result.set("ok", true);
    result.set("message", chat_detail(std::get<chat::ChatMessage>(sent), true));
    return result;
  }
  // file: a File or Blob. {ok: true, key} or {ok: false, code, message}.
  val sendFile(std::string peer_id, val file) {
    if (!call_) return refusal("not-joined", "join a room before sending files");
    if (file.isNull() || file.isUndefined() || !file.instanceof (val::global("Blob")))
      return refusal("bad-file", "sendFile needs a File or Blob");
    auto sent = call_->send_file(peer_id, std::make_unique<BrowserFileSource>(file));
    if (const auto* refused = std::get_if<transfer::TransferHub::Refused>(&sent))
      return refusal("file-refused", refused->message);
    val result = val::object();
    result.set("ok", true);
    result.set("key", std::get<std::string>(sent));
    return result;
  }
  void acceptFile(std::string key) {
    if (call_) call_->files().accept(key);
  }
  void declineFile(std::string key) {
    if (call_) call_->files().decline(key);
  }
  void cancelFile(std::string key) {
    if (call_) call_->files().cancel(key);
  }
  bool dismissFile(std::string key) { return call_ && call_->files().dismiss(key); }
  val transfers() const {
    val list = val::array();
    if (!call_) return list;
    for (const auto& view : call_->files().transfers())
      list.call<void>("push", transfer_detail(view));
    return list;
  }

  // The wasm heap's size: received files must not grow it (they live in Blobs).
  double heapBytes() const { return static_cast<double>(emscripten_get_heap_size()); }

  bool chatReady(std::string peer_id) const { return call_ && call_->chat_ready(peer_id); }
  // Test hook: the peer's data channels close as a cut path would, and reopen.
  void cutDataChannels(std::string peer_id) {
    if (call_) call_->cut_data_channels(peer_id);
  }

  bool microphoneOn() const { return call_ ? call_->media().microphone_on() : audio_; }
  bool cameraOn() const { return call_ ? call_->media().camera_on() : video_; }
  bool sharingScreen() const { return call_ && call_->media().sharing_screen(); }

 private:
  void forward(const call::CallEvent& event) {
    remote_tracks_.apply(event);  // a departed peer's streams are released before we tell
    std::visit(Overloaded{
                   [&](const call::events::Joined& joined) {
                     val detail = val::object();
                     detail.set("room", joined.room);
                     detail.set("peerId", joined.peer_id);
                     detail.set("rejoined", joined.rejoined);
                     emit("joined", detail);
                   },
                   [&](const call::events::PeerJoined& joined) {
                     val detail = val::object();
                     detail.set("peerId", joined.peer_id);
                     detail.set("name", joined.name);
                     emit("peer-joined", detail);
                   },
                   [&](const call::events::PeerLeft& left) {
                     levels_.remove(left.peer_id);
                     val detail = val::object();
                     detail.set("peerId", left.peer_id);
                     emit("peer-left", detail);
                   },
                   [&](const call::events::ConnectionState& state) {
                     val detail = val::object();
                     detail.set("peerId", state.peer_id.empty() ? val::null() : val(state.peer_id));
                     detail.set("state", state.state);
                     emit("connection-state", detail);
                   },
                   [&](const call::events::Track& track) {
                     if (track.track.kind == ports::MediaKind::kAudio)
                       levels_.meter(track.peer_id,
                                     platform_.media().remote_stream(track.track.id));
                     val detail = val::object();
                     detail.set("peerId", track.peer_id);
                     detail.set("kind", std::string(kind_name(track.track.kind)));
                     detail.set("trackId", track.track.id);
                     detail.set("stream", platform_.media().remote_stream(track.track.id));
                     emit("track", detail);
                   },
                   [&](const call::events::LocalTracksChanged& local) {
                     if (local.tracks.audio)
                       levels_.meter(kSelfKey, platform_.media().local_stream());
                     else
                       levels_.remove(kSelfKey);
                     val detail = val::object();
                     detail.set("audio", optional_string(local.tracks.audio));
                     detail.set("video", optional_string(local.tracks.video));
                     detail.set("stream", platform_.media().local_stream());
                     emit("local-tracks", detail);
                   },
                   [&](const call::events::PeerMedia& media) {
                     val detail = val::object();
                     detail.set("peerId", media.peer_id);
                     detail.set("microphone", media.microphone);
                     detail.set("camera", media.camera);
                     emit("peer-media", detail);
                   },
                   [&](const call::events::Transfer& transfer) {
                     emit("file", transfer_detail(transfer.view));
                   },
                   [&](const call::events::Chat& chat) {
                     emit("chat", chat_detail(chat.message, chat.own));
                   },
                   [&](const call::events::Error& error) {
                     emit_error(error.code, error.message, error.fatal, error.peer_id);
                   },
                   [&](const call::events::Quality& quality) {
                     val detail = val::object();
                     detail.set("peerId", quality.peer_id);
                     detail.set("quality", std::string(call::api_name(quality.quality)));
                     detail.set("rttMs", optional_number(quality.rtt_ms));
                     detail.set("packetLossPercent", optional_number(quality.packet_loss_percent));
                     emit("connection-quality", detail);
                   },
                   [&](const call::events::Left& left) {
                     stop_listening_for_speakers();
                     val detail = val::object();
                     detail.set("reason", left.reason);
                     emit("left", detail);
                   },
               },
               event);
  }

  // The loudest voice, sampled 10 times a second while in a call (core/call/active_speaker
  // smooths and holds it); 'active-speaker' when it changes.
  void listen_for_speakers() {
    speaker_timer_.start(kSpeakerSampleEvery, [this] {
      const auto now = std::chrono::duration_cast<call::ActiveSpeaker::Clock>(
          platform_.scheduler().now().time_since_epoch());
      speaker_.update(levels_.sample(), now);
      if (speaker_.current() != told_speaker_) {
        told_speaker_ = speaker_.current();
        val detail = val::object();
        const bool self = told_speaker_ == kSelfKey;
        detail.set("peerId", !told_speaker_ ? val::null()
                             : self         ? val(peerId())
                                            : val(*told_speaker_));
        detail.set("self", self);
        emit("active-speaker", detail);
      }
      if (call_) listen_for_speakers();
    });
  }
  void stop_listening_for_speakers() {
    speaker_timer_.stop();
    levels_.remove_all();
    speaker_ = {};
    told_speaker_.reset();
  }

  void emit_devices() {
    platform_.devices().enumerate_devices([this](std::vector<ports::MediaDeviceInfo> devices) {
      emit("devices", devices_detail(devices));
    });
  }

  // An ended call is freed on the next turn of the event loop, not here: a join() may
  // come from inside one of its own events ('left').
  void retire_call() {
    if (!call_) return;
    ended_calls_.push_back(std::move(call_));
    free_ended_calls_.start(std::chrono::milliseconds(0), [this] { ended_calls_.clear(); });
  }

  void emit_error(const std::string& code, const std::string& message, bool fatal,
                  const std::string& peer_id = "") {
    val detail = val::object();
    detail.set("code", code);
    detail.set("message", message);
    detail.set("fatal", fatal);
    detail.set("peerId", peer_id.empty() ? val::null() : val(peer_id));
    emit("error", detail);
  }

  void emit(const char* name, const val& detail) {
    if (!handler_.isUndefined() && !handler_.isNull()) handler_(std::string(name), detail);
  }

  std::string signaling_url_;
  std::optional<std::vector<ports::IceServer>> ice_servers_;
  bool audio_;
  bool video_ = true;
  call::CameraSize camera_size_;
  BrowserPlatform platform_;
  // Before the call, so it outlives it; after the platform, whose media it releases.
  call::RemoteTracks remote_tracks_{
      [this](const std::string& id) { platform_.media().forget_remote(id); }};
  std::unique_ptr<call::Call> call_;
  std::vector<std::unique_ptr<call::Call>> ended_calls_;
  ports::Timer free_ended_calls_{platform_.scheduler()};
  val handler_ = val::undefined();
  static constexpr const char* kSelfKey = "\x01self";  // never a peer id (those are printable)
  static constexpr std::chrono::milliseconds kSpeakerSampleEvery{100};
  AudioLevels levels_;
  call::ActiveSpeaker speaker_;
  std::optional<std::string> told_speaker_;
  ports::Timer speaker_timer_{platform_.scheduler()};
};

// The room-id rule has one owner (core/protocol/room_link): parley.js asks it rather than repeat
// it.
bool room_id_is_valid(std::string room) {
  return parley::is_valid_room_id(room);
}

EMSCRIPTEN_BINDINGS(parley_client) {
  emscripten::function("isValidRoomId", &room_id_is_valid);
  emscripten::class_<ParleyClient>("ParleyClient")
      .constructor<val>()
      .function("setEventHandler", &ParleyClient::setEventHandler)
      .function("rehearse", &ParleyClient::rehearse)
      .function("join", &ParleyClient::join)
      .function("leave", &ParleyClient::leave)
      .function("setMicrophone", &ParleyClient::setMicrophone)
      .function("setCamera", &ParleyClient::setCamera)
      .function("selectDevices", &ParleyClient::selectDevices)
      .function("startScreenShare", &ParleyClient::startScreenShare)
      .function("stopScreenShare", &ParleyClient::stopScreenShare)
      .function("getStats", &ParleyClient::getStats)
      .function("getRawStats", &ParleyClient::getRawStats)
      .function("peerId", &ParleyClient::peerId)
      .function("peers", &ParleyClient::peers)
      .function("localStream", &ParleyClient::localStream)
      .function("remoteStream", &ParleyClient::remoteStream)
      .function("sendChat", &ParleyClient::sendChat)
      .function("chatReady", &ParleyClient::chatReady)
      .function("heapBytes", &ParleyClient::heapBytes)
      .function("sendFile", &ParleyClient::sendFile)
      .function("acceptFile", &ParleyClient::acceptFile)
      .function("declineFile", &ParleyClient::declineFile)
      .function("cancelFile", &ParleyClient::cancelFile)
      .function("dismissFile", &ParleyClient::dismissFile)
      .function("transfers", &ParleyClient::transfers)
      .function("cutDataChannels", &ParleyClient::cutDataChannels)
      .function("microphoneOn", &ParleyClient::microphoneOn)
      .function("cameraOn", &ParleyClient::cameraOn)
      .function("sharingScreen", &ParleyClient::sharingScreen);
}

}  // namespace parley::bindings
