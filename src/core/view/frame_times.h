// The last N durations of some per-frame work, and their percentiles: the UI's CPU time
// per frame (ImGui NewFrame to RenderDrawData plus texture uploads) is kept this way and
// reported as p50/p95 by the app's snapshot and the UI benchmark.
#pragma once

#include <cstddef>
#include <vector>

namespace parley::view {

class FrameTimes {
 public:
  explicit FrameTimes(std::size_t capacity = 600);  // ten seconds at 60 fps

  void add(double milliseconds);
  void clear();
  std::size_t count() const { return samples_.size(); }
  // The nearest-rank percentile (0-100) of the kept samples; 0 when there are none.
  double percentile(double p) const;

 private:
  std::size_t capacity_;
  std::size_t next_ = 0;  // where the next sample goes once full
  std::vector<double> samples_;
};

}  // namespace parley::view
