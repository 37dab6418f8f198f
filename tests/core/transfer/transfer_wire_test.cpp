#include "core/transfer/transfer_wire.h"

#include <gtest/gtest.h>

namespace parley::transfer {
namespace {

Digest digest_of(std::uint8_t fill) {
  Digest digest{};
  digest.fill(fill);
  digest[0] = 0x01;
  digest[31] = 0xfe;
  return digest;
}

TEST(TransferWire, ControlFramesRoundTrip) {
  const std::vector<ControlFrame> frames = {
      FileOffer{"f1", "report \xc3\xa9t\xc3\xa9.pdf", 3'000'000, "application/pdf", 1'047'456,
                65'466},
      FileAccept{"f1", 0},
      FileAccept{"f1", 17},
      FileDecline{"f1"},
      FileCancel{"f1", "cancelled by Ada"},
      FileAck{"f1", 12},
      FileEnd{"f1", digest_of(0xab)},
      FileDone{"f1"}};
  for (const auto& frame : frames) {
    const std::string wire = serialize(frame);
    const auto parsed = parse_control(wire);
    ASSERT_TRUE(std::holds_alternative<ControlFrame>(parsed)) << wire;
    EXPECT_EQ(std::get<ControlFrame>(parsed), frame) << wire;
  }
}

TEST(TransferWire, HostileControlFramesAreRefusedWithAReason) {
  const std::pair<std::string, std::string> cases[] = {
      {"{", "JSON"},
      {"[]", "a file control message is a JSON object"},
      {R"({"type":"file-accept","have":0})", "needs an id"},
      {R"({"type":"file-accept","id":"../../etc","have":0})", "needs an id"},
      {R"({"type":"file-accept","id":"f1","have":-1})", "needs a chunk count"},
      {R"({"type":"file-offer","id":"f1","name":"","size":1,"mime":"","chunkSize":4096,"partSize":4096})",
       "name"},
      {R"({"type":"file-offer","id":"f1","name":"x","size":1,"mime":"","chunkSize":4096})",
       "part size"},
      {R"({"type":"file-offer","id":"f1","name":"x","size":1,"mime":"","chunkSize":10,"partSize":10})",
       "part size"},
      {R"({"type":"file-offer","id":"f1","name":"x","size":1,"mime":"","chunkSize":1024,"partSize":2048})",
       "chunk size"},
      {R"({"type":"file-offer","id":"f1","name":"x","size":1,"mime":"","chunkSize":1073741824,"partSize":65536})",
       "chunk size"},
      {R"({"type":"file-end","id":"f1","root":"zz"})", "root"},
      {R"({"type":"file-end","id":"f1"})", "root"},
      {R"({"type":"file-offer","id":"f1","name":"x","size":1e300,"mime":"","chunkSize":4096})",
       "size"},
      {R"({"type":"file-bomb","id":"f1"})", "unknown"},
      {std::string(3'000, ' '), "too large"},
      {R"({"a":{"b":{"c":1}}})", "deep"},
  };
  for (const auto& [frame, reason] : cases) {
    const auto parsed = parse_control(frame);
    ASSERT_TRUE(std::holds_alternative<WireError>(parsed)) << frame;
    EXPECT_NE(std::get<WireError>(parsed).message.find(reason), std::string::npos)
        << frame << " -> " << std::get<WireError>(parsed).message;
  }
}

TEST(TransferWire, PartHeadersRoundTripAndBadOnesAreRefused) {
  const PartHeader header{"f12", 70'000, 513, digest_of(0x5a)};
  const std::string wire = encode_part_header(header) + "data";
  std::size_t size = 0;
  const auto decoded = decode_part_header(wire, &size);
  ASSERT_TRUE(std::holds_alternative<PartHeader>(decoded));
  EXPECT_EQ(std::get<PartHeader>(decoded), header);
  EXPECT_EQ(wire.substr(size), "data");

  EXPECT_TRUE(std::holds_alternative<WireError>(decode_part_header("", nullptr)));
  EXPECT_TRUE(std::holds_alternative<WireError>(decode_part_header(wire.substr(0, 20), nullptr)));
  std::string other_version = wire;
  other_version[0] = 1;
  EXPECT_TRUE(std::holds_alternative<WireError>(decode_part_header(other_version, nullptr)));
  std::string long_id = wire;
  long_id[1] = static_cast<char>(200);
  EXPECT_TRUE(std::holds_alternative<WireError>(decode_part_header(long_id, nullptr)));
}

TEST(TransferWire, PartsFitThePeersMaxMessageSizeAndChunksAreWholeParts) {
  for (const std::size_t max :
       {std::size_t{262'144}, std::size_t{65'536}, std::size_t{16'384}, std::size_t{1} << 30}) {
    const std::uint32_t part = part_size_for(max);
    ASSERT_GT(part, 0u);
    EXPECT_LE(part + kMaxPartHeaderBytes, max) << max;
    EXPECT_LE(part + kMaxPartHeaderBytes, 64u * 1024) << "never above the preferred size";
    const std::uint32_t chunk = chunk_size_for(part);
    EXPECT_EQ(chunk % part, 0u);
    EXPECT_LE(chunk, 1u << 20);
    EXPECT_GT(chunk, (1u << 20) - part);
  }
  EXPECT_EQ(part_size_for(262'144), 65'536u - kMaxPartHeaderBytes);
  EXPECT_EQ(part_size_for(500), 0u) << "too small for any part: the transfer must refuse";
  EXPECT_EQ(chunk_size_for(5'000, 1'000), 5'000u) << "at least one part";
}

TEST(TransferWire, ChunkCountsAndTheShortLastChunk) {
  FileOffer offer{"f1", "x", 10'000, "", 4'096, 1'024};
  EXPECT_EQ(offer.chunk_count(), 3u);
  EXPECT_EQ(offer.chunk_bytes(0), 4'096u);
  EXPECT_EQ(offer.chunk_bytes(2), 10'000u - 8'192u);
  EXPECT_EQ(offer.chunk_bytes(3), 0u);
  EXPECT_EQ(offer.part_count(0), 4u);
  EXPECT_EQ(offer.part_count(2), 2u);
  EXPECT_EQ(offer.part_bytes(2, 0), 1'024u);
  EXPECT_EQ(offer.part_bytes(2, 1), 10'000u - 8'192u - 1'024u);
  EXPECT_EQ(offer.part_bytes(2, 2), 0u);
  offer.size = 0;
  EXPECT_EQ(offer.chunk_count(), 0u);
}

TEST(TransferWire, HexDigests) {
  const Digest digest = digest_of(0x0f);
  EXPECT_EQ(digest_from_hex(to_hex(digest)), digest);
  EXPECT_EQ(to_hex(digest).substr(0, 4), "010f");
  EXPECT_FALSE(digest_from_hex(std::string(63, 'a')));
  EXPECT_FALSE(digest_from_hex(std::string(64, 'g')));
}

}  // namespace
}  // namespace parley::transfer
