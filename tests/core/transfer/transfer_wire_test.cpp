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
      FileOffer{"f1", "report \xc3\xa9t\xc3\xa9.pdf", 1'048'577, "application/pdf", 131'002},
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
      {R"({"type":"file-offer","id":"f1","name":"","size":1,"mime":"","chunkSize":4096})", "name"},
      {R"({"type":"file-offer","id":"f1","name":"x","size":1,"mime":"","chunkSize":10})",
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

TEST(TransferWire, ChunkHeadersRoundTripAndBadOnesAreRefused) {
  const ChunkHeader header{"f12", 70'000, digest_of(0x5a)};
  const std::string wire = encode_chunk_header(header) + "data";
  std::size_t size = 0;
  const auto decoded = decode_chunk_header(wire, &size);
  ASSERT_TRUE(std::holds_alternative<ChunkHeader>(decoded));
  EXPECT_EQ(std::get<ChunkHeader>(decoded), header);
  EXPECT_EQ(wire.substr(size), "data");

  EXPECT_TRUE(std::holds_alternative<WireError>(decode_chunk_header("", nullptr)));
  EXPECT_TRUE(std::holds_alternative<WireError>(decode_chunk_header(wire.substr(0, 20), nullptr)));
  std::string other_version = wire;
  other_version[0] = 9;
  EXPECT_TRUE(std::holds_alternative<WireError>(decode_chunk_header(other_version, nullptr)));
  std::string long_id = wire;
  long_id[1] = static_cast<char>(200);
  EXPECT_TRUE(std::holds_alternative<WireError>(decode_chunk_header(long_id, nullptr)));
}

TEST(TransferWire, ChunksFitThePeersMaxMessageSize) {
  for (const std::size_t max :
       {std::size_t{262'144}, std::size_t{65'536}, std::size_t{16'384}, std::size_t{1} << 30}) {
    const std::uint32_t chunk = chunk_size_for(max);
    ASSERT_GT(chunk, 0u);
    EXPECT_LE(chunk + kMaxChunkHeaderBytes, max) << max;
    EXPECT_LE(chunk + kMaxChunkHeaderBytes, 64u * 1024) << "never above the preferred size";
  }
  EXPECT_EQ(chunk_size_for(262'144), 65'536u - kMaxChunkHeaderBytes);
  EXPECT_EQ(chunk_size_for(16'384), 16'384u - kMaxChunkHeaderBytes);
  EXPECT_EQ(chunk_size_for(500), 0u) << "too small for any chunk: the transfer must refuse";
}

TEST(TransferWire, ChunkCountsAndTheShortLastChunk) {
  FileOffer offer{"f1", "x", 10'000, "", 4'096};
  EXPECT_EQ(offer.chunk_count(), 3u);
  EXPECT_EQ(offer.chunk_bytes(0), 4'096u);
  EXPECT_EQ(offer.chunk_bytes(2), 10'000u - 8'192u);
  EXPECT_EQ(offer.chunk_bytes(3), 0u);
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
