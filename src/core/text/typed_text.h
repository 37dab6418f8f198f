// What a person typed, composed (IME) or pasted into a one-line text field, as the code
// points the field should take. The browser hands the app text, not keys: a paste of a
// paragraph, an emoji, "王芳" committed by an input method.
//
//   typed_characters("Zoë\r\n王芳\t🎉")  -> U"Zoë 王芳 🎉"
#pragma once

#include <string>
#include <string_view>

namespace parley::text {

// Line breaks and tabs (a run of them) become one space; other hidden characters
// (controls, bidi overrides - text::is_hidden) and invalid UTF-8 are dropped.
std::u32string typed_characters(std::string_view utf8);

}  // namespace parley::text
