#include "core/call/local_media.h"

namespace parley::call {
using ports::CapturedTrack;
using ports::Failure;
using ports::MediaKind;

namespace {

// A capture that arrives for a LocalMedia that is closed or gone: nobody will send it, so
// it is stopped at once rather than left running (the camera light on) for nobody.
void stop_unwanted(ports::MediaDevices& devices,
                   const std::variant<std::vector<CapturedTrack>, Failure>& result) {
  if (const auto* tracks = std::get_if<std::vector<CapturedTrack>>(&result)) {
    for (const auto& track : *tracks) devices.stop(track.id);
  }
}

}  // namespace

LocalMedia::LocalMedia(ports::MediaDevices& devices, Handlers handlers, CameraSize camera_size)
    : devices_(devices), handlers_(std::move(handlers)), camera_size_(camera_size) {}

ports::MediaRequest LocalMedia::request(bool audio, bool video) const {
  ports::MediaRequest request;
  request.audio = audio;
  request.video = video;
  request.ideal_width = camera_size_.width;
  request.ideal_height = camera_size_.height;
  if (audio) request.audio_device_id = preferred_audio_device_;
  if (video) request.video_device_id = preferred_video_device_;
  return request;
}

// alive_ goes with it: late callbacks see it expired and stop what they bring.
LocalMedia::~LocalMedia() {
  close();
}

void LocalMedia::acquire(bool want_audio, bool want_video, std::function<void()> done) {
  if (closed_) return;
  sending_.audio_wanted = want_audio || sending_.audio.has_value();
  sending_.video_wanted = want_video || sending_.video.has_value();
  std::vector<Attempt> attempts;
  if (want_audio && want_video) attempts.push_back({true, true});
  if (want_audio) attempts.push_back({true, false});
  if (want_video) attempts.push_back({false, true});
  try_acquire(std::move(attempts), 0, std::nullopt, want_audio, want_video, std::move(done));
}

void LocalMedia::try_acquire(std::vector<Attempt> attempts, std::size_t next,
                             std::optional<MediaFailureReport> first_failure, bool want_audio,
                             bool want_video, std::function<void()> done) {
  if (next == attempts.size()) {
    // What did not come will not: those kinds are only received from now on. Sessions
    // read the flags when they next negotiate; nothing is sent now (no track changed).
    sending_.audio_wanted = sending_.audio.has_value();
    sending_.video_wanted = sending_.video.has_value();
    if (first_failure) problem(*first_failure);  // receive-only
    return done();
  }
  devices_.get_user_media(
      request(attempts[next].audio, attempts[next].video),
      [this, alive = std::weak_ptr<bool>(alive_), devices = &devices_, attempts, next,
       first_failure, want_audio, want_video,
       done = std::move(done)](std::variant<std::vector<CapturedTrack>, Failure> result) mutable {
        // closed_ is read only while this lives. The devices outlive their answers.
        if (alive.expired() || closed_) return stop_unwanted(*devices, result);
        if (const auto* failure = std::get_if<Failure>(&result)) {
          const auto report = describe_media_failure(*failure);
          if (!first_failure) first_failure = report;
          // Denied is denied: asking again for less would only annoy.
          if (report.problem == MediaProblem::kPermissionDenied) next = attempts.size() - 1;
          return try_acquire(std::move(attempts), next + 1, first_failure, want_audio, want_video,
                             std::move(done));
        }
        // What this answer lacks will not come either (adopt() tells the sessions).
        sending_.audio_wanted = sending_.audio.has_value();
        sending_.video_wanted = sending_.video.has_value();
        adopt(std::get<std::vector<CapturedTrack>>(result));
        if (want_video && !sending_.video) {
          problem({MediaProblem::kNoDevice, "no-camera",
                   "No camera could be used; the others hear you but do not see you."});
        } else if (want_audio && !sending_.audio) {
          problem({MediaProblem::kNoDevice, "no-microphone",
                   "No microphone could be used; the others see you but do not hear you."});
        }
        done();
      });
}

void LocalMedia::adopt(const std::vector<CapturedTrack>& tracks) {
  for (const auto& track : tracks) {
    if (track.kind == MediaKind::kAudio) {
      sending_.audio = track.id;
      sending_.audio_wanted = true;
      devices_.set_enabled(track.id, microphone_on_);
    } else {
      camera_track_ = track.id;
      sending_.video_wanted = true;
      if (!screen_track_) sending_.video = track.id;
      devices_.set_enabled(track.id, camera_on_);
      watch_camera(track.id);
    }
  }
  changed();
}

void LocalMedia::watch_camera(const std::string& track_id) {
  devices_.on_ended(track_id, [this, alive = std::weak_ptr<bool>(alive_), track_id] {
    if (alive.expired() || camera_track_ != track_id) return;
    camera_track_.reset();
    if (sending_.video == track_id) sending_.video.reset();
    problem({MediaProblem::kNoDevice, "camera-ended", "The camera stopped (was it unplugged?)."});
    changed();
  });
}

void LocalMedia::set_microphone(bool on) {
  microphone_on_ = on;
  if (sending_.audio) devices_.set_enabled(*sending_.audio, on);
  if (handlers_.on_switches_changed) handlers_.on_switches_changed();
}

void LocalMedia::set_camera(bool on) {
  camera_on_ = on;
  if (camera_track_) devices_.set_enabled(*camera_track_, on);
  if (handlers_.on_switches_changed) handlers_.on_switches_changed();
}

void LocalMedia::prefer_devices(std::optional<std::string> audio_device,
                                std::optional<std::string> video_device) {
  preferred_audio_device_ = std::move(audio_device);
  preferred_video_device_ = std::move(video_device);
}

void LocalMedia::select_devices(std::optional<std::string> audio_device,
                                std::optional<std::string> video_device) {
  if (closed_ || (!audio_device && !video_device)) return;
  ports::MediaRequest request = this->request(audio_device.has_value(), video_device.has_value());
  request.audio_device_id = audio_device;
  request.video_device_id = video_device;
  devices_.get_user_media(
      request, [this, alive = std::weak_ptr<bool>(alive_), devices = &devices_,
                request](std::variant<std::vector<CapturedTrack>, Failure> result) {
        if (alive.expired() || closed_) return stop_unwanted(*devices, result);
        if (const auto* failure = std::get_if<Failure>(&result)) {
          return problem(describe_media_failure(*failure));  // the current devices stay
        }
        const auto& tracks = std::get<std::vector<CapturedTrack>>(result);
        if (request.audio_device_id) preferred_audio_device_ = request.audio_device_id;
        if (request.video_device_id) preferred_video_device_ = request.video_device_id;
        for (const auto& track : tracks) {
          const auto& old = track.kind == MediaKind::kAudio ? sending_.audio : camera_track_;
          if (old) devices_.stop(*old);
        }
        adopt(tracks);  // the sessions replace their tracks: no renegotiation
      });
}

void LocalMedia::start_screen_share() {
  if (screen_track_ || closed_) return;
  devices_.get_display_media([this, alive = std::weak_ptr<bool>(alive_),
                              devices = &devices_](std::variant<CapturedTrack, Failure> result) {
    if (alive.expired() || closed_) {
      if (const auto* track = std::get_if<CapturedTrack>(&result)) devices->stop(track->id);
      return;
    }
    if (const auto* failure = std::get_if<Failure>(&result)) {
      auto report = describe_media_failure(*failure);
      if (report.problem == MediaProblem::kPermissionDenied) {
        report = {MediaProblem::kPermissionDenied, "screen-share-denied",
                  "Screen sharing was cancelled or not allowed."};
      }
      return problem(report);
    }
    const auto track = std::get<CapturedTrack>(result);
    screen_track_ = track.id;
    sending_.video = track.id;
    sending_.video_wanted = true;
    devices_.on_ended(track.id, [this, alive = std::weak_ptr<bool>(alive_), id = track.id] {
      if (!alive.expired() && screen_track_ == id) stop_screen_share();  // "Stop sharing" clicked
    });
    changed();
  });
}

void LocalMedia::stop_screen_share() {
  if (!screen_track_) return;
  devices_.stop(*screen_track_);
  screen_track_.reset();
  sending_.video = camera_track_;  // back to the camera
  changed();
}

void LocalMedia::close() {
  closed_ = true;
  if (screen_track_) devices_.stop(*screen_track_);
  if (camera_track_) devices_.stop(*camera_track_);
  if (sending_.audio) devices_.stop(*sending_.audio);
  screen_track_.reset();
  camera_track_.reset();
  sending_ = {};
}

void LocalMedia::changed() {
  if (handlers_.on_tracks_changed) handlers_.on_tracks_changed(sending_);
}

void LocalMedia::problem(MediaFailureReport report) {
  if (handlers_.on_problem) handlers_.on_problem(report);
}

}  // namespace parley::call
