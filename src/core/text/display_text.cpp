#include "core/text/display_text.h"

#include <cstdint>

#include "core/text/utf8.h"

namespace parley::text {
namespace {

enum class Keep { kNothingSpecial, kLineBreaks, kNoSeparators };

std::string_view trimmed(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

std::string cleaned(std::string_view input, Keep keep) {
  std::string out;
  out.reserve(input.size());
  for (std::size_t at = 0; at < input.size();) {
    const auto lead = static_cast<std::uint8_t>(input[at]);
    const std::size_t length = lead < 0x80 ? 1 : utf8_sequence_length(input, at);
    if (length == 0) {  // invalid UTF-8: the byte is dropped
      ++at;
      continue;
    }
    const char32_t code = decode_utf8_sequence(input, at, length);
    const bool line_break = code == '\n' || code == '\t';
    const bool separator = code == '/' || code == '\\';
    const bool keep_it = keep == Keep::kLineBreaks     ? (line_break || !is_hidden(code))
                         : keep == Keep::kNoSeparators ? (!separator && !is_hidden(code))
                                                       : !is_hidden(code);
    if (keep_it) out.append(input.substr(at, length));
    at += length;
  }
  return std::string(trimmed(out));
}

}  // namespace

bool is_hidden(char32_t code) {
  return code < 0x20 || code == 0x7F || (code >= 0x80 && code <= 0x9F) ||  // controls
         code == 0x061C || code == 0x200E || code == 0x200F ||             // marks
         (code >= 0x202A && code <= 0x202E) ||                             // embed, override
         (code >= 0x2066 && code <= 0x2069);                               // isolates
}

std::string display_name(std::string_view name) {
  return cleaned(name, Keep::kNothingSpecial);
}

std::string display_file_name(std::string_view name) {
  std::string cleaned_name = cleaned(name, Keep::kNoSeparators);
  return cleaned_name.empty() ? "file" : cleaned_name;
}

std::string display_chat_text(std::string_view text) {
  return cleaned(text, Keep::kLineBreaks);
}

}  // namespace parley::text
