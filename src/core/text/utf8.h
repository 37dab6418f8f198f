// Strict UTF-8 validation (RFC 3629): rejects overlong forms, UTF-16 surrogates
// (U+D800..U+DFFF), code points above U+10FFFF and truncated sequences. WebSocket text
// frames must be valid UTF-8 (RFC 6455 section 8.1), so the server checks every frame.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace parley {

bool is_valid_utf8(std::string_view bytes);

// The length (2-4) of the valid multi-byte sequence starting at bytes[at], whose lead
// byte is >= 0x80; 0 if the sequence is invalid or truncated.
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t at);

// The code point of the valid sequence of `length` bytes at bytes[at] (length from
// utf8_sequence_length, or 1 for ASCII).
char32_t decode_utf8_sequence(std::string_view bytes, std::size_t at, std::size_t length);

// The code points of `bytes`; bytes that are not valid UTF-8 are skipped.
std::u32string code_points(std::string_view bytes);

// Whether `bytes` is all ASCII (every code point below U+0080).
bool is_ascii(std::string_view bytes);

}  // namespace parley
