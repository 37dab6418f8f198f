// RFC 6455 framing shared by the reader and the server's writer: opcodes, close codes,
// the header of a frame the server sends, and close-frame payloads.
//
//   const auto header = websocket::frame_header(Opcode::kText, payload.size());
//   write({header.view(), payload});                       // unmasked: server to client
//   write_close(websocket::close_payload(1001, "server shutting down"));
//
// Server frames are never masked and never fragmented (RFC 6455 section 5.1).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace parley::websocket {

enum class Opcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

inline bool is_control(Opcode opcode) {
  return (static_cast<std::uint8_t>(opcode) & 0x8) != 0;
}

// Close codes the server sends (RFC 6455 section 7.4.1).
namespace close_code {
inline constexpr std::uint16_t kNormal = 1000;
inline constexpr std::uint16_t kGoingAway = 1001;
inline constexpr std::uint16_t kProtocolError = 1002;
inline constexpr std::uint16_t kUnsupportedData = 1003;
inline constexpr std::uint16_t kInvalidPayload = 1007;  // e.g. text that is not UTF-8
inline constexpr std::uint16_t kPolicyViolation = 1008;
inline constexpr std::uint16_t kMessageTooBig = 1009;
inline constexpr std::uint16_t kTryAgainLater = 1013;
}  // namespace close_code

// Largest control-frame payload (ping, pong, close), and of a close reason in it.
inline constexpr std::size_t kMaxControlPayload = 125;
inline constexpr std::size_t kMaxCloseReason = kMaxControlPayload - 2;

// Why a connection must be closed: the code for the close frame and a short reason.
struct Violation {
  std::uint16_t close_code;
  std::string_view reason;  // static text
};

// The 2-, 4- or 10-byte header of an unmasked, final frame carrying `payload_size` bytes.
struct FrameHeader {
  std::array<char, 10> bytes{};
  std::uint8_t size = 0;
  std::string_view view() const { return {bytes.data(), size}; }
};
FrameHeader frame_header(Opcode opcode, std::size_t payload_size);

// A close frame's payload: the code, then `reason` cut to 123 bytes without splitting a
// UTF-8 sequence.
std::string close_payload(std::uint16_t code, std::string_view reason);

// A close frame as received: no code at all, or a code and a UTF-8 reason.
struct ReceivedClose {
  std::optional<std::uint16_t> code;
  std::string_view reason;
};
std::variant<ReceivedClose, Violation> parse_close_payload(std::string_view payload);

// May a peer send this code in a close frame? (1000-1003, 1007-1014, 3000-4999.)
bool is_valid_received_close_code(std::uint16_t code);

}  // namespace parley::websocket
