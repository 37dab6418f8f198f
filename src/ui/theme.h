// The UI's colours. ImGui's dark style put some text below WCAG AA's 4.5:1 contrast: hint
// text in a field (3.4:1), a lit or hovered button's label (3.6:1, 3.0:1), an amber badge
// (3.7:1). The default theme fixes those; `more_contrast` (prefers-contrast: more) goes
// further: white text, black windows, a border round every field and button.
#pragma once

#include <imgui.h>

namespace parley::ui {

void apply_theme(bool more_contrast);

// Colours the views draw with that must keep AA contrast with the text on them.
inline constexpr ImU32 kBadgeAmber = IM_COL32(140, 90, 10, 230);

}  // namespace parley::ui
