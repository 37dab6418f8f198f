// The UI's font atlas: ImGui's built-in font (ProggyClean, Latin-1) at the device's pixel
// size, plus a glyph drawn by the browser for each extra code point the screen shows
// (core/view/glyph_demand.h): other scripts and emoji, with no font to download.
#pragma once

#include <optional>
#include <unordered_map>
#include <vector>

#include "bindings/glyph_raster.h"

namespace parley::app {

class UiFont {
 public:
  // ImGui's default font is drawn for 13 CSS pixels.
  static constexpr float kFontPixels = 13.0f;

  // Rebuilds ImGui's font atlas and its GL texture: rasterised at `pixel_ratio` device
  // pixels per CSS pixel (one atlas texel per pixel) and drawn scaled back, with `extra`
  // glyphs (ascending) beyond the built-in font. Call between frames. Glyphs the last
  // atlas had are not drawn again.
  void rebuild(float pixel_ratio, const std::vector<char32_t>& extra);

  float pixel_ratio() const { return pixel_ratio_; }
  // Extra glyphs in the atlas now, and how many the browser could not draw.
  std::size_t extra_glyphs() const { return extra_glyphs_; }
  std::size_t failed_glyphs() const { return failed_glyphs_; }
  // Some glyph's font (the icons') was still loading: rebuild again a little later.
  bool waiting_for_font() const { return waiting_for_font_; }

 private:
  const std::optional<bindings::RasterGlyph>& raster_of(char32_t code, float size);

  std::unordered_map<char32_t, std::optional<bindings::RasterGlyph>> rasters_;  // of the atlas
  float pixel_ratio_ = 0.0f;                                                    // none built yet
  std::size_t extra_glyphs_ = 0;
  std::size_t failed_glyphs_ = 0;
  bool waiting_for_font_ = false;
};

}  // namespace parley::app
