#include "core/call/ice_restart_policy.h"

namespace parley::call {
using ports::IceConnectionState;

IceRestartPolicy::IceRestartPolicy(ports::Scheduler& scheduler, Settings settings,
                                   std::function<void()> restart, std::function<void()> give_up)
    : settings_(settings),
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
      break;
    case IceConnectionState::kDisconnected:
      if (!timer_.running() && !gave_up_) {
        timer_.start(settings_.disconnected_grace, [this] { attempt(); });
      }
      break;
    case IceConnectionState::kFailed:
      if (gave_up_) break;
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
    return;
  }
  ++attempts_;
  timer_.start(settings_.attempt_timeout, [this] { attempt(); });
  restart_();
}

void IceRestartPolicy::stop() {
  timer_.stop();
}

}  // namespace parley::call
