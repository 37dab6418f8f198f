// Icons of the control bar: Fork Awesome's glyphs (fonts-fork-awesome, web/ gets its
// woff2), in its private-use code points. The browser draws them into the font atlas like
// any other glyph the built-in font lacks (core/view/glyph_demand.h,
// bindings/glyph_raster.pre.js); the page fetches the font while the lobby shows.
#pragma once

namespace parley::ui::icon {

// UTF-8 strings, for labels.
inline constexpr const char* kMicrophone = "\uf130";
inline constexpr const char* kMicrophoneOff = "\uf131";
inline constexpr const char* kCamera = "\uf03d";
inline constexpr const char* kScreen = "\uf108";
inline constexpr const char* kStopSharing = "\uf28d";
inline constexpr const char* kChat = "\uf086";
inline constexpr const char* kFiles = "\uf0c6";
inline constexpr const char* kStats = "\uf080";
inline constexpr const char* kLink = "\uf0c1";
inline constexpr const char* kLeave = "\uf095";

// The code points, for the font atlas.
inline constexpr char32_t kAll[] = {0xf130, 0xf131, 0xf03d, 0xf108, 0xf28d,
                                    0xf086, 0xf0c6, 0xf080, 0xf0c1, 0xf095};

}  // namespace parley::ui::icon
