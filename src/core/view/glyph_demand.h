// Which glyphs the UI font must carry beyond its own. ImGui's built-in font has Latin-1
// only, but names, chat and typed text hold any script and emoji: "Łukasz", "王芳", "🎉"
// drew as '?'. A font covering all of Unicode would be megabytes to download, so the app
// has the browser rasterise the glyphs it actually shows and adds them to the font atlas.
// This class decides which: the app tells it what text each frame drew, and rebuilds the
// atlas with take_atlas() when rebuild_due().
//
//   demand.begin_frame();
//   demand.see(text);                      // everything drawn this frame
//   if (demand.rebuild_due(now)) build_atlas_with(demand.take_atlas(now));
//
// Bounded against a peer that sends thousands of distinct characters: at most
// `most_glyphs` extra glyphs; a new one replaces one that was not on screen in this
// frame or the last, and is refused (drawn as '?') when every held glyph is on screen.
// Rebuilds happen at most once per kRebuildInterval and bring at most kMostNewPerBuild
// glyphs the last atlas lacked (each is drawn by the browser: ~0.1 ms), so a flood of new
// characters costs the UI a bounded slice of each second; the rest follow in later builds.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace parley::view {

class GlyphDemand {
 public:
  using Time = std::chrono::milliseconds;  // a monotonic clock's reading
  static constexpr std::size_t kMostGlyphs = 1024;
  static constexpr Time kRebuildInterval{250};
  static constexpr std::size_t kMostNewPerBuild = 64;

  // Code points below `first_extra` are the built-in font's own (U+0100: Latin-1).
  explicit GlyphDemand(char32_t first_extra = 0x100, std::size_t most_glyphs = kMostGlyphs)
      : first_extra_(first_extra), most_glyphs_(most_glyphs) {}

  void begin_frame();
  // Text (UTF-8) the frame draws.
  void see(std::string_view utf8);
  void see(char32_t code);

  // The wanted glyphs differ from the last atlas's and the last rebuild is long enough ago.
  bool rebuild_due(Time now) const;
  // The extra code points the new atlas holds (ascending): the wanted ones the last atlas
  // had, and up to kMostNewPerBuild more. rebuild_due() stays false until something new is
  // seen or the interval passed with wanted glyphs still missing.
  std::vector<char32_t> take_atlas(Time now);

  std::size_t held() const { return last_seen_.size(); }
  // Code points refused since the start because every held glyph was on screen.
  std::uint64_t refused() const { return refused_; }

 private:
  bool make_room();

  char32_t first_extra_;
  std::size_t most_glyphs_;
  std::unordered_map<char32_t, std::uint64_t> last_seen_;  // code point -> frame
  std::unordered_set<char32_t> in_atlas_;
  std::uint64_t frame_ = 1;
  std::uint64_t full_in_frame_ = 0;  // no room could be made in this frame: stop looking
  bool changed_ = false;
  bool built_once_ = false;
  Time last_build_{0};
  std::uint64_t refused_ = 0;
};

}  // namespace parley::view
