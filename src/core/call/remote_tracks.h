// Which remote tracks each peer has sent us, for whoever shows them: the app's tiles and
// the JavaScript API's remoteStream() keep one of these rather than each their own map.
// A track is released (`release`, which drops the platform's MediaStream for it) when its
// peer leaves, when the call ends and when the book is destroyed, so nothing a departed
// peer sent stays alive in the page.
//
//   RemoteTracks tracks([&media](const std::string& id) { media.forget_remote(id); });
//   tracks.apply(event);                       // from the Call's event handler
//   if (auto id = tracks.first_of("bob")) ...  // a track whose stream shows Bob
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/call/call_events.h"

namespace parley::call {

class RemoteTracks {
 public:
  using Release = std::function<void(const std::string& track_id)>;
  explicit RemoteTracks(Release release);
  ~RemoteTracks();
  RemoteTracks(const RemoteTracks&) = delete;
  RemoteTracks& operator=(const RemoteTracks&) = delete;

  // Track adds, PeerLeft releases that peer's, Left releases every one; others are ignored.
  void apply(const CallEvent& event);

  std::optional<std::string> first_of(std::string_view peer_id) const;
  std::size_t size() const;

 private:
  void release_peer(std::string_view peer_id);
  void release_all();

  Release release_;
  std::map<std::string, std::set<std::string>, std::less<>> by_peer_;
};

}  // namespace parley::call
