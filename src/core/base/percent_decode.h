// Decoding of %XX escapes in URL parts (RFC 3986 section 2.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parley {

// In query strings (application/x-www-form-urlencoded) '+' means a space; in paths it
// is a plain '+'.
enum class PlusSign { kLiteral, kSpace };

// Decodes `text`; returns nothing for a malformed escape ('%' not followed by two hex digits).
std::optional<std::string> percent_decode(std::string_view text,
                                          PlusSign plus = PlusSign::kLiteral);

}  // namespace parley
