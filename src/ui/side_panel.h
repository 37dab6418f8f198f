// The panels that open beside the call (chat, files, stats): docked on the right, above
// the control bar, not movable.
#pragma once

namespace parley::ui {

inline constexpr float kControlBarHeight = 56.0f;

// ImGui::Begin for a side panel `width` wide; false once the person closed it with its x.
// End it with ImGui::End() either way.
bool begin_side_panel(const char* title, float width);

}  // namespace parley::ui
