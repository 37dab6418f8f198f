// Time and timers for core, as the browser's performance.now() and setTimeout give them.
// Core never reads a clock or sleeps by itself; tests drive a fake scheduler by hand.
//
//   Timer retry(scheduler);                     // cancels itself when destroyed
//   retry.start(500ms, [this] { reconnect(); });
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace parley::ports {

class Scheduler {
 public:
  using Clock = std::chrono::steady_clock;
  using TimerId = std::uint64_t;

  virtual ~Scheduler() = default;
  virtual Clock::time_point now() const = 0;
  // Calls `callback` once after `delay`, on the same thread, from the event loop.
  virtual TimerId set_timeout(Clock::duration delay, std::function<void()> callback) = 0;
  // Cancels a timer that has not fired; unknown or fired ids are ignored.
  virtual void clear_timeout(TimerId id) = 0;
};

// One pending timeout that is cancelled when restarted, stopped or destroyed.
class Timer {
 public:
  explicit Timer(Scheduler& scheduler) : scheduler_(scheduler) {}
  ~Timer() { stop(); }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  void start(Scheduler::Clock::duration delay, std::function<void()> callback) {
    stop();
    id_ = scheduler_.set_timeout(delay, [this, callback = std::move(callback)] {
      id_ = 0;
      callback();
    });
  }
  void stop() {
    if (id_ != 0) scheduler_.clear_timeout(id_);
    id_ = 0;
  }
  bool running() const { return id_ != 0; }

 private:
  Scheduler& scheduler_;
  Scheduler::TimerId id_ = 0;
};

}  // namespace parley::ports
