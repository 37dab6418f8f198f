#include "core/websocket/message_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "client_frames.h"

namespace parley::websocket {
namespace {
using testing::client_frame;
using testing::FrameOptions;

struct Received {
  Opcode opcode;
  std::string payload;
  bool operator==(const Received&) const = default;
};

// Feeds `stream` in chunks of `chunk` bytes (0: all at once) and records what arrives.
struct Reading {
  std::vector<Received> messages;
  std::optional<Violation> violation;
};
Reading read_all(std::string stream, std::size_t chunk = 0, std::size_t max_bytes = 1 << 20) {
  MessageReader reader(max_bytes);
  Reading reading;
  const auto handler = [&](Opcode opcode, std::string_view payload) {
    reading.messages.push_back({opcode, std::string(payload)});
    return true;
  };
  if (chunk == 0) chunk = stream.size();
  for (std::size_t at = 0; at < stream.size() && !reading.violation; at += chunk) {
    const std::size_t size = std::min(chunk, stream.size() - at);
    reading.violation = reader.feed(std::span<char>(stream.data() + at, size), handler);
  }
  return reading;
}

std::uint16_t violation_code(const std::string& stream, std::size_t max_bytes = 1 << 20) {
  const auto reading = read_all(stream, 0, max_bytes);
  return reading.violation ? reading.violation->close_code : 0;
}

TEST(MessageReader, ReadsAMaskedTextFrame) {
  const auto reading = read_all(client_frame(Opcode::kText, R"({"type":"join"})"));
  ASSERT_FALSE(reading.violation);
  EXPECT_EQ(reading.messages, (std::vector<Received>{{Opcode::kText, R"({"type":"join"})"}}));
}

TEST(MessageReader, ReadsTheSameWhereverTheChunksEnd) {
  const std::string payload(300, 'p');  // 16-bit length: the header itself can be split
  const std::string stream = client_frame(Opcode::kText, "first") +
                             client_frame(Opcode::kBinary, payload) +
                             client_frame(Opcode::kPing, "") + client_frame(Opcode::kText, "last");
  const std::vector<Received> expected = {{Opcode::kText, "first"},
                                          {Opcode::kBinary, payload},
                                          {Opcode::kPing, ""},
                                          {Opcode::kText, "last"}};
  for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
    const auto reading = read_all(stream, chunk);
    ASSERT_FALSE(reading.violation) << chunk;
    ASSERT_EQ(reading.messages, expected) << "chunk size " << chunk;
  }
}

TEST(MessageReader, ReassemblesFragmentsWithControlFramesBetweenThem) {
  const std::string stream = client_frame(Opcode::kText, "Hel", {.fin = false}) +
                             client_frame(Opcode::kPing, "are you there") +
                             client_frame(Opcode::kContinuation, "lo, ", {.fin = false}) +
                             client_frame(Opcode::kContinuation, "world");
  for (const std::size_t chunk : {0, 1, 3, 7}) {
    const auto reading = read_all(stream, chunk);
    ASSERT_FALSE(reading.violation);
    EXPECT_EQ(reading.messages, (std::vector<Received>{{Opcode::kPing, "are you there"},
                                                       {Opcode::kText, "Hello, world"}}));
  }
}

TEST(MessageReader, ReadsSixtyFourBitLengths) {
  const std::string payload(70'000, 'x');
  const auto reading = read_all(client_frame(Opcode::kText, payload), 4096);
  ASSERT_FALSE(reading.violation);
  ASSERT_EQ(reading.messages.size(), 1u);
  EXPECT_EQ(reading.messages[0].payload, payload);
}

TEST(MessageReader, DeliversAnEmptyFrameEndingAChunkAtOnce) {
  MessageReader reader(1024);
  std::string frame = client_frame(Opcode::kClose, "");
  int calls = 0;
  EXPECT_FALSE(reader.feed(frame, [&](Opcode opcode, std::string_view payload) {
    EXPECT_EQ(opcode, Opcode::kClose);
    EXPECT_TRUE(payload.empty());
    return ++calls > 0;
  }));
  EXPECT_EQ(calls, 1);
}

TEST(MessageReader, StopsWhenTheHandlerSaysSo) {
  MessageReader reader(1024);
  std::string stream = client_frame(Opcode::kClose, "") + client_frame(Opcode::kText, "after");
  int calls = 0;
  EXPECT_FALSE(reader.feed(stream, [&](Opcode, std::string_view) {
    ++calls;
    return false;
  }));
  EXPECT_EQ(calls, 1);
}

TEST(MessageReader, HoldsNothingOnceAFragmentedMessageIsDelivered) {
  MessageReader reader(1024);
  std::string first = client_frame(Opcode::kText, std::string(200, 'a'), {.fin = false});
  std::string last = client_frame(Opcode::kContinuation, std::string(200, 'b'));
  const auto ignore = [](Opcode, std::string_view) { return true; };
  ASSERT_FALSE(reader.feed(first, ignore));
  EXPECT_EQ(reader.held_bytes(), 200u);
  ASSERT_FALSE(reader.feed(last, ignore));
  EXPECT_EQ(reader.held_bytes(), 0u);
}

TEST(MessageReader, RefusesWhatAServerMustRefuse) {
  using close_code::kProtocolError;
  EXPECT_EQ(violation_code(client_frame(Opcode::kText, "x", {.masked = false})), kProtocolError);
  EXPECT_EQ(violation_code(client_frame(Opcode::kText, "x", {.reserved_bits = 0x40})),
            kProtocolError);
  EXPECT_EQ(violation_code(client_frame(0x3, "x")), kProtocolError);
  EXPECT_EQ(violation_code(client_frame(0xB, "x")), kProtocolError);
  EXPECT_EQ(violation_code(client_frame(Opcode::kPing, "x", {.fin = false})), kProtocolError);
  EXPECT_EQ(violation_code(client_frame(Opcode::kPing, std::string(126, 'x'))), kProtocolError);
  EXPECT_EQ(violation_code(client_frame(Opcode::kContinuation, "x")), kProtocolError);
  EXPECT_EQ(violation_code(client_frame(Opcode::kText, "a", {.fin = false}) +
                           client_frame(Opcode::kText, "b")),
            kProtocolError);
}

TEST(MessageReader, RefusesLengthsThatAreNotMinimallyEncoded) {
  // 16-bit length field holding 5, and 64-bit field holding 200.
  const std::string short_in_16 = std::string("\x81\xFE\x00\x05", 4) + "MASK" + "hello";
  EXPECT_EQ(violation_code(short_in_16), close_code::kProtocolError);
  std::string short_in_64 = std::string("\x81\xFF", 2) + std::string(7, '\0') + "\xC8" + "MASK";
  EXPECT_EQ(violation_code(short_in_64), close_code::kProtocolError);
  std::string top_bit = std::string("\x81\xFF\x80", 3) + std::string(7, '\0') + "MASK";
  EXPECT_EQ(violation_code(top_bit), close_code::kProtocolError);
}

TEST(MessageReader, RefusesAnOversizedFrameOnItsHeaderBeforeStoringAnything) {
  MessageReader reader(1024);
  std::string frame = client_frame(Opcode::kText, std::string(2000, 'x'));
  std::string header = frame.substr(0, 8);  // 2 bytes + 16-bit length + mask
  const auto violation = reader.feed(header, [](Opcode, std::string_view) { return true; });
  ASSERT_TRUE(violation);
  EXPECT_EQ(violation->close_code, close_code::kMessageTooBig);
  EXPECT_EQ(reader.held_bytes(), 0u);
}

TEST(MessageReader, CountsEveryFragmentAgainstTheMessageLimit) {
  const std::string stream = client_frame(Opcode::kText, std::string(600, 'a'), {.fin = false}) +
                             client_frame(Opcode::kContinuation, std::string(600, 'b'));
  EXPECT_EQ(violation_code(stream, 1000), close_code::kMessageTooBig);
  EXPECT_EQ(violation_code(stream, 1200), 0);
}

TEST(MessageReader, ChecksUtf8OnWholeTextMessagesOnly) {
  EXPECT_EQ(violation_code(client_frame(Opcode::kText, "\xC0\xAF")), close_code::kInvalidPayload);
  // "é" (C3 A9) split across two fragments is fine; binary is never checked.
  EXPECT_EQ(violation_code(client_frame(Opcode::kText, "caf\xC3", {.fin = false}) +
                           client_frame(Opcode::kContinuation, "\xA9")),
            0);
  EXPECT_EQ(violation_code(client_frame(Opcode::kBinary, "\xC0\xAF")), 0);
}

TEST(Unmask, MatchesBytewiseXorAtEveryPhaseAndLength) {
  const std::uint8_t mask[4] = {0x01, 0x80, 0xFF, 0x5A};
  for (std::size_t phase = 0; phase < 4; ++phase) {
    for (std::size_t size = 0; size < 40; ++size) {
      std::string data;
      for (std::size_t i = 0; i < size; ++i) data.push_back(static_cast<char>(i * 7 + 3));
      std::string expected = data;
      for (std::size_t i = 0; i < size; ++i) {
        expected[i] = static_cast<char>(expected[i] ^ mask[(phase + i) % 4]);
      }
      unmask(data.data(), data.size(), mask, phase);
      ASSERT_EQ(data, expected) << "phase " << phase << " size " << size;
    }
  }
}

}  // namespace
}  // namespace parley::websocket
