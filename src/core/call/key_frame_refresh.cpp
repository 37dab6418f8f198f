#include "core/call/key_frame_refresh.h"

#include <utility>

namespace parley::call {
using ports::IceConnectionState;

KeyFrameRefresh::KeyFrameRefresh(ports::Scheduler& scheduler, std::function<void()> send_key_frame)
    : scheduler_(scheduler), send_key_frame_(std::move(send_key_frame)) {}

void KeyFrameRefresh::on_path_selected() {
  // The first path carries the call's first frames, which start with a key frame anyway.
  if (std::exchange(path_selected_, true)) refresh();
}

void KeyFrameRefresh::on_ice_state(IceConnectionState state) {
  switch (state) {
    case IceConnectionState::kDisconnected:
    case IceConnectionState::kFailed:
      down_ = true;
      break;
    case IceConnectionState::kConnected:
    case IceConnectionState::kCompleted:
      if (std::exchange(down_, false)) refresh();
      break;
    case IceConnectionState::kClosed:
      down_ = false;
      break;
    case IceConnectionState::kNew:
    case IceConnectionState::kChecking:
      break;
  }
}

void KeyFrameRefresh::refresh() {
  const auto now = scheduler_.now();
  if (last_refresh_ && now - *last_refresh_ < kSettles) return;
  last_refresh_ = now;
  send_key_frame_();
}

}  // namespace parley::call
