#include "core/call/ice_restart_policy.h"

#include <algorithm>

namespace parley::call {
using ports::IceConnectionState;

IceRestartPolicy::IceRestartPolicy(ports::Scheduler& scheduler, Settings settings,
                                   std::function<void()> restart, std::function<void()> give_up)
    : scheduler_(scheduler),
      settings_(settings),
      restart_(std::move(restart)),
      give_up_(std::move(give_up)),
      timer_(scheduler) {}

void IceRestartPolicy::on_ice_state(IceConnectionState state) {
  switch (state) {
    case IceConnectionState::kConnected:
    case IceConnectionState::kCompleted:
      timer_.stop();
      attempts_ = 0;
      gave_up_ = false;
      down_ = false;
      failed_ = false;
      retry_wait_ = settings_.retry_after_giving_up;
      break;
    case IceConnectionState::kDisconnected:
      down_ = true;
      if (!timer_.running() && !gave_up_ && !settings_.wait_out_disconnections) {
        timer_.start(settings_.disconnected_grace, [this] { attempt(); });
      }
      break;
    case IceConnectionState::kFailed:
      down_ = true;
      failed_ = true;
      if (gave_up_) break;  // a late retry is scheduled
      timer_.stop();
      attempt();
      break;
    case IceConnectionState::kClosed:
      stop();
      break;
    case IceConnectionState::kNew:
    case IceConnectionState::kChecking:
      break;  // a restart in progress keeps its timeout
  }
}

void IceRestartPolicy::attempt() {
  if (attempts_ >= settings_.max_attempts) {
    timer_.stop();
    gave_up_ = true;
    give_up_();
    return schedule_late_retry();
  }
  ++attempts_;
  timer_.start(settings_.attempt_timeout, [this] { attempt(); });
  restart_();
}

void IceRestartPolicy::schedule_late_retry() {
  timer_.start(retry_wait_, [this] { late_retry(); });
}

void IceRestartPolicy::late_retry() {
  retry_wait_ = std::min(retry_wait_ * 2, settings_.longest_retry_wait);
  // Not connected within the attempt's time: the next wait, longer.
  timer_.start(settings_.attempt_timeout, [this] { schedule_late_retry(); });
  restart_();
}

void IceRestartPolicy::retry_now() {
  if (!down_ || (settings_.wait_out_disconnections && !failed_)) return;
  if (!gave_up_) {  // still in its first attempts: one more, now
    timer_.stop();
    return attempt();
  }
  late_retry();
}

void IceRestartPolicy::network_changed() {
  const auto now = scheduler_.now();
  if (network_restart_at_ && now - *network_restart_at_ < kNetworkChangeSettles) return;
  network_restart_at_ = now;
  if (down_) return retry_now();
  // Still "connected" on a path that may have lost its address: a restart is cheap (the
  // old pair carries media until a new one is chosen) and is not counted as an attempt.
  if (!settings_.wait_out_disconnections) restart_();
}

void IceRestartPolicy::peer_takes_restarts() {
  if (!settings_.wait_out_disconnections) return;
  settings_.wait_out_disconnections = false;
  // Already disconnected: its grace starts now.
  if (down_ && !timer_.running() && !gave_up_) {
    timer_.start(settings_.disconnected_grace, [this] { attempt(); });
  }
}

void IceRestartPolicy::stop() {
  timer_.stop();
  down_ = false;
  failed_ = false;
}

}  // namespace parley::call
