// A token bucket: `rate` tokens per second refill up to `burst`. Time is passed in, so
// tests drive it with a fake clock.
//
//   TokenBucket bucket(20.0, 40.0);            // 20 msg/s sustained, bursts of 40
//   if (!bucket.try_take(now)) reject();
#pragma once

#include <chrono>

namespace parley {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  TokenBucket(double rate_per_second, double burst);

  // Takes one token if there is one; the bucket starts full.
  bool try_take(Clock::time_point now);

 private:
  double rate_;
  double burst_;
  double tokens_;
  Clock::time_point last_{};
  bool started_ = false;
};

}  // namespace parley
