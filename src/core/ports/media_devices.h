// navigator.mediaDevices as core drives it, with tracks named by MediaStreamTrack.id.
// Answers come once, on the event loop, and never after the MediaDevices is destroyed (its
// binding stops tracks that arrive then); the binding keeps the browser's track objects.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/ports/peer_connection.h"

namespace parley::ports {

struct MediaRequest {
  bool audio = true;
  bool video = true;
  int ideal_width = 1280;  // the camera's size is a preference, not a demand
  int ideal_height = 720;
  std::optional<std::string> audio_device_id;  // none: the browser's default
  std::optional<std::string> video_device_id;
};

struct CapturedTrack {
  std::string id;
  MediaKind kind;
  std::string label;  // e.g. "fake_device_0", "screen:0:0"
};

struct MediaDeviceInfo {
  std::string device_id;
  std::string kind;  // "audioinput", "videoinput", "audiooutput"
  std::string label;
};

class MediaDevices {
 public:
  virtual ~MediaDevices() = default;
  // getUserMedia with sensible constraints (the ideal size, echo cancellation).
  virtual void get_user_media(
      const MediaRequest& request,
      std::function<void(std::variant<std::vector<CapturedTrack>, Failure>)> done) = 0;
  virtual void get_display_media(
      std::function<void(std::variant<CapturedTrack, Failure>)> done) = 0;
  virtual void enumerate_devices(std::function<void(std::vector<MediaDeviceInfo>)> done) = 0;
  virtual void set_enabled(const std::string& track_id, bool enabled) = 0;
  virtual void stop(const std::string& track_id) = 0;
  // Called once if the track ends by itself (the person stopped sharing, a device went away).
  virtual void on_ended(const std::string& track_id, std::function<void()> callback) = 0;
};

}  // namespace parley::ports
