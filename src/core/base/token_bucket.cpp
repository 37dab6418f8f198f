#include "core/base/token_bucket.h"

#include <algorithm>

namespace parley {

TokenBucket::TokenBucket(double rate_per_second, double burst)
    : rate_(static_cast<float>(rate_per_second)),
      burst_(static_cast<float>(burst)),
      tokens_(static_cast<float>(burst)) {}

bool TokenBucket::try_take(Clock::time_point now) {
  if (started_ && now > last_) {
    const double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = static_cast<float>(std::min<double>(burst_, tokens_ + elapsed * rate_));
  }
  if (!started_ || now > last_) last_ = now;
  started_ = true;
  if (tokens_ < 1.0f) return false;
  tokens_ -= 1.0f;
  return true;
}

}  // namespace parley
