#include "app/lobby_preview.h"

#include "core/call/media_errors.h"

namespace parley::app {
namespace {

// "" in a DeviceChoice is the browser's default: no deviceId constraint.
std::optional<std::string> constraint_of(const std::optional<std::string>& picked) {
  return picked && !picked->empty() ? picked : std::nullopt;
}

}  // namespace

LobbyPreview::LobbyPreview(bindings::BrowserPlatform& platform, bindings::VideoTextures& videos)
    : platform_(platform), videos_(videos) {}

LobbyPreview::~LobbyPreview() {
  stop();
}

void LobbyPreview::start() {
  if (running_) return;
  running_ = true;
  platform_.devices().watch_device_changes([this, alive = std::weak_ptr<bool>(alive_)] {
    if (!alive.expired() && running_) list_devices();
  });
  capture();
}

void LobbyPreview::stop() {
  running_ = false;
  ++generation_;
  platform_.devices().watch_device_changes([] {});
  release();
}

void LobbyPreview::release() {
  for (const auto& track : tracks_) platform_.devices().stop(track);
  tracks_.clear();
  videos_.remove(kVideoKey);
}

void LobbyPreview::pick_camera(std::optional<std::string> device_id) {
  choice_.pick_camera(std::move(device_id));
  if (running_) capture();
}

void LobbyPreview::pick_microphone(std::optional<std::string> device_id) {
  choice_.pick_microphone(std::move(device_id));
  if (running_) capture();
}

void LobbyPreview::continue_without() {
  choice_.pick_none();
  problem_.clear();
  if (running_) capture();
}

void LobbyPreview::capture() {
  release();
  const int generation = ++generation_;
  captured_camera_ = choice_.camera();
  captured_microphone_ = choice_.microphone();
  if (!captured_camera_ && !captured_microphone_) return list_devices();

  ports::MediaRequest request;
  request.audio = captured_microphone_.has_value();
  request.video = captured_camera_.has_value();
  request.audio_device_id = constraint_of(captured_microphone_);
  request.video_device_id = constraint_of(captured_camera_);
  platform_.devices().get_user_media(
      request, [this, generation, alive = std::weak_ptr<bool>(alive_)](
                   std::variant<std::vector<ports::CapturedTrack>, ports::Failure> result) {
        if (alive.expired()) return;
        if (const auto* failure = std::get_if<ports::Failure>(&result)) {
          if (generation == generation_) problem_ = call::describe_media_failure(*failure).message;
          return list_devices();
        }
        for (const auto& track : std::get<std::vector<ports::CapturedTrack>>(result)) {
          if (generation != generation_) {  // the person picked again meanwhile
            platform_.devices().stop(track.id);
            continue;
          }
          tracks_.push_back(track.id);
        }
        if (generation != generation_) return;
        problem_.clear();
        if (captured_camera_) videos_.show(kVideoKey, platform_.media().local_stream(), false);
        list_devices();  // with permission, devices now have ids and labels
      });
}

void LobbyPreview::list_devices() {
  platform_.devices().enumerate_devices(
      [this, alive = std::weak_ptr<bool>(alive_)](std::vector<ports::MediaDeviceInfo> devices) {
        if (alive.expired() || !running_) return;
        choice_.set_devices(devices);
        // A picked device that went away: the preview follows the fallback.
        if (!tracks_.empty() &&
            (!call::DeviceChoice::still_matches(captured_camera_, choice_.camera()) ||
             !call::DeviceChoice::still_matches(captured_microphone_, choice_.microphone()))) {
          capture();
        }
      });
}

}  // namespace parley::app
