// The camera, microphone and screen this client sends.
//
//   LocalMedia media(devices, {.on_tracks_changed = ..., .on_problem = ...});
//   media.acquire(true, true, [&] { ... });       // settles even with nothing: receive-only
//   media.set_microphone(false);                  // track.enabled: no renegotiation
//   media.start_screen_share();                   // replaces the camera on every session
//
// Acquisition falls back to what there is: no camera -> microphone only; no microphone ->
// camera only; nothing, or permission denied -> receive-only. Each step down is reported
// (on_problem) so the person knows why they are not seen or heard.
//
// LocalMedia owns what it captured: close() - and destruction - stops every track, and a
// track that a request still under way delivers later is stopped the moment it arrives,
// so the camera light never stays on for a call that has ended.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/call/media_errors.h"
#include "core/call/peer_session.h"
#include "core/ports/media_devices.h"

namespace parley::call {

// The camera size asked for: a preference the browser meets as well as the camera can.
struct CameraSize {
  int width = 1280;
  int height = 720;
};

class LocalMedia {
 public:
  struct Handlers {
    std::function<void(const LocalTracks&)> on_tracks_changed;  // what is sent changed
    std::function<void(const MediaFailureReport&)> on_problem;
    std::function<void()> on_switches_changed;  // microphone or camera turned on/off
  };

  LocalMedia(ports::MediaDevices& devices, Handlers handlers, CameraSize camera_size = {});
  ~LocalMedia();

  void acquire(bool want_audio, bool want_video, std::function<void()> done);

  void set_microphone(bool on);
  void set_camera(bool on);
  bool microphone_on() const { return microphone_on_; }
  bool camera_on() const { return camera_on_; }

  // Switches to other devices (ids from enumerateDevices); none leaves that kind alone.
  void select_devices(std::optional<std::string> audio_device,
                      std::optional<std::string> video_device);
  // The devices later captures ask for (none: the browser's default); acquire() uses them.
  void prefer_devices(std::optional<std::string> audio_device,
                      std::optional<std::string> video_device);

  void start_screen_share();
  void stop_screen_share();
  bool sharing_screen() const { return screen_track_.has_value(); }
  // What the others get: a track that is sent and switched on (the screen counts as video).
  bool sending_sound() const { return sending_.audio.has_value() && microphone_on_; }
  bool sending_picture() const {
    return sending_.video.has_value() && (camera_on_ || sharing_screen());
  }

  // Stops every track, and any that a request still under way delivers later.
  void close();
  bool closed() const { return closed_; }
  const LocalTracks& tracks() const { return sending_; }

 private:
  struct Attempt {
    bool audio;
    bool video;
  };
  void try_acquire(std::vector<Attempt> attempts, std::size_t next,
                   std::optional<MediaFailureReport> first_failure, bool want_audio,
                   bool want_video, std::function<void()> done);
  void adopt(const std::vector<ports::CapturedTrack>& tracks);
  void watch_camera(const std::string& track_id);
  void changed();
  void problem(MediaFailureReport report);

  ports::MediaRequest request(bool audio, bool video) const;

  ports::MediaDevices& devices_;
  Handlers handlers_;
  CameraSize camera_size_;
  std::shared_ptr<bool> alive_ =
      std::make_shared<bool>(true);  // expires with this: late callbacks stop

  LocalTracks sending_;
  std::optional<std::string> camera_track_;  // the camera's track (not sent while sharing)
  std::optional<std::string> screen_track_;
  std::optional<std::string> preferred_audio_device_;
  std::optional<std::string> preferred_video_device_;
  bool microphone_on_ = true;
  bool camera_on_ = true;
  bool closed_ = false;
};

}  // namespace parley::call
