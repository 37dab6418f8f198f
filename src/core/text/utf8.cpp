#include "core/text/utf8.h"

#include <cstdint>
#include <cstring>

namespace parley {

std::size_t utf8_sequence_length(std::string_view bytes, std::size_t at) {
  const auto lead = static_cast<std::uint8_t>(bytes[at]);
  std::size_t length = 0;
  // The allowed range of the second byte encodes the overlong, surrogate and
  // > U+10FFFF rules (RFC 3629, section 4, "UTF8-2/3/4").
  std::uint8_t second_min = 0x80;
  std::uint8_t second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // overlong
    if (lead == 0xED) second_max = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // overlong
    if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // continuation byte as lead, C0/C1 overlong, or F5..FF
  }
  if (bytes.size() - at < length) return 0;
  const auto second = static_cast<std::uint8_t>(bytes[at + 1]);
  if (second < second_min || second > second_max) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((static_cast<std::uint8_t>(bytes[at + k]) & 0xC0) != 0x80) return 0;
  }
  return length;
}

char32_t decode_utf8_sequence(std::string_view bytes, std::size_t at, std::size_t length) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[at + i]); };
  if (length == 1) return byte(0);
  char32_t code = byte(0) & (0xFF >> (length + 1));
  for (std::size_t i = 1; i < length; ++i) code = (code << 6) | (byte(i) & 0x3F);
  return code;
}

std::u32string code_points(std::string_view bytes) {
  std::u32string out;
  out.reserve(bytes.size());
  for (std::size_t at = 0; at < bytes.size();) {
    const std::size_t length =
        static_cast<std::uint8_t>(bytes[at]) < 0x80 ? 1 : utf8_sequence_length(bytes, at);
    if (length == 0) {
      ++at;
      continue;
    }
    out.push_back(decode_utf8_sequence(bytes, at, length));
    at += length;
  }
  return out;
}

bool is_ascii(std::string_view bytes) {
  std::size_t i = 0;
  std::uint64_t eight;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::memcpy(&eight, bytes.data() + i, 8);
    if ((eight & 0x8080808080808080u) != 0) return false;
  }
  for (; i < bytes.size(); ++i) {
    if (static_cast<std::uint8_t>(bytes[i]) >= 0x80) return false;
  }
  return true;
}

bool is_valid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  while (i < n) {
    // Signaling text is nearly all ASCII: skip it eight bytes at a time.
    std::uint64_t eight;
    while (i + 8 <= n &&
           (std::memcpy(&eight, bytes.data() + i, 8), (eight & 0x8080808080808080u) == 0)) {
      i += 8;
    }
    if (i == n) break;
    if (static_cast<std::uint8_t>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(bytes, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

}  // namespace parley
