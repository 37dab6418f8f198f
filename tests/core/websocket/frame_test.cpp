#include "core/websocket/frame.h"

#include <gtest/gtest.h>

namespace parley::websocket {
namespace {

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out.push_back(kDigits[(static_cast<unsigned char>(c) >> 4) & 0xF]);
    out.push_back(kDigits[static_cast<unsigned char>(c) & 0xF]);
  }
  return out;
}

TEST(FrameHeader, UsesTheShortestLengthEncoding) {
  EXPECT_EQ(hex(frame_header(Opcode::kText, 0).view()), "8100");
  EXPECT_EQ(hex(frame_header(Opcode::kText, 125).view()), "817d");
  EXPECT_EQ(hex(frame_header(Opcode::kText, 126).view()), "817e007e");
  EXPECT_EQ(hex(frame_header(Opcode::kBinary, 65535).view()), "827effff");
  EXPECT_EQ(hex(frame_header(Opcode::kText, 65536).view()), "817f0000000000010000");
  EXPECT_EQ(hex(frame_header(Opcode::kClose, 2).view()), "8802");
  EXPECT_EQ(hex(frame_header(Opcode::kPong, 4).view()), "8a04");
}

TEST(ClosePayload, PutsTheCodeFirstAndCutsTheReasonAtACharacterBoundary) {
  EXPECT_EQ(hex(close_payload(1001, "bye")), "03e9627965");
  // 61 two-byte characters = 122 bytes, then one more: the cut must not split it.
  std::string reason;
  for (int i = 0; i < 62; ++i) reason += "\xC3\xA9";
  const std::string payload = close_payload(1000, reason);
  EXPECT_EQ(payload.size(), 2u + 122u);
  EXPECT_TRUE(std::holds_alternative<ReceivedClose>(parse_close_payload(payload)));
}

TEST(ParseClosePayload, AcceptsEmptyOrCodeWithUtf8Reason) {
  const auto empty = std::get<ReceivedClose>(parse_close_payload(""));
  EXPECT_FALSE(empty.code);
  const std::string payload = close_payload(1000, "done");  // the reason is a view into it
  const auto normal = std::get<ReceivedClose>(parse_close_payload(payload));
  EXPECT_EQ(normal.code, 1000);
  EXPECT_EQ(normal.reason, "done");
  EXPECT_EQ(std::get<ReceivedClose>(parse_close_payload(close_payload(4321, ""))).code, 4321);
}

TEST(ParseClosePayload, RefusesOneByteReservedCodesAndBadUtf8) {
  EXPECT_EQ(std::get<Violation>(parse_close_payload("\x03")).close_code,
            close_code::kProtocolError);
  for (const int code : {999, 1004, 1005, 1006, 1015, 1100, 2999, 5000}) {
    EXPECT_EQ(std::get<Violation>(
                  parse_close_payload(close_payload(static_cast<std::uint16_t>(code), "")))
                  .close_code,
              close_code::kProtocolError)
        << code;
  }
  EXPECT_EQ(std::get<Violation>(parse_close_payload(close_payload(1000, "\xFF"))).close_code,
            close_code::kInvalidPayload);
}

}  // namespace
}  // namespace parley::websocket
