// A Scheduler whose clock moves only when the test says so.
//
//   FakeScheduler scheduler;
//   scheduler.advance(500ms);   // runs every timer due by then, in time order
#pragma once

#include <map>
#include <optional>
#include <utility>

#include "core/ports/scheduler.h"

namespace parley::fakes {

class FakeScheduler final : public ports::Scheduler {
 public:
  Clock::time_point now() const override { return now_; }

  TimerId set_timeout(Clock::duration delay, std::function<void()> callback) override {
    const TimerId id = next_id_++;
    timers_.emplace(std::pair{now_ + delay, id}, std::move(callback));
    return id;
  }

  void clear_timeout(TimerId id) override {
    for (auto it = timers_.begin(); it != timers_.end(); ++it) {
      if (it->first.second == id) {
        timers_.erase(it);
        return;
      }
    }
  }

  // Moves the clock forward by `delay`, running due timers (and timers they set) in order.
  void advance(Clock::duration delay) {
    const auto until = now_ + delay;
    while (!timers_.empty() && timers_.begin()->first.first <= until) {
      auto node = timers_.extract(timers_.begin());
      now_ = node.key().first;
      node.mapped()();
    }
    now_ = until;
  }

  // Runs only the earliest timer (the clock moves to it); false if there is none.
  bool run_next() {
    if (timers_.empty()) return false;
    auto node = timers_.extract(timers_.begin());
    now_ = node.key().first;
    node.mapped()();
    return true;
  }

  std::size_t pending() const { return timers_.size(); }
  // When the next timer is due, relative to now.
  std::optional<Clock::duration> next_due() const {
    if (timers_.empty()) return std::nullopt;
    return timers_.begin()->first.first - now_;
  }

 private:
  Clock::time_point now_{std::chrono::hours(1)};
  TimerId next_id_ = 1;
  std::map<std::pair<Clock::time_point, TimerId>, std::function<void()>> timers_;
};

}  // namespace parley::fakes
