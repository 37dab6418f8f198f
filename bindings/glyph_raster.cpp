#include "bindings/glyph_raster.h"

#include <emscripten/val.h>

namespace parley::bindings {

using emscripten::val;

RasterResult raster_glyph(char32_t code, float size) {
  const val glyph = val::module_property("parleyRasterGlyph")(static_cast<unsigned>(code), size);
  if (glyph.isNull() || glyph.isUndefined()) return {};
  if (glyph["later"].as<bool>()) return {.glyph = std::nullopt, .later = true};
  RasterGlyph out;
  out.width = glyph["width"].as<int>();
  out.height = glyph["height"].as<int>();
  out.advance = glyph["advance"].as<float>();
  out.left = glyph["left"].as<int>();
  out.top = glyph["top"].as<int>();
  out.rgba.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height) * 4);
  if (glyph["pixels"]["length"].as<std::size_t>() != out.rgba.size()) return {};
  val(emscripten::typed_memory_view(out.rgba.size(), out.rgba.data()))
      .call<void>("set", glyph["pixels"]);
  return {.glyph = std::move(out), .later = false};
}

}  // namespace parley::bindings
