// The browser's text entry for ImGui's text fields (bindings/text_input.pre.js): while a
// field has the cursor, a textarea the person does not see holds the keyboard focus, so
// what keys cannot deliver - input-method composition, inserted characters, paste -
// reaches the field too.
//
//   io.AddInputCharacter(c) for c in text::typed_characters(take_committed_text());
//   ...frame...
//   follow_text_field(io.WantTextInput, "Your name", caret_x, caret_y, line_height);
#pragma once

#include <string>

namespace parley::bindings {

// Each frame: whether a text field has the cursor, its label (what a screen reader says),
// and its caret: CSS pixels from the canvas's top-left corner, the top of the line.
void follow_text_field(bool has_cursor, const std::string& label, float caret_x, float caret_y,
                       float line_height);

// What the browser committed to the field since the last call - typed, composed or
// pasted - as UTF-8.
std::string take_committed_text();

}  // namespace parley::bindings
