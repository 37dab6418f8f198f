// How many lines of one kind the server logs: each event name has a token bucket (a
// burst, then a steady rate), so a client that triggers the same warning thousands of
// times a second produces a few lines a second, not a flood that fills disks or blocks.
//
//   LogRateLimiter limiter({.lines_per_second = 5, .burst = 20});
//   if (auto held_back = limiter.admit("origin-refused", now)) {
//     write line (+ "suppressed": *held_back when non-zero);
//   }
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/token_bucket.h"

namespace parley::server {

struct LogRateLimits {
  double lines_per_second = 5.0;
  double burst = 20.0;
};

class LogRateLimiter {
 public:
  using Clock = TokenBucket::Clock;

  explicit LogRateLimiter(LogRateLimits limits = {}) : limits_(limits) {}

  // Nothing when the line is to be held back; otherwise how many lines of this kind were
  // held back since the last one written.
  std::optional<std::uint64_t> admit(std::string_view kind, Clock::time_point now);

 private:
  struct Kind {
    TokenBucket bucket;
    std::uint64_t held_back = 0;
  };
  LogRateLimits limits_;
  std::map<std::string, Kind, std::less<>> kinds_;  // event names: a fixed, small set
};

}  // namespace parley::server
