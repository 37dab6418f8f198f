// Strict UTF-8 validation (RFC 3629): rejects overlong forms, UTF-16 surrogates
// (U+D800..U+DFFF), code points above U+10FFFF and truncated sequences. WebSocket text
// frames must be valid UTF-8 (RFC 6455 section 8.1), so the server checks every frame.
#pragma once

#include <cstddef>
#include <string_view>

namespace parley {

bool is_valid_utf8(std::string_view bytes);

// The length (2-4) of the valid multi-byte sequence starting at bytes[at], whose lead
// byte is >= 0x80; 0 if the sequence is invalid or truncated.
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t at);

}  // namespace parley
