// The keyboard help ("?"): every shortcut, and how to get around without a mouse.
//
//   if (help_open && !draw_shortcut_help(in_call, trail)) help_open = false;
#pragma once

#include "ui/widget_trail.h"

namespace parley::ui {

// `in_call`: the call's shortcuts are listed too. Returns false once the person closed it.
bool draw_shortcut_help(bool in_call, WidgetTrail& trail);

// The character that opens and closes the help (typed while no text field has the cursor).
inline constexpr char32_t kHelpCharacter = U'?';

}  // namespace parley::ui
