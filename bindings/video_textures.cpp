#include "bindings/video_textures.h"

#include <GLES3/gl3.h>

#include <utility>

namespace parley::bindings {
using emscripten::val;

namespace {

// A box of hidden <video> elements. They stay in the document (1 px, transparent):
// browsers may stop presenting frames of a video that is not rendered at all. Screen
// readers skip them: the accessible mirror says who is in the call.
val make_container() {
  val document = val::global("document");
  val container = document.call<val>("createElement", std::string("div"));
  container.set("id", "parley-videos");
  container.call<void>("setAttribute", std::string("aria-hidden"), std::string("true"));
  container["style"].set("cssText",
                         "position:fixed;left:0;top:0;width:1px;height:1px;overflow:hidden;"
                         "opacity:0.01;pointer-events:none");
  document["body"].call<void>("appendChild", container);
  return container;
}

unsigned make_texture() {
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  // No mipmaps: a frame is drawn near its size, and mipmapping every frame costs.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  return texture;
}

}  // namespace

VideoTextures::VideoTextures() : container_(make_container()) {}

VideoTextures::~VideoTextures() {
  remove_all();
  container_.call<void>("remove");
}

void VideoTextures::show(const std::string& key, const val& stream, bool with_sound) {
  auto existing = sources_.find(key);
  if (existing != sources_.end() && existing->second.stream.strictlyEquals(stream)) return;
  remove(key);

  Source& source = sources_[key];
  source.stream = stream;
  source.texture = make_texture();
  val video = val::global("document").call<val>("createElement", std::string("video"));
  video.set("muted", !with_sound);
  video.set("autoplay", true);
  video.set("playsInline", true);
  video.set("srcObject", stream);
  container_.call<void>("appendChild", video);
  source.video = video;
  source.on_frame = std::make_unique<JsFunction>([this, key](val frame) {
    const auto it = sources_.find(key);
    if (it == sources_.end()) return;
    it->second.new_frame = true;
    ++frames_ready_;
    // The size can change mid-stream (screen share): the next upload reallocates.
    const int width = frame["width"].as<int>();
    const int height = frame["height"].as<int>();
    if (width != it->second.width || height != it->second.height) {
      it->second.width = width;
      it->second.height = height;
      it->second.texture_sized = false;
    }
  });
  val::module_property("watchVideoFrames")(video, source.on_frame->function());
  // Autoplay can be refused (sound without a user gesture); the muted self-view never is.
  then(
      video.call<val>("play"), [](val) {}, [](val) {});
}

void VideoTextures::release(Source& source) {
  source.on_frame.reset();
  if (!source.video.isNull()) {
    source.video.set("srcObject", val::null());
    source.video.call<void>("remove");
  }
  if (source.texture != 0) {
    const GLuint texture = source.texture;
    glDeleteTextures(1, &texture);
  }
}

void VideoTextures::remove(const std::string& key) {
  const auto it = sources_.find(key);
  if (it == sources_.end()) return;
  release(it->second);
  sources_.erase(it);
}

void VideoTextures::remove_all() {
  for (auto& [key, source] : sources_) release(source);
  sources_.clear();
}

void VideoTextures::upload_new_frames() {
  const val upload = val::module_property("uploadVideoFrame");
  for (auto& [key, source] : sources_) {
    if (!source.new_frame || source.width <= 0 || source.height <= 0) continue;
    source.new_frame = false;
    if (upload(source.video, source.texture, !source.texture_sized).as<bool>()) {
      source.texture_sized = true;
      ++uploads_;
    }
  }
}

VideoTextures::Picture VideoTextures::picture(const std::string& key) const {
  const auto it = sources_.find(key);
  if (it == sources_.end() || !it->second.texture_sized) return {};
  return {it->second.texture, it->second.width, it->second.height};
}

}  // namespace parley::bindings
