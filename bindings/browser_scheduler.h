// ports::Scheduler over the browser's clock and setTimeout.
#pragma once

#include <functional>
#include <unordered_map>

#include "core/ports/scheduler.h"

namespace parley::bindings {

class BrowserScheduler final : public ports::Scheduler {
 public:
  ~BrowserScheduler() override;
  Clock::time_point now() const override { return Clock::now(); }  // performance.now()
  TimerId set_timeout(Clock::duration delay, std::function<void()> callback) override;
  void clear_timeout(TimerId id) override;

 private:
  struct Fired;
  struct Pending {
    long browser_id;
    Fired* user_data;  // what setTimeout hands back; freed when fired or cleared
    std::function<void()> callback;
  };
  static void fire(void* user_data);

  TimerId next_id_ = 1;
  std::unordered_map<TimerId, Pending> pending_;
};

}  // namespace parley::bindings
