#include "core/call/active_speaker.h"

#include <algorithm>
#include <cmath>

namespace parley::call {
namespace {
// Rises fast (a voice starts), falls slowly (a voice between words): time constants.
constexpr double kAttackMs = 30;
constexpr double kReleaseMs = 300;
}  // namespace

double ActiveSpeaker::level(const std::string& id) const {
  const auto it = smoothed_.find(id);
  return it == smoothed_.end() ? 0.0 : it->second;
}

void ActiveSpeaker::update(const std::map<std::string, double>& levels, Clock now) {
  const double elapsed =
      last_update_ ? static_cast<double>(std::max<Clock::rep>((now - *last_update_).count(), 0))
                   : 1e9;
  last_update_ = now;

  std::map<std::string, double> next;
  for (const auto& [id, raw] : levels) {
    const double level = std::clamp(raw, 0.0, 1.0);
    const double previous = this->level(id);
    const double tau = level > previous ? kAttackMs : kReleaseMs;
    const double alpha = 1.0 - std::exp(-elapsed / tau);
    next[id] = previous + (level - previous) * alpha;
  }
  smoothed_ = std::move(next);

  // The loudest voice above the threshold, if any.
  std::optional<std::string> loudest;
  double loudest_level = kSpeakingLevel;
  for (const auto& [id, level] : smoothed_) {
    if (level >= loudest_level) {
      loudest = id;
      loudest_level = level;
    }
  }

  if (current_ && loudest == current_) current_last_heard_ = now;
  if (current_ && (!smoothed_.count(*current_) || now - current_last_heard_ >= kHold) &&
      loudest != current_) {
    current_.reset();  // quiet (or gone) for the hold time
  }
  if (!loudest || loudest == current_) {
    candidate_.reset();
    return;
  }
  if (candidate_ != loudest) {
    candidate_ = loudest;
    candidate_since_ = now;
  }
  if (now - candidate_since_ >= kTakeOver) {
    current_ = candidate_;
    current_last_heard_ = now;
    candidate_.reset();
  }
}

}  // namespace parley::call
