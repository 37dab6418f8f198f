// Bounds the nesting depth of a JSON text before it is parsed.
//
// nlohmann/json parses recursively, so a hostile frame like "[[[[...]]]]" 100,000 deep
// would exhaust the stack (nlohmann/json issues 1419, 5387). Run this linear,
// non-recursive scan first and parse only texts it accepts:
//
//   if (auto error = parley::check_json_nesting(frame, 32)) reject(*error);
//   else parse(frame);
//
// It tracks only brackets outside strings; syntax errors are left to the real parser.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace parley {

struct JsonNestingError {
  std::size_t offset = 0;  // byte offset of the bracket that went too deep
  std::string message;
};

// Returns an error if any array/object in `text` is nested deeper than `max_depth`
// (a top-level object has depth 1). Never recurses; O(text.size()).
std::optional<JsonNestingError> check_json_nesting(std::string_view text, std::size_t max_depth);

}  // namespace parley
