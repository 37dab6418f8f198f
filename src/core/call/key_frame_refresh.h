// When our video senders start again from a key frame: as media's path comes back after
// a cut, or moves to another path (the network changed).
//
//   KeyFrameRefresh refresh(scheduler, [&] { pc.send_key_frame(); });
//   pc_handlers.on_selected_path_change = [&] { refresh.on_path_selected(); };
//   pc_handlers.on_ice_connection_state_change = [&](auto s) { refresh.on_ice_state(s); };
//
// Why: frames sent while the path was down are lost, and every frame after them refers
// to one the receiver never decoded. The receiver asks for a key frame itself, but
// Chromium's receiver asks again only after 3 s without a decodable frame - its first
// request was usually lost in the cut - so video stayed frozen for seconds on a path that
// already worked (measured in the network lab: 2.1-3.5 s after the new path was chosen).
// The sender knows at once, so it sends one:
// - when the ICE agent selects another path, after the first (a move to another network,
//   an ICE restart's new pair, a relay given up for a direct pair);
// - when ICE is connected again after it was disconnected or failed, on the same path.
// One change is often seen as both (a new pair, then "connected"): a refresh within
// kSettles of the last makes no other.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "core/ports/peer_connection.h"
#include "core/ports/scheduler.h"

namespace parley::call {

class KeyFrameRefresh {
 public:
  static constexpr std::chrono::milliseconds kSettles{1'000};

  KeyFrameRefresh(ports::Scheduler& scheduler, std::function<void()> send_key_frame);

  void on_path_selected();
  void on_ice_state(ports::IceConnectionState state);

 private:
  void refresh();

  ports::Scheduler& scheduler_;
  std::function<void()> send_key_frame_;
  bool path_selected_ = false;  // the connection has had a path before this one
  bool down_ = false;           // disconnected or failed, and not connected since
  std::optional<ports::Scheduler::Clock::time_point> last_refresh_;
};

}  // namespace parley::call
