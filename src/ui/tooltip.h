// Tooltips that do not hide what they describe. ImGui puts a tooltip at the mouse, where
// it covered the neighbouring buttons of the control bar; this one sits above the item,
// inside the screen.
#pragma once

#include "ui/widget_trail.h"

namespace parley::ui {

// A tooltip for the item ImGui submitted last (call while it is hovered); recorded in the
// trail as a "tooltip".
void tooltip_above_item(const char* text, WidgetTrail& trail);

}  // namespace parley::ui
