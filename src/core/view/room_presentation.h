// What a call UI shows, folded from a Call's events: the people in the room in the order
// they came, which remote track to draw for each, the banner over the call (reconnecting,
// reconnected), toasts for errors, and why a call ended. Portable, so the ImGui app's
// behaviour is tested natively; the app draws it and owns nothing of this logic.
//
//   presentation.apply(event, now);              // every CallEvent, as it arrives
//   for (const auto& person : presentation.participants()) draw_tile(person, ...);
//   if (auto text = presentation.banner(now)) draw_banner(*text);
//   for (auto& notice : presentation.take_notices()) toasts.push(notice);
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/call/call_events.h"

namespace parley::view {

using call::CallEvent;
namespace events = call::events;

class RoomPresentation {
 public:
  using Clock = std::chrono::milliseconds;  // any monotonic time, e.g. since page load
  static constexpr Clock kReconnectedBannerFor{3'000};

  struct Participant {
    std::string peer_id;
    std::string name;
    std::string connection = "new";          // the peer session's state (to_string)
    std::optional<std::string> video_track;  // the remote track to draw, when one arrived
    bool has_audio = false;
    bool microphone_on = true;  // as the peer says (media-state); on until told otherwise
    bool camera_on = true;
    // Why no network path to them was found (a "no-route" error), until they connect.
    std::optional<std::string> no_route;
  };

  struct Notice {
    std::string code;
    std::string text;
  };

  void apply(const CallEvent& event, Clock now);

  const std::vector<Participant>& participants() const { return participants_; }
  const Participant* participant(const std::string& peer_id) const;
  const std::string& self_id() const { return self_id_; }
  bool joined() const { return !self_id_.empty(); }
  const std::string& signaling() const { return signaling_; }

  // The line over the call, if any: the server cannot be reached (before the first join),
  // reconnecting to it, no network path to someone (until they connect or leave), or (for
  // a few seconds) reconnected.
  std::optional<std::string> banner(Clock now) const;

  // Errors and failures since the last call, oldest first.
  std::vector<Notice> take_notices();

  // Set once the call cannot go on (a fatal error, or the signaling client gave up): the
  // reason, for the lobby to show.
  const std::optional<std::string>& ended_because() const { return ended_because_; }

 private:
  Participant& participant_for(const std::string& peer_id);
  void on_connection_state(const events::ConnectionState& state, Clock now);
  std::string display_name(const std::string& peer_id) const;

  std::vector<Participant> participants_;
  std::string self_id_;
  std::string signaling_ = "idle";
  bool was_reconnecting_ = false;
  std::optional<Clock> reconnected_at_;
  std::vector<Notice> notices_;
  std::optional<std::string> ended_because_;
};

}  // namespace parley::view
