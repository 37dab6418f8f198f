// The panels that open beside the call (chat, files, stats): docked on the right, above
// the control bar, not movable.
#pragma once

namespace parley::ui {

// One row of the control bar; a narrow screen wraps it onto more (core/view/bar_layout.h).
inline constexpr float kControlBarHeight = 56.0f;

// The control bar's height this frame: draw_call sets it, and the side panels keep clear.
void set_control_bar_height(float height);
float control_bar_height();

// ImGui::Begin for a side panel `width` wide (at most the screen's, less a margin);
// false once the person closed it with its x.
// End it with ImGui::End() either way.
bool begin_side_panel(const char* title, float width);

}  // namespace parley::ui
