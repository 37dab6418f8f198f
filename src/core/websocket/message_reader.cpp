#include "core/websocket/message_reader.h"

#include <algorithm>
#include <cstring>

#include "core/text/utf8.h"

namespace parley::websocket {
namespace {

bool is_known_opcode(std::uint8_t opcode) {
  return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA);
}

// Frees a buffer's heap block once its message is delivered: an idle connection should
// hold nothing (a default std::string keeps a few bytes inline and no heap block).
void release(std::string& buffer) {
  std::string().swap(buffer);
}

}  // namespace

void unmask(char* data, std::size_t size, const std::uint8_t (&mask)[4], std::size_t phase) {
  // Eight bytes at a time with the key rotated to `phase`; the pattern repeats every 4.
  std::uint8_t pattern[8];
  for (std::size_t i = 0; i < 8; ++i) pattern[i] = mask[(phase + i) & 3];
  std::uint64_t wide;
  std::memcpy(&wide, pattern, sizeof wide);
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, data + i, sizeof chunk);
    chunk ^= wide;
    std::memcpy(data + i, &chunk, sizeof chunk);
  }
  for (; i < size; ++i) data[i] = static_cast<char>(data[i] ^ pattern[i & 7]);
}

std::optional<Violation> MessageReader::check_header() {
  const std::uint8_t first = header_[0];
  const std::uint8_t second = header_[1];
  if (header_have_ == 2) {
    // The first two bytes say what the frame is and how long its header is.
    if ((first & 0x70) != 0) {
      return Violation{close_code::kProtocolError, "reserved bits set (no extension negotiated)"};
    }
    if (!is_known_opcode(first & 0x0F))
      return Violation{close_code::kProtocolError, "unknown opcode"};
    if ((second & 0x80) == 0) {
      return Violation{close_code::kProtocolError, "client frames must be masked"};
    }
    frame_fin_ = (first & 0x80) != 0;
    frame_opcode_ = static_cast<Opcode>(first & 0x0F);
    const std::uint8_t length7 = second & 0x7F;
    if (is_control(frame_opcode_)) {
      if (!frame_fin_) return Violation{close_code::kProtocolError, "fragmented control frame"};
      if (length7 > kMaxControlPayload) {
        return Violation{close_code::kProtocolError, "control frame longer than 125 bytes"};
      }
    } else if (frame_opcode_ == Opcode::kContinuation) {
      if (!message_opcode_) {
        return Violation{close_code::kProtocolError, "continuation frame outside a message"};
      }
    } else if (message_opcode_) {
      return Violation{close_code::kProtocolError, "new message inside a fragmented one"};
    }
    const std::uint8_t extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    header_need_ = static_cast<std::uint8_t>(2 + extended + 4);
    return std::nullopt;
  }

  // The whole header: length and masking key.
  const std::uint8_t length7 = second & 0x7F;
  std::uint64_t length = length7;
  std::size_t at = 2;
  if (length7 == 126) {
    length = (std::uint64_t{header_[2]} << 8) | header_[3];
    at = 4;
    if (length < 126) return Violation{close_code::kProtocolError, "length not minimally encoded"};
  } else if (length7 == 127) {
    length = 0;
    for (std::size_t i = 0; i < 8; ++i) length = (length << 8) | header_[2 + i];
    at = 10;
    if ((length >> 63) != 0) return Violation{close_code::kProtocolError, "frame length over 2^63"};
    if (length <= 0xFFFF) {
      return Violation{close_code::kProtocolError, "length not minimally encoded"};
    }
  }
  std::memcpy(mask_, header_ + at, 4);
  if (!is_control(frame_opcode_)) {
    const std::size_t before = frame_opcode_ == Opcode::kContinuation ? message_.size() : 0;
    if (length > max_message_bytes_ - before) {
      return Violation{close_code::kMessageTooBig, "message too big"};
    }
    if (frame_opcode_ != Opcode::kContinuation) message_opcode_ = frame_opcode_;
  }
  frame_remaining_ = length;
  frame_offset_ = 0;
  in_payload_ = true;
  return std::nullopt;
}

std::optional<Violation> MessageReader::deliver(Opcode opcode, std::string_view payload, Step& step,
                                                const Handler& on_message) {
  if (opcode == Opcode::kText && !is_valid_utf8(payload)) {
    return Violation{close_code::kInvalidPayload, "text message is not UTF-8"};
  }
  if (!on_message(opcode, payload)) step = Step::kStop;
  return std::nullopt;
}

std::optional<Violation> MessageReader::feed(std::span<char> bytes, const Handler& on_message) {
  std::size_t pos = 0;
  Step step = Step::kContinue;
  while (step == Step::kContinue) {
    if (!in_payload_) {
      while (header_have_ < header_need_ && pos < bytes.size()) {
        header_[header_have_++] = static_cast<std::uint8_t>(bytes[pos++]);
        if (header_have_ == 2 || header_have_ == header_need_) {
          if (auto violation = check_header()) return violation;
        }
      }
      if (!in_payload_) return std::nullopt;  // the header goes on in the next chunk
    }
    // An empty frame is complete with its header; any other needs payload bytes.
    if (pos == bytes.size() && frame_remaining_ > 0) return std::nullopt;

    const auto available =
        static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size() - pos, frame_remaining_));
    char* data = bytes.data() + pos;
    unmask(data, available, mask_, static_cast<std::size_t>(frame_offset_ & 3));
    pos += available;
    frame_remaining_ -= available;
    frame_offset_ += available;
    const bool frame_done = frame_remaining_ == 0;
    const bool whole_frame_in_chunk = frame_done && frame_offset_ == available;
    const std::string_view piece(data, available);

    std::optional<Violation> violation;
    if (is_control(frame_opcode_)) {
      if (whole_frame_in_chunk) {
        violation = deliver(frame_opcode_, piece, step, on_message);
      } else {
        control_.append(piece);
        if (frame_done) {
          violation = deliver(frame_opcode_, control_, step, on_message);
          release(control_);
        }
      }
    } else if (whole_frame_in_chunk && frame_fin_ && frame_opcode_ != Opcode::kContinuation) {
      message_opcode_.reset();
      violation = deliver(frame_opcode_, piece, step, on_message);
    } else {
      message_.append(piece);
      if (frame_done && frame_fin_) {
        const Opcode opcode = *message_opcode_;
        message_opcode_.reset();
        violation = deliver(opcode, message_, step, on_message);
        release(message_);
      }
    }
    if (violation) return violation;
    if (frame_done) {
      in_payload_ = false;
      header_have_ = 0;
      header_need_ = 2;
    }
  }
  return std::nullopt;
}

}  // namespace parley::websocket
