#include "core/websocket/frame.h"

#include "core/text/utf8.h"

namespace parley::websocket {

FrameHeader frame_header(Opcode opcode, std::size_t payload_size) {
  FrameHeader header;
  auto* out = reinterpret_cast<unsigned char*>(header.bytes.data());
  out[0] = static_cast<unsigned char>(0x80 | static_cast<std::uint8_t>(opcode));  // FIN
  if (payload_size < 126) {
    out[1] = static_cast<unsigned char>(payload_size);
    header.size = 2;
  } else if (payload_size <= 0xFFFF) {
    out[1] = 126;
    out[2] = static_cast<unsigned char>(payload_size >> 8);
    out[3] = static_cast<unsigned char>(payload_size);
    header.size = 4;
  } else {
    out[1] = 127;
    const auto size = static_cast<std::uint64_t>(payload_size);
    for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<unsigned char>(size >> (56 - 8 * i));
    header.size = 10;
  }
  return header;
}

std::string close_payload(std::uint16_t code, std::string_view reason) {
  if (reason.size() > kMaxCloseReason) {
    std::size_t cut = kMaxCloseReason;
    // Step back over continuation bytes (10xxxxxx) to the start of a code point.
    while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) --cut;
    reason = reason.substr(0, cut);
  }
  std::string payload;
  payload.reserve(2 + reason.size());
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason);
  return payload;
}

bool is_valid_received_close_code(std::uint16_t code) {
  if (code >= 3000 && code <= 4999) return true;  // registered and private use
  switch (code) {
    case 1000:
    case 1001:
    case 1002:
    case 1003:
    case 1007:
    case 1008:
    case 1009:
    case 1010:
    case 1011:
    case 1012:
    case 1013:
    case 1014:
      return true;
    default:  // 1004-1006 and 1015 must never be sent; the rest are unassigned
      return false;
  }
}

std::variant<ReceivedClose, Violation> parse_close_payload(std::string_view payload) {
  if (payload.empty()) return ReceivedClose{};
  if (payload.size() == 1) {
    return Violation{close_code::kProtocolError, "a close frame's code takes two bytes"};
  }
  const auto code = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                               static_cast<unsigned char>(payload[1]));
  if (!is_valid_received_close_code(code)) {
    return Violation{close_code::kProtocolError, "invalid close code"};
  }
  const std::string_view reason = payload.substr(2);
  if (!is_valid_utf8(reason)) {
    return Violation{close_code::kInvalidPayload, "close reason is not UTF-8"};
  }
  return ReceivedClose{code, reason};
}

}  // namespace parley::websocket
