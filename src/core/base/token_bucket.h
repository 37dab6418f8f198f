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
  // Floats and this order keep it at 24 bytes: the server holds a few per connection.
  Clock::time_point last_{};
  float rate_;
  float burst_;
  float tokens_;
  bool started_ = false;
};

}  // namespace parley
