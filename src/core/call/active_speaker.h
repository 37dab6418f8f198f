// Who is speaking, from audio levels sampled every UI frame: the loudest voice above a
// threshold, smoothed so a tile is not highlighted for a cough, and held for a moment so
// the highlight does not flicker between two people talking over each other.
//
//   ActiveSpeaker speaker;
//   speaker.update({{"bob", 0.12}, {"ann", 0.01}}, now);   // levels 0..1 (RMS)
//   speaker.current();                                       // "bob" after kTakeOver
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace parley::call {

class ActiveSpeaker {
 public:
  using Clock = std::chrono::milliseconds;
  static constexpr double kSpeakingLevel = 0.02;  // smoothed RMS; the fake mic's beep is ~0.1
  static constexpr Clock kTakeOver{250};          // loudest for this long to become the speaker
  static constexpr Clock kHold{1'500};            // stays the speaker this long after going quiet

  // Levels of everyone who can be heard now; someone missing is treated as silent.
  void update(const std::map<std::string, double>& levels, Clock now);

  const std::optional<std::string>& current() const { return current_; }
  // The smoothed level (0..1) of `id`, for the tile's level bar.
  double level(const std::string& id) const;

 private:
  std::map<std::string, double> smoothed_;
  std::optional<std::string> current_;
  std::optional<std::string> candidate_;
  Clock candidate_since_{0};
  Clock current_last_heard_{0};
  std::optional<Clock> last_update_;
};

}  // namespace parley::call
