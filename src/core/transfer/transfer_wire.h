// File transfers on a peer's "parley-files" data channel: JSON control frames (text) and
// chunk frames (binary).
//
//   {"type":"file-offer","id":"f3","name":"report.pdf","size":1048576,
//    "mime":"application/pdf","chunkSize":65466}
//   {"type":"file-accept","id":"f3","have":0}   receiver: send from chunk `have` on (0 at
//                                               first; a resume or a retry asks for more)
//   {"type":"file-decline","id":"f3"}
//   {"type":"file-cancel","id":"f3","reason":"..."}   either side
//   {"type":"file-ack","id":"f3","have":12}     receiver: chunks 0..11 verified (progress)
//   {"type":"file-end","id":"f3","root":"<64 hex>"}   sender: every chunk has been sent
//   {"type":"file-done","id":"f3"}              receiver: the whole file matched `root`
//
// A chunk frame: version (1 byte, 1), id length n (1 byte), id (n bytes), chunk index
// (4 bytes, big endian), SHA-256 of the data (32 bytes), then the data. `root` is the
// SHA-256 of all chunk digests in order: each chunk is checked on arrival, and the root
// checks the whole (every chunk, in order, none missing) before the file is handed over.
// The root comes last so that sending starts at once: hashing the whole file first would
// delay the offer of a large file by seconds.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace parley::transfer {

using Digest = std::array<std::uint8_t, 32>;

inline constexpr std::size_t kMaxIdBytes = 32;
inline constexpr std::size_t kMaxNameBytes = 255;
inline constexpr std::size_t kMaxMimeBytes = 127;
inline constexpr std::size_t kMaxControlFrameBytes = 2'048;
inline constexpr std::uint64_t kMaxFileBytes = std::uint64_t{1} << 40;  // 1 TiB
inline constexpr std::size_t kMinChunkBytes = 1'024;
// The largest chunk frame header: version, id length, id, index, digest.
inline constexpr std::size_t kMaxChunkHeaderBytes = 1 + 1 + kMaxIdBytes + 4 + 32;

struct FileOffer {
  std::string id;
  std::string name;
  std::uint64_t size = 0;
  std::string mime;
  std::uint32_t chunk_size = 0;
  std::uint32_t chunk_count() const;
  // Bytes in chunk `index` (the last one may be short).
  std::uint32_t chunk_bytes(std::uint32_t index) const;
  bool operator==(const FileOffer&) const = default;
};
struct FileAccept {
  std::string id;
  std::uint32_t have = 0;
  bool operator==(const FileAccept&) const = default;
};
struct FileDecline {
  std::string id;
  bool operator==(const FileDecline&) const = default;
};
struct FileCancel {
  std::string id;
  std::string reason;
  bool operator==(const FileCancel&) const = default;
};
struct FileAck {
  std::string id;
  std::uint32_t have = 0;
  bool operator==(const FileAck&) const = default;
};
struct FileEnd {
  std::string id;
  Digest root{};
  bool operator==(const FileEnd&) const = default;
};
struct FileDone {
  std::string id;
  bool operator==(const FileDone&) const = default;
};

struct WireError {
  std::string message;
};

using ControlFrame =
    std::variant<FileOffer, FileAccept, FileDecline, FileCancel, FileAck, FileEnd, FileDone>;

std::variant<ControlFrame, WireError> parse_control(std::string_view frame);
std::string serialize(const ControlFrame& frame);

struct ChunkHeader {
  std::string id;
  std::uint32_t index = 0;
  Digest digest{};
  bool operator==(const ChunkHeader&) const = default;
};

// The header's bytes; the data follows it in the same message.
std::string encode_chunk_header(const ChunkHeader& header);
// Reads a header from the first bytes of a chunk frame (at least kMaxChunkHeaderBytes of
// it, or all of a shorter frame); `header_size` says where the data starts.
std::variant<ChunkHeader, WireError> decode_chunk_header(std::string_view start,
                                                         std::size_t* header_size);

std::string to_hex(const Digest& digest);
std::optional<Digest> digest_from_hex(std::string_view hex);

// The chunk size for a peer that accepts messages of at most `max_message_size` bytes:
// as large as allowed, up to `preferred`, leaving room for the header; 0 if even the
// smallest chunk (1 KiB) would not fit.
std::uint32_t chunk_size_for(std::size_t max_message_size, std::size_t preferred = 64 * 1024);

}  // namespace parley::transfer
