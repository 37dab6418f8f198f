#include "core/json_nesting.h"

namespace parley {

std::optional<JsonNestingError> check_json_nesting(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > max_depth) {
          return JsonNestingError{i, "JSON nested deeper than " + std::to_string(max_depth) +
                                         " levels at byte " + std::to_string(i)};
        }
        break;
      case ']':
      case '}':
        // Unbalanced closers are a syntax error for the parser to report, not a depth problem.
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return std::nullopt;
}

}  // namespace parley
