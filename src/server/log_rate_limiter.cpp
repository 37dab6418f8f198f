#include "server/log_rate_limiter.h"

namespace parley::server {

std::optional<std::uint64_t> LogRateLimiter::admit(std::string_view kind, Clock::time_point now) {
  auto found = kinds_.find(kind);
  if (found == kinds_.end()) {
    found =
        kinds_
            .emplace(std::string(kind), Kind{TokenBucket(limits_.lines_per_second, limits_.burst)})
            .first;
  }
  Kind& state = found->second;
  if (!state.bucket.try_take(now)) {
    ++state.held_back;
    return std::nullopt;
  }
  const std::uint64_t held_back = state.held_back;
  state.held_back = 0;
  return held_back;
}

}  // namespace parley::server
