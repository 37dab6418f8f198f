// How loud each stream is right now: a Web Audio AnalyserNode per metered MediaStream
// (the <video> elements play the sound; the meters only listen). Sampled once per UI
// frame for the tiles' level bars and the active-speaker highlight.
//
//   levels.meter("bob", stream);         // again when the stream's audio track changes
//   const auto now = levels.sample();    // {"bob": 0.07, "self": 0.0}
//   levels.remove("bob");
#pragma once

#include <emscripten/val.h>

#include <map>
#include <set>
#include <string>

namespace parley::bindings {

// Two instances in one page (two API clients) keep apart: each prefixes its keys in the
// page-wide meter table (audio_levels.pre.js).
class AudioLevels {
 public:
  AudioLevels();
  ~AudioLevels();
  AudioLevels(const AudioLevels&) = delete;
  AudioLevels& operator=(const AudioLevels&) = delete;

  // Meters `stream`'s first audio track under `key`; a stream without audio is not metered.
  void meter(const std::string& key, const emscripten::val& stream);
  void remove(const std::string& key);
  void remove_all();
  std::map<std::string, double> sample() const;

 private:
  std::string prefix_;
  std::set<std::string> keys_;
};

}  // namespace parley::bindings
