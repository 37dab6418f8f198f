// The browser's MediaStreamTrack and MediaStream objects that core names by track id.
//
// Local tracks (camera, microphone, screen) live in one MediaStream - what this client
// sends, and its self-view; remote tracks are kept with the stream they arrived in, so
// the JavaScript API can hand a site the MediaStream for its own <video>.
#pragma once

#include <emscripten/val.h>

#include <map>
#include <string>

namespace parley::bindings {

class MediaRegistry {
 public:
  MediaRegistry();

  void add_local(const emscripten::val& track);
  void remove_local(const std::string& track_id);
  // The track, or null.
  emscripten::val local_track(const std::string& track_id) const;
  const emscripten::val& local_stream() const { return local_stream_; }

  void add_remote(const std::string& track_id, const emscripten::val& stream);
  emscripten::val remote_stream(const std::string& track_id) const;  // or null
  void forget_remote(const std::string& track_id);

 private:
  emscripten::val local_stream_;
  std::map<std::string, emscripten::val> local_tracks_;
  std::map<std::string, emscripten::val> remote_streams_;
};

}  // namespace parley::bindings
