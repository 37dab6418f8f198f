// A video frame in a GL texture, as the views draw it; no texture: nothing to show yet.
#pragma once

#include <imgui.h>

namespace parley::ui {

struct VideoPicture {
  ImTextureID texture = nullptr;
  int width = 0;
  int height = 0;

  bool ready() const { return texture != nullptr && width > 0 && height > 0; }
};

}  // namespace parley::ui
