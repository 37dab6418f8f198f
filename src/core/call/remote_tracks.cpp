#include "core/call/remote_tracks.h"

#include <utility>

namespace parley::call {

RemoteTracks::RemoteTracks(Release release) : release_(std::move(release)) {}

RemoteTracks::~RemoteTracks() {
  release_all();
}

void RemoteTracks::apply(const CallEvent& event) {
  if (const auto* track = std::get_if<events::Track>(&event)) {
    by_peer_[track->peer_id].insert(track->track.id);
  } else if (const auto* left = std::get_if<events::PeerLeft>(&event)) {
    release_peer(left->peer_id);
  } else if (std::holds_alternative<events::Left>(event)) {
    release_all();
  }
}

std::optional<std::string> RemoteTracks::first_of(std::string_view peer_id) const {
  const auto it = by_peer_.find(peer_id);
  if (it == by_peer_.end() || it->second.empty()) return std::nullopt;
  return *it->second.begin();
}

std::size_t RemoteTracks::size() const {
  std::size_t count = 0;
  for (const auto& [peer, tracks] : by_peer_) count += tracks.size();
  return count;
}

void RemoteTracks::release_peer(std::string_view peer_id) {
  const auto it = by_peer_.find(peer_id);
  if (it == by_peer_.end()) return;
  const auto tracks = std::move(it->second);
  by_peer_.erase(it);
  for (const auto& track : tracks) release_(track);
}

void RemoteTracks::release_all() {
  const auto all = std::exchange(by_peer_, {});
  for (const auto& [peer, tracks] : all) {
    for (const auto& track : tracks) release_(track);
  }
}

}  // namespace parley::call
