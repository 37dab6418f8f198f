// ports::MediaDevices over navigator.mediaDevices. Constraints: the ideal video size
// (1280x720 unless the embedder asks otherwise);
// audio with echo cancellation, noise suppression and gain control; exact device ids
// when the person picked devices.
#pragma once

#include <map>
#include <memory>

#include "bindings/js_function.h"
#include "bindings/media_registry.h"
#include "core/ports/media_devices.h"

namespace parley::bindings {

class BrowserMediaDevices final : public ports::MediaDevices {
 public:
  explicit BrowserMediaDevices(MediaRegistry& registry) : registry_(registry) {}

  void get_user_media(
      const ports::MediaRequest& request,
      std::function<void(std::variant<std::vector<ports::CapturedTrack>, ports::Failure>)> done)
      override;
  void get_display_media(
      std::function<void(std::variant<ports::CapturedTrack, ports::Failure>)> done) override;
  void enumerate_devices(std::function<void(std::vector<ports::MediaDeviceInfo>)> done) override;
  void set_enabled(const std::string& track_id, bool enabled) override;
  void stop(const std::string& track_id) override;
  void on_ended(const std::string& track_id, std::function<void()> callback) override;

  // Later camera/microphone requests are answered with clones of `stream`'s first live
  // audio and video tracks instead of capturing (null: capture again). Clones, so that
  // ending a call stops ours and leaves the embedder's own tracks running.
  void provide_stream(const emscripten::val& stream) { provided_ = stream; }

  // Calls `callback` on every devicechange (a camera or headset plugged in or out) until
  // this is destroyed; a later call replaces the callback.
  void watch_device_changes(std::function<void()> callback);

 private:
  ports::CapturedTrack adopt(const emscripten::val& track);
  void answer_from_provided(
      const ports::MediaRequest& request,
      std::function<void(std::variant<std::vector<ports::CapturedTrack>, ports::Failure>)> done);

  MediaRegistry& registry_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::map<std::string, std::unique_ptr<JsFunction>> ended_handlers_;
  std::unique_ptr<JsFunction> device_change_handler_;
  emscripten::val provided_ = emscripten::val::null();
};

}  // namespace parley::bindings
