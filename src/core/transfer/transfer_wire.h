// File transfers on a peer's "parley-files" data channel: JSON control frames (text) and
// part frames (binary).
//
// A file is sent in chunks (1 MiB: the unit that is hashed, verified, acknowledged and
// resumed from), each sent as parts that fit one data channel message (about 64 KiB).
// Hashing a chunk rather than each message keeps the number of SHA-256 calls - each a
// trip to WebCrypto's thread - low.
//
//   {"type":"file-offer","id":"f3","name":"report.pdf","size":3000000,
//    "mime":"application/pdf","chunkSize":1047456,"partSize":65466}
//   {"type":"file-accept","id":"f3","have":0}   receiver: send from chunk `have` on (0 at
//                                               first; a resume or a retry asks for more)
//   {"type":"file-decline","id":"f3"}
//   {"type":"file-cancel","id":"f3","reason":"..."}   either side
//   {"type":"file-ack","id":"f3","have":12}     receiver: chunks 0..11 verified (progress)
//   {"type":"file-end","id":"f3","root":"<64 hex>"}   sender: every chunk has been sent
//   {"type":"file-done","id":"f3"}              receiver: the whole file matched `root`
//
// A part frame: version (1 byte, 2), id length n (1 byte), id (n bytes), chunk index
// (4 bytes, big endian), part index within the chunk (2 bytes, big endian), SHA-256 of
// the whole chunk (32 bytes), then the part's data. `root` is the SHA-256 of all chunk
// digests in order: each chunk is checked once its last part arrived, and the root
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
inline constexpr std::size_t kMinPartBytes = 1'024;
// A receiver holds a chunk until it is verified: an offer may not ask for more.
inline constexpr std::uint32_t kMaxChunkBytes = 16 << 20;
inline constexpr std::uint32_t kMaxPartsPerChunk = 65'535;
// The largest part frame header: version, id length, id, chunk index, part index, digest.
inline constexpr std::size_t kMaxPartHeaderBytes = 1 + 1 + kMaxIdBytes + 4 + 2 + 32;

struct FileOffer {
  std::string id;
  std::string name;
  std::uint64_t size = 0;
  std::string mime;
  std::uint32_t chunk_size = 0;
  std::uint32_t part_size = 0;
  std::uint32_t chunk_count() const;
  // Bytes in chunk `index` (the last one may be short).
  std::uint32_t chunk_bytes(std::uint32_t index) const;
  std::uint32_t part_count(std::uint32_t index) const;
  std::uint32_t part_bytes(std::uint32_t index, std::uint32_t part) const;
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

struct PartHeader {
  std::string id;
  std::uint32_t index = 0;  // of the chunk
  std::uint16_t part = 0;   // within the chunk
  Digest digest{};          // of the whole chunk
  bool operator==(const PartHeader&) const = default;
};

// The header's bytes; the data follows it in the same message.
std::string encode_part_header(const PartHeader& header);
// Reads a header from the first bytes of a part frame (at least kMaxPartHeaderBytes of
// it, or all of a shorter frame); `header_size` says where the data starts.
std::variant<PartHeader, WireError> decode_part_header(std::string_view start,
                                                       std::size_t* header_size);

std::string to_hex(const Digest& digest);
std::optional<Digest> digest_from_hex(std::string_view hex);

// The part size for a peer that accepts messages of at most `max_message_size` bytes:
// as large as allowed, up to `preferred`, leaving room for the header; 0 if even the
// smallest part (1 KiB) would not fit.
std::uint32_t part_size_for(std::size_t max_message_size, std::size_t preferred = 64 * 1024);
// A chunk of about `preferred` bytes made of whole parts.
std::uint32_t chunk_size_for(std::uint32_t part_size, std::size_t preferred = 1 << 20);

}  // namespace parley::transfer
