// Builds frames the way a WebSocket client sends them (masked), for reader tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/websocket/frame.h"

namespace parley::websocket::testing {

struct FrameOptions {
  bool fin = true;
  bool masked = true;
  std::uint8_t reserved_bits = 0;  // RSV1-3 as the 0x70 bits of the first byte
  std::uint8_t mask[4] = {0x37, 0xFA, 0x21, 0x3D};
};

// `opcode_bits` is raw so tests can send opcodes the protocol does not define.
inline std::string client_frame(std::uint8_t opcode_bits, std::string_view payload,
                                FrameOptions options = {}) {
  std::string frame;
  frame.push_back(
      static_cast<char>((options.fin ? 0x80 : 0) | options.reserved_bits | opcode_bits));
  const std::uint8_t mask_bit = options.masked ? 0x80 : 0;
  const std::uint64_t size = payload.size();
  if (size < 126) {
    frame.push_back(static_cast<char>(mask_bit | size));
  } else if (size <= 0xFFFF) {
    frame.push_back(static_cast<char>(mask_bit | 126));
    frame.push_back(static_cast<char>(size >> 8));
    frame.push_back(static_cast<char>(size & 0xFF));
  } else {
    frame.push_back(static_cast<char>(mask_bit | 127));
    for (int i = 7; i >= 0; --i) frame.push_back(static_cast<char>((size >> (8 * i)) & 0xFF));
  }
  if (!options.masked) return frame.append(payload);
  for (const auto byte : options.mask) frame.push_back(static_cast<char>(byte));
  for (std::size_t i = 0; i < payload.size(); ++i) {
    frame.push_back(static_cast<char>(payload[i] ^ options.mask[i % 4]));
  }
  return frame;
}

inline std::string client_frame(Opcode opcode, std::string_view payload,
                                FrameOptions options = {}) {
  return client_frame(static_cast<std::uint8_t>(opcode), payload, options);
}

}  // namespace parley::websocket::testing
