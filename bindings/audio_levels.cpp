#include "bindings/audio_levels.h"

#include <nlohmann/json.hpp>

namespace parley::bindings {
using emscripten::val;

AudioLevels::AudioLevels() {
  static unsigned instances = 0;
  prefix_ = std::to_string(++instances) + ":";
}

AudioLevels::~AudioLevels() {
  remove_all();
}

void AudioLevels::remove_all() {
  while (!keys_.empty()) remove(*keys_.begin());
}

void AudioLevels::meter(const std::string& key, const val& stream) {
  if (val::module_property("meterAudio")(prefix_ + key, stream).as<bool>())
    keys_.insert(key);
  else
    keys_.erase(key);
}

void AudioLevels::remove(const std::string& key) {
  val::module_property("unmeterAudio")(prefix_ + key);
  keys_.erase(key);
}

std::map<std::string, double> AudioLevels::sample() const {
  std::map<std::string, double> levels;
  if (keys_.empty()) return levels;
  const auto json =
      nlohmann::json::parse(val::module_property("audioLevelsNow")().as<std::string>(), nullptr,
                            /*allow_exceptions=*/false);
  if (!json.is_object()) return levels;
  for (const auto& [key, level] : json.items()) {
    if (level.is_number() && key.starts_with(prefix_))
      levels[key.substr(prefix_.size())] = level.get<double>();
  }
  return levels;
}

}  // namespace parley::bindings
