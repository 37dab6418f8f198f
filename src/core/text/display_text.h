// Text that one peer chose and another person will see: display names, file names, chat.
// A hostile peer can hide or reorder what is shown with control characters and bidi
// overrides ("Ada\u202Egnp.exe" shows as "Adaexe.png"), or smuggle a path into a file
// name. These functions keep what a person could have typed and drop the rest.
//
//   display_name("Ada\u202E\n")      -> "Ada"
//   display_file_name("../x/y.txt")  -> "..xy.txt"   (no separators; never empty)
//   display_chat_text("hi\r\nthere") -> "hi\nthere"  (line breaks and tabs stay)
#pragma once

#include <string>
#include <string_view>

namespace parley::text {

// C0/C1 controls, DEL, and the bidi marks, embeddings, overrides and isolates below.
bool is_hidden(char32_t code);

// Without C0/C1 controls, DEL, bidi embeddings/overrides/isolates and marks (U+200E/F,
// U+061C, U+202A-E, U+2066-9), or invalid UTF-8; whitespace trimmed at both ends.
std::string display_name(std::string_view name);
// As display_name, and without path separators ('/' and '\'); "file" if nothing is left.
std::string display_file_name(std::string_view name);
// As display_name, but line feeds and tabs are kept (a CR LF becomes a LF).
std::string display_chat_text(std::string_view text);

}  // namespace parley::text
