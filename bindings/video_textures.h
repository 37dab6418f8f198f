// MediaStreams drawn as GL textures: each stream plays in a hidden <video>, and its frame
// is copied into a texture only when the video has a new one (requestVideoFrameCallback;
// a currentTime check where that is missing), not on every UI frame.
//
//   textures.show("bob", stream, /*with_sound=*/true);
//   textures.upload_new_frames();            // once per UI frame, before drawing
//   const auto picture = textures.picture("bob");   // texture 0: no frame yet
//   textures.remove("bob");                  // <video> and texture released
//
// Needs the app's current WebGL2 context (Emscripten's GL); the texture ids are GL names
// the ImGui OpenGL backend can draw.
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "bindings/js_function.h"

namespace parley::bindings {

class VideoTextures {
 public:
  struct Picture {
    unsigned texture = 0;
    int width = 0;
    int height = 0;
  };

  VideoTextures();
  ~VideoTextures();
  VideoTextures(const VideoTextures&) = delete;
  VideoTextures& operator=(const VideoTextures&) = delete;

  // Plays `stream` under `key`, replacing what was there. `with_sound`: remote people;
  // the self-view is always muted.
  void show(const std::string& key, const emscripten::val& stream, bool with_sound);
  void remove(const std::string& key);
  void remove_all();

  void upload_new_frames();
  Picture picture(const std::string& key) const;

  // Since the start: new video frames made ready for upload (all streams), and frames
  // copied into textures. Uploads <= frames ready when only new frames are copied.
  std::uint64_t frames_ready() const { return frames_ready_; }
  std::uint64_t uploads() const { return uploads_; }

 private:
  struct Source {
    emscripten::val video = emscripten::val::null();
    emscripten::val stream = emscripten::val::null();
    unsigned texture = 0;
    int width = 0;
    int height = 0;
    bool new_frame = false;
    bool texture_sized = false;  // allocated at width x height and holding a frame
    std::unique_ptr<JsFunction> on_frame;
  };

  void release(Source& source);

  emscripten::val container_;
  std::map<std::string, Source> sources_;
  std::uint64_t frames_ready_ = 0;
  std::uint64_t uploads_ = 0;
};

}  // namespace parley::bindings
