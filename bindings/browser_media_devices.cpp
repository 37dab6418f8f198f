#include "bindings/browser_media_devices.h"

namespace parley::bindings {
using emscripten::val;

namespace {

val media_devices() {
  return val::global("navigator")["mediaDevices"];
}

// {kind: value}, as a constraint: {ideal: 1280}, {exact: "device-id"}.
template <class Value>
val constraint(const char* kind, const Value& value) {
  val result = val::object();
  result.set(kind, value);
  return result;
}

val exactly(const std::string& device_id) {
  return constraint("exact", device_id);
}

val audio_constraints(const ports::MediaRequest& request) {
  val audio = val::object();
  audio.set("echoCancellation", true);
  audio.set("noiseSuppression", true);
  audio.set("autoGainControl", true);
  if (request.audio_device_id) audio.set("deviceId", exactly(*request.audio_device_id));
  return audio;
}

val video_constraints(const ports::MediaRequest& request) {
  val video = val::object();
  video.set("width", constraint("ideal", request.ideal_width));
  video.set("height", constraint("ideal", request.ideal_height));
  if (request.video_device_id) video.set("deviceId", exactly(*request.video_device_id));
  return video;
}

ports::Failure unsupported() {
  return {"NotSupportedError",
          "this page cannot use cameras or microphones (it needs https:// or localhost)"};
}

}  // namespace

ports::CapturedTrack BrowserMediaDevices::adopt(const val& track) {
  registry_.add_local(track);
  const std::string kind = track["kind"].as<std::string>();
  return {track["id"].as<std::string>(),
          kind == "audio" ? ports::MediaKind::kAudio : ports::MediaKind::kVideo,
          string_or(track["label"])};
}

void BrowserMediaDevices::answer_from_provided(
    const ports::MediaRequest& request,
    std::function<void(std::variant<std::vector<ports::CapturedTrack>, ports::Failure>)> done) {
  const val tracks = provided_.call<val>("getTracks");
  val chosen = val::array();
  bool audio = false;
  bool video = false;
  for (int i = 0; i < tracks["length"].as<int>(); ++i) {
    const val track = tracks[i];
    if (track["readyState"].as<std::string>() != "live") continue;
    const std::string kind = track["kind"].as<std::string>();
    bool& taken = kind == "audio" ? audio : video;
    const bool wanted = kind == "audio" ? request.audio : request.video;
    if (taken || !wanted) continue;
    taken = true;
    chosen.call<void>("push", track.call<val>("clone"));
  }
  // As getUserMedia answers: asynchronously, and adopted only if still wanted.
  later([this, alive = std::weak_ptr<bool>(alive_), chosen, done] {
    const int count = chosen["length"].as<int>();
    if (alive.expired()) {
      for (int i = 0; i < count; ++i) chosen[i].call<void>("stop");
      return;
    }
    if (count == 0) {
      return done(ports::Failure{"NotFoundError",
                                 "the stream given to join() has no live track of that kind"});
    }
    std::vector<ports::CapturedTrack> captured;
    for (int i = 0; i < count; ++i) captured.push_back(adopt(chosen[i]));
    done(captured);
  });
}

void BrowserMediaDevices::get_user_media(
    const ports::MediaRequest& request,
    std::function<void(std::variant<std::vector<ports::CapturedTrack>, ports::Failure>)> done) {
  if (!provided_.isNull()) return answer_from_provided(request, std::move(done));
  const val devices = media_devices();
  if (devices.isUndefined()) return later([done] { done(unsupported()); });
  val constraints = val::object();
  constraints.set("audio", request.audio ? audio_constraints(request) : val(false));
  constraints.set("video", request.video ? video_constraints(request) : val(false));
  then(
      devices.call<val>("getUserMedia", constraints),
      [this, alive = std::weak_ptr<bool>(alive_), done](val stream) {
        const val tracks = stream.call<val>("getTracks");
        if (alive.expired()) {  // nobody wants them any more
          for (int i = 0; i < tracks["length"].as<int>(); ++i) tracks[i].call<void>("stop");
          return;
        }
        std::vector<ports::CapturedTrack> captured;
        for (int i = 0; i < tracks["length"].as<int>(); ++i) captured.push_back(adopt(tracks[i]));
        done(captured);
      },
      [alive = std::weak_ptr<bool>(alive_), done](val error) {
        if (!alive.expired()) done(failure_of(error));
      });
}

void BrowserMediaDevices::get_display_media(
    std::function<void(std::variant<ports::CapturedTrack, ports::Failure>)> done) {
  const val devices = media_devices();
  if (devices.isUndefined() || devices["getDisplayMedia"].isUndefined()) {
    return later([done] {
      done(ports::Failure{"NotSupportedError", "this browser cannot share the screen"});
    });
  }
  val constraints = val::object();
  constraints.set("video", true);
  constraints.set("audio", false);
  then(
      devices.call<val>("getDisplayMedia", constraints),
      [this, alive = std::weak_ptr<bool>(alive_), done](val stream) {
        val track = stream.call<val>("getVideoTracks")[0];
        if (alive.expired()) return track.call<void>("stop");
        // Text and slides must stay sharp: under load, drop frames rather than resolution.
        track.set("contentHint", std::string("detail"));
        done(adopt(track));
      },
      [alive = std::weak_ptr<bool>(alive_), done](val error) {
        if (!alive.expired()) done(failure_of(error));
      });
}

void BrowserMediaDevices::enumerate_devices(
    std::function<void(std::vector<ports::MediaDeviceInfo>)> done) {
  const val devices = media_devices();
  if (devices.isUndefined()) return later([done] { done({}); });
  then(
      devices.call<val>("enumerateDevices"),
      [alive = std::weak_ptr<bool>(alive_), done](val list) {
        if (alive.expired()) return;
        std::vector<ports::MediaDeviceInfo> infos;
        for (int i = 0; i < list["length"].as<int>(); ++i) {
          const val device = list[i];
          infos.push_back({string_or(device["deviceId"]), string_or(device["kind"]),
                           string_or(device["label"])});
        }
        done(infos);
      },
      [alive = std::weak_ptr<bool>(alive_), done](val) {
        if (!alive.expired()) done({});
      });
}

void BrowserMediaDevices::set_enabled(const std::string& track_id, bool enabled) {
  val track = registry_.local_track(track_id);
  if (!track.isNull()) track.set("enabled", enabled);
}

void BrowserMediaDevices::stop(const std::string& track_id) {
  const val track = registry_.local_track(track_id);
  if (track.isNull()) return;
  ended_handlers_.erase(track_id);  // stop() fires no "ended"; drop the handler anyway
  track.call<void>("stop");
  registry_.remove_local(track_id);
}

void BrowserMediaDevices::on_ended(const std::string& track_id, std::function<void()> callback) {
  val track = registry_.local_track(track_id);
  if (track.isNull()) return;
  auto handler =
      std::make_unique<JsFunction>([callback = std::move(callback)](val) { callback(); });
  track.set("onended", handler->function());
  ended_handlers_.insert_or_assign(track_id, std::move(handler));
}

void BrowserMediaDevices::watch_device_changes(std::function<void()> callback) {
  val devices = media_devices();
  if (devices.isUndefined()) return;
  if (device_change_handler_)
    devices.call<void>("removeEventListener", std::string("devicechange"),
                       device_change_handler_->function());
  device_change_handler_ =
      std::make_unique<JsFunction>([callback = std::move(callback)](val) { callback(); });
  devices.call<void>("addEventListener", std::string("devicechange"),
                     device_change_handler_->function());
}

}  // namespace parley::bindings
