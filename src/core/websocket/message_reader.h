// Reads the frames a WebSocket client sends (RFC 6455 section 5), as a server must.
//
//   MessageReader reader(64 * 1024);
//   // for each chunk received from the socket, in order:
//   auto violation = reader.feed(chunk, [&](Opcode opcode, std::string_view payload) {
//     ...               // a whole text/binary message, or a ping/pong/close frame
//     return true;      // false: stop here (the connection is closing)
//   });
//   if (violation) close_with(violation->close_code, violation->reason);
//
// - Incremental: a chunk may end anywhere, even inside a frame header.
// - Zero-copy where it can be: an unfragmented frame wholly inside one chunk is unmasked
//   in place and handed over as a view into that chunk, so a server can read every
//   connection into one shared buffer and keep only partial frames per connection.
// - Enforces what a server must: masked client frames, no reserved bits (no extension is
//   ever negotiated), known opcodes, unfragmented control frames of at most 125 bytes,
//   minimal length encodings, continuation frames only inside a message, UTF-8 text,
//   and a limit on the size of a whole message, checked on each frame header before any
//   of its payload is stored.
// - Views passed to the handler are valid only during the call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/websocket/frame.h"

namespace parley::websocket {

class MessageReader {
 public:
  using Handler = std::function<bool(Opcode opcode, std::string_view payload)>;

  explicit MessageReader(std::size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

  // Consumes `bytes` (unmasking them in place) and calls `on_message` for each complete
  // message or control frame. Returns the violation that makes the stream unreadable;
  // after one, or after the handler returned false, feed() must not be called again.
  std::optional<Violation> feed(std::span<char> bytes, const Handler& on_message);

  // Bytes held between calls: a partial frame or fragmented message (0 when idle).
  std::size_t held_bytes() const { return message_.size() + control_.size(); }

 private:
  enum class Step { kContinue, kStop };

  std::optional<Violation> check_header();
  std::optional<Violation> deliver(Opcode opcode, std::string_view payload, Step& step,
                                   const Handler& on_message);

  const std::size_t max_message_bytes_;

  // The frame being read.
  std::uint8_t header_[14] = {};
  std::uint8_t header_have_ = 0;
  std::uint8_t header_need_ = 2;
  bool in_payload_ = false;
  bool frame_fin_ = false;
  Opcode frame_opcode_ = Opcode::kText;
  std::uint8_t mask_[4] = {};
  std::uint64_t frame_remaining_ = 0;
  std::uint64_t frame_offset_ = 0;  // payload bytes of this frame already read

  // The data message being assembled from fragments (or a frame split across chunks),
  // and a control frame split across chunks.
  std::optional<Opcode> message_opcode_;
  std::string message_;
  std::string control_;
};

// XORs `data` with the 4-byte masking key, starting at key position `phase` (0-3).
void unmask(char* data, std::size_t size, const std::uint8_t (&mask)[4], std::size_t phase);

}  // namespace parley::websocket
