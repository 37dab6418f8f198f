// Fuzzes the WebSocket frame reader (src/core/websocket) with arbitrary client bytes.
//
// Input: byte 0 seeds how the rest is cut into chunks; the rest is what a client sent.
// Checks, beyond ASan/UBSan:
//   - reading the bytes in one piece and in random pieces gives the same messages and
//     the same verdict (the reader's result must not depend on how TCP split the stream);
//   - every text message handed out is UTF-8, no data message exceeds the limit, and no
//     control payload exceeds 125 bytes;
//   - the reader never holds more than one message and one control frame.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/text/utf8.h"
#include "core/websocket/message_reader.h"

namespace {
using parley::websocket::MessageReader;
using parley::websocket::Opcode;

constexpr std::size_t kMaxMessage = 4096;

struct Reading {
  std::vector<std::pair<Opcode, std::string>> messages;
  int violation = 0;
  bool operator==(const Reading&) const = default;
};

[[noreturn]] void invariant_broken(const char* what) {
  std::fprintf(stderr, "frame reader invariant broken: %s\n", what);
  std::abort();
}

Reading read(std::string stream, std::uint32_t chunk_seed) {
  MessageReader reader(kMaxMessage);
  Reading reading;
  const MessageReader::Handler handler = [&](Opcode opcode, std::string_view payload) {
    if (opcode == Opcode::kText && !parley::is_valid_utf8(payload))
      invariant_broken("non-UTF-8 text");
    if (parley::websocket::is_control(opcode) && payload.size() > 125)
      invariant_broken("long control");
    if (payload.size() > kMaxMessage) invariant_broken("message over the limit");
    reading.messages.emplace_back(opcode, std::string(payload));
    return true;
  };
  std::uint32_t state = chunk_seed;
  std::size_t at = 0;
  while (at < stream.size()) {
    std::size_t size = stream.size() - at;
    if (chunk_seed != 0) {
      state = state * 1664525u + 1013904223u;  // any cut will do; this one is reproducible
      size = std::min<std::size_t>(size, 1 + (state >> 24) % 32);
    }
    const auto violation = reader.feed(std::span<char>(stream.data() + at, size), handler);
    if (reader.held_bytes() > kMaxMessage + 125) invariant_broken("holds more than a message");
    at += size;
    if (violation) {
      reading.violation = violation->close_code;
      break;
    }
  }
  return reading;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string stream(reinterpret_cast<const char*>(data + 1), size - 1);
  const Reading whole = read(stream, 0);
  const Reading pieces = read(stream, 0x9E3779B9u ^ data[0]);
  if (!(whole == pieces)) invariant_broken("the result depends on how the bytes were cut");
  return 0;
}
