// One call of the app: the core Call (the same one the JavaScript API drives), what the
// UI shows of it (RoomPresentation), and its videos as GL textures. The app creates one
// when the person clicks Join and destroys it - outside any Call callback - when the
// call ends.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings/audio_levels.h"
#include "bindings/browser_platform.h"
#include "bindings/video_textures.h"
#include "core/call/active_speaker.h"
#include "core/call/call.h"
#include "core/call/remote_tracks.h"
#include "core/view/room_presentation.h"
#include "ui/call_view.h"
#include "ui/chat_panel.h"
#include "ui/files_panel.h"
#include "ui/stats_panel.h"

namespace parley::app {

// What `videos` shows under `key`, as the views draw it.
ui::VideoPicture picture_of(const bindings::VideoTextures& videos, const std::string& key);

class CallSession {
 public:
  using Clock = view::RoomPresentation::Clock;

  CallSession(call::Call::Options options, bindings::BrowserPlatform& platform,
              bindings::VideoTextures& videos, std::function<Clock()> now);
  ~CallSession();
  CallSession(const CallSession&) = delete;
  CallSession& operator=(const CallSession&) = delete;

  void join();
  void leave();
  void network_back() { call_->network_back(); }

  // Once per UI frame: samples the audio levels (at most every 50 ms) for the level bars
  // and the active speaker.
  void tick();
  // The call screen as it stands: tiles (self first), controls, banner.
  ui::CallScreen screen() const;
  // Carries out a control-bar action; kLeave and kCopyInvite are the app's to handle.
  void act(ui::CallAction action);

  // Every peer's stats history, for the stats panel, and as one JSON document to export.
  std::vector<ui::PeerStatsView> stats() const;
  std::string stats_json() const;

  // The chat as the panel shows it; sending says why not, if it cannot be sent.
  std::vector<ui::ChatLine> chat_lines() const;
  std::optional<std::string> send_chat(const std::string& text);
  void mark_chat_read();

  // The files panel's rows, newest last; offers waiting for an answer.
  std::vector<ui::FileRow> file_rows() const;
  std::size_t files_asking() const;
  nlohmann::json files_json() const;  // for the snapshot
  bool can_send_files() const;
  // Offers `file` (a File) to everyone in the call; what could not be offered, and why.
  std::vector<std::string> send_file_to_everyone(const emscripten::val& file);
  transfer::TransferHub& files() { return call_->files(); }
  // Things to tell the person once (a file offered, arrived, failed).
  std::vector<std::string> take_toasts() { return std::exchange(toasts_, {}); }

  view::RoomPresentation& presentation() { return presentation_; }
  const std::string& room() const { return room_; }
  nlohmann::json snapshot() const;

 private:
  void on_event(const call::CallEvent& event);
  std::string quality_of(const std::string& peer_id) const;  // "Good", ... or ""
  std::string name_of(const std::string& peer_id) const;
  void on_transfer(const transfer::TransferView& view);

  std::string room_;
  std::string name_;
  bindings::BrowserPlatform& platform_;
  bindings::VideoTextures& videos_;
  std::function<Clock()> now_;
  view::RoomPresentation presentation_;
  call::RemoteTracks remote_tracks_;
  bindings::AudioLevels audio_levels_;
  call::ActiveSpeaker speaker_;
  std::optional<Clock> last_audio_sample_;
  std::vector<std::string> toasts_;
  std::unique_ptr<call::Call> call_;  // last: its events reach the members above
};

}  // namespace parley::app
