#include "app/ui_font.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <utility>

#include "bindings/glyph_raster.h"

namespace parley::app {

namespace {

struct PlacedGlyph {
  int rect = 0;  // the atlas's custom rectangle
  const bindings::RasterGlyph* raster = nullptr;
};

// Copies each browser-drawn glyph into its rectangle of the built RGBA atlas.
void copy_into_atlas(ImFontAtlas& atlas, const std::vector<PlacedGlyph>& placed) {
  unsigned char* pixels = nullptr;
  int atlas_width = 0;
  int atlas_height = 0;
  atlas.GetTexDataAsRGBA32(&pixels, &atlas_width, &atlas_height);
  for (const PlacedGlyph& glyph : placed) {
    const ImFontAtlasCustomRect* rect = atlas.GetCustomRectByIndex(glyph.rect);
    if (rect == nullptr || !rect->IsPacked()) continue;
    const auto row_bytes = static_cast<std::size_t>(glyph.raster->width) * 4;
    for (int y = 0; y < glyph.raster->height; ++y) {
      const std::size_t to = (static_cast<std::size_t>(rect->Y + y) * atlas_width + rect->X) * 4;
      std::memcpy(pixels + to, glyph.raster->rgba.data() + y * row_bytes, row_bytes);
    }
  }
}

}  // namespace

const std::optional<bindings::RasterGlyph>& UiFont::raster_of(char32_t code, float size) {
  static const std::optional<bindings::RasterGlyph> not_yet;
  const auto found = rasters_.find(code);
  if (found != rasters_.end()) return found->second;
  bindings::RasterResult raster = bindings::raster_glyph(code, size);
  if (raster.later) {  // its font is loading: not kept, asked again at the next rebuild
    waiting_for_font_ = true;
    return not_yet;
  }
  return rasters_.emplace(code, std::move(raster.glyph)).first->second;
}

void UiFont::rebuild(float pixel_ratio, const std::vector<char32_t>& extra) {
  if (pixel_ratio != pixel_ratio_) rasters_.clear();  // drawn for another size
  waiting_for_font_ = false;
  ImGuiIO& io = ImGui::GetIO();
  ImFontAtlas& atlas = *io.Fonts;
  atlas.Clear();
  ImFontConfig config;
  config.SizePixels = kFontPixels * pixel_ratio;
  ImFont* font = atlas.AddFontDefault(&config);
  io.FontGlobalScale = 1.0f / pixel_ratio;

  std::vector<PlacedGlyph> placed;
  failed_glyphs_ = 0;
  if (!extra.empty()) {
    atlas.Build();  // for the font's ascent: extra glyphs sit on its baseline
    const float baseline = font->Ascent;
    for (const char32_t code : extra) {
      const std::optional<bindings::RasterGlyph>& raster = raster_of(code, config.SizePixels);
      if (!raster) {
        ++failed_glyphs_;
        continue;
      }
      const ImVec2 offset{static_cast<float>(raster->left),
                          baseline - static_cast<float>(raster->top)};
      const int rect =
          atlas.AddCustomRectFontGlyph(font, static_cast<ImWchar>(code), raster->width,
                                       raster->height, std::round(raster->advance), offset);
      placed.push_back({rect, &*raster});
    }
    atlas.Build();
  }
  copy_into_atlas(atlas, placed);
  extra_glyphs_ = placed.size();
  std::erase_if(rasters_, [&extra](const auto& entry) {
    return !std::binary_search(extra.begin(), extra.end(), entry.first);
  });
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  pixel_ratio_ = pixel_ratio;
}

}  // namespace parley::app
