#include "core/view/frame_times.h"

#include <algorithm>
#include <cmath>

namespace parley::view {

FrameTimes::FrameTimes(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {
  samples_.reserve(capacity_);
}

void FrameTimes::add(double milliseconds) {
  if (samples_.size() < capacity_) {
    samples_.push_back(milliseconds);
    return;
  }
  samples_[next_] = milliseconds;
  next_ = (next_ + 1) % capacity_;
}

void FrameTimes::clear() {
  samples_.clear();
  next_ = 0;
}

double FrameTimes::percentile(double p) const {
  if (samples_.empty()) return 0;
  std::vector<double> sorted = samples_;
  std::sort(sorted.begin(), sorted.end());
  const double rank =
      std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(sorted.size()));
  const std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return sorted[index];
}

}  // namespace parley::view
