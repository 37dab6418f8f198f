// The lobby's devices: the camera and microphone pickers (a core DeviceChoice kept in
// step with enumerateDevices and devicechange) and a live self-preview of what is picked.
// Why a capture failed (permission denied, no device, busy) is kept for the lobby to
// show next to a way to continue without camera and microphone. stop() before joining:
// the call captures its own tracks.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bindings/browser_platform.h"
#include "bindings/video_textures.h"
#include "core/call/device_choice.h"

namespace parley::app {

class LobbyPreview {
 public:
  static constexpr const char* kVideoKey = "self";

  LobbyPreview(bindings::BrowserPlatform& platform, bindings::VideoTextures& videos);
  ~LobbyPreview();
  LobbyPreview(const LobbyPreview&) = delete;
  LobbyPreview& operator=(const LobbyPreview&) = delete;

  void start();
  void stop();

  void pick_camera(std::optional<std::string> device_id);
  void pick_microphone(std::optional<std::string> device_id);
  void continue_without();

  const call::DeviceChoice& choice() const { return choice_; }
  const std::string& problem() const { return problem_; }
  bool capturing_video() const { return captured_camera_.has_value() && !tracks_.empty(); }

 private:
  void capture();
  void release();
  void list_devices();

  bindings::BrowserPlatform& platform_;
  bindings::VideoTextures& videos_;
  call::DeviceChoice choice_;
  std::vector<std::string> tracks_;  // what the preview holds now
  std::optional<std::string> captured_camera_;
  std::optional<std::string> captured_microphone_;
  std::string problem_;
  bool running_ = false;
  int generation_ = 0;  // answers to an older capture are dropped
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace parley::app
