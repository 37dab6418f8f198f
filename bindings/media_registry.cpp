#include "bindings/media_registry.h"

namespace parley::bindings {
using emscripten::val;

MediaRegistry::MediaRegistry() : local_stream_(val::global("MediaStream").new_()) {}

void MediaRegistry::add_local(const val& track) {
  local_tracks_.insert_or_assign(track["id"].as<std::string>(), track);
  local_stream_.call<void>("addTrack", track);
}

void MediaRegistry::remove_local(const std::string& track_id) {
  const auto it = local_tracks_.find(track_id);
  if (it == local_tracks_.end()) return;
  local_stream_.call<void>("removeTrack", it->second);
  local_tracks_.erase(it);
}

val MediaRegistry::local_track(const std::string& track_id) const {
  const auto it = local_tracks_.find(track_id);
  return it == local_tracks_.end() ? val::null() : it->second;
}

void MediaRegistry::add_remote(const std::string& track_id, const val& stream) {
  remote_streams_.insert_or_assign(track_id, stream);
}

val MediaRegistry::remote_stream(const std::string& track_id) const {
  const auto it = remote_streams_.find(track_id);
  return it == remote_streams_.end() ? val::null() : it->second;
}

void MediaRegistry::forget_remote(const std::string& track_id) {
  remote_streams_.erase(track_id);
}

}  // namespace parley::bindings
