// Media devices the test equips: which exist, whether permission is denied, what is busy.
// Answers come on the scheduler, as the browser's promises do.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/ports/media_devices.h"
#include "fake_scheduler.h"

namespace parley::fakes {

class FakeMediaDevices final : public ports::MediaDevices {
 public:
  explicit FakeMediaDevices(FakeScheduler& scheduler) : scheduler_(scheduler) {}

  bool has_microphone = true;
  bool has_camera = true;
  bool deny = false;                          // the person said no (NotAllowedError)
  bool deny_screen = false;                   // the person cancelled the screen picker
  std::chrono::milliseconds answer_after{0};  // how long getUserMedia takes
  std::vector<ports::MediaRequest> requests;
  std::map<std::string, bool> enabled;
  std::set<std::string> stopped;

  void get_user_media(
      const ports::MediaRequest& request,
      std::function<void(std::variant<std::vector<ports::CapturedTrack>, ports::Failure>)> done)
      override {
    requests.push_back(request);
    later([this, request, done = std::move(done)] {
      if (deny) return done(ports::Failure{"NotAllowedError", "Permission denied"});
      if ((request.audio && !has_microphone) || (request.video && !has_camera)) {
        return done(ports::Failure{"NotFoundError", "Requested device not found"});
      }
      std::vector<ports::CapturedTrack> tracks;
      if (request.audio)
        tracks.push_back({"mic-" + std::to_string(++made_), ports::MediaKind::kAudio, "mic"});
      if (request.video)
        tracks.push_back({"cam-" + std::to_string(++made_), ports::MediaKind::kVideo, "cam"});
      done(tracks);
    });
  }

  void get_display_media(
      std::function<void(std::variant<ports::CapturedTrack, ports::Failure>)> done) override {
    later([this, done = std::move(done)] {
      if (deny_screen) return done(ports::Failure{"NotAllowedError", "Permission denied by user"});
      done(ports::CapturedTrack{"screen-" + std::to_string(++made_), ports::MediaKind::kVideo,
                                "screen"});
    });
  }

  void enumerate_devices(std::function<void(std::vector<ports::MediaDeviceInfo>)> done) override {
    later([done = std::move(done)] { done({}); });
  }
  void set_enabled(const std::string& track_id, bool on) override { enabled[track_id] = on; }
  void stop(const std::string& track_id) override { stopped.insert(track_id); }
  void on_ended(const std::string& track_id, std::function<void()> callback) override {
    ended_callbacks_[track_id] = std::move(callback);
  }

  // The track ends by itself (the browser's "Stop sharing", a camera unplugged).
  void end(const std::string& track_id) {
    const auto it = ended_callbacks_.find(track_id);
    if (it != ended_callbacks_.end()) it->second();
  }

 private:
  void later(std::function<void()> work) { scheduler_.set_timeout(answer_after, std::move(work)); }
  FakeScheduler& scheduler_;
  int made_ = 0;
  std::map<std::string, std::function<void()>> ended_callbacks_;
};

}  // namespace parley::fakes
