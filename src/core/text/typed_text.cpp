#include "core/text/typed_text.h"

#include "core/text/display_text.h"
#include "core/text/utf8.h"

namespace parley::text {

std::u32string typed_characters(std::string_view utf8) {
  std::u32string out;
  bool in_break = false;
  for (const char32_t code : code_points(utf8)) {
    const bool line_break = code == U'\r' || code == U'\n' || code == U'\t';
    if (line_break) {
      if (!in_break) out.push_back(U' ');
      in_break = true;
      continue;
    }
    in_break = false;
    if (!is_hidden(code)) out.push_back(code);
  }
  return out;
}

}  // namespace parley::text
