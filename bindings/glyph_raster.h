// One glyph drawn by the browser's text renderer (bindings/glyph_raster.pre.js), for the
// glyphs the app's built-in font lacks (core/view/glyph_demand.h).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace parley::bindings {

struct RasterGlyph {
  int width = 0;
  int height = 0;
  float advance = 0;  // pen movement, pixels
  int left = 0;       // the box's top-left corner from the pen on the baseline (x right)
  int top = 0;        // (y up)
  std::vector<std::uint8_t> rgba;  // width * height pixels, not premultiplied
};

struct RasterResult {
  std::optional<RasterGlyph> glyph;  // nothing: the browser cannot draw it
  bool later = false;                // the font it needs is still loading: ask again
};

// `code` at `size` pixels in the browser's sans-serif (or emoji) font, or in the icon
// font for private-use code points; no glyph when the browser cannot draw text off screen
// or the glyph is absurdly large.
RasterResult raster_glyph(char32_t code, float size);

}  // namespace parley::bindings
