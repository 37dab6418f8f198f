#include "core/transfer/transfer_wire.h"

#include <nlohmann/json.hpp>

#include "core/base/json_scan.h"
#include "core/base/overloaded.h"
#include "core/text/utf8.h"

namespace parley::transfer {
namespace {

using nlohmann::json;
constexpr std::size_t kMaxDepth = 2;
constexpr std::uint8_t kPartVersion = 2;

WireError bad(std::string message) {
  return {std::move(message)};
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string> string_field(const json& object, const char* name, std::size_t max) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  const auto& value = it->get_ref<const std::string&>();
  if (value.size() > max) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> count_field(const json& object, const char* name, std::uint64_t max) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_number_unsigned()) return std::nullopt;
  const auto value = it->get<std::uint64_t>();
  if (value > max) return std::nullopt;
  return value;
}

std::variant<ControlFrame, WireError> offer_from(const json& object, std::string id) {
  const auto name = string_field(object, "name", kMaxNameBytes);
  if (!name || name->empty()) return bad("a file offer needs a name of 1-255 bytes");
  const auto size = count_field(object, "size", kMaxFileBytes);
  if (!size) return bad("a file offer needs a size of at most 1 TiB");
  const auto mime = string_field(object, "mime", kMaxMimeBytes);
  if (!mime) return bad("a file offer needs a MIME type (it may be empty)");
  const auto part = count_field(object, "partSize", kMaxChunkBytes);
  if (!part || *part < kMinPartBytes) return bad("a file offer needs a part size from 1 KiB");
  const auto chunk = count_field(object, "chunkSize", kMaxChunkBytes);
  if (!chunk || *chunk < *part || (*chunk + *part - 1) / *part > kMaxPartsPerChunk)
    return bad("a file offer needs a chunk size of whole parts, at most 16 MiB");
  FileOffer offer{std::move(id),
                  *name,
                  *size,
                  *mime,
                  static_cast<std::uint32_t>(*chunk),
                  static_cast<std::uint32_t>(*part)};
  if (offer.chunk_count() == 0 && offer.size > 0) return bad("too many chunks");
  return offer;
}

}  // namespace

std::uint32_t FileOffer::chunk_count() const {
  if (chunk_size == 0) return 0;
  const std::uint64_t count = (size + chunk_size - 1) / chunk_size;
  return count > UINT32_MAX ? 0 : static_cast<std::uint32_t>(count);
}

std::uint32_t FileOffer::chunk_bytes(std::uint32_t index) const {
  const std::uint64_t start = std::uint64_t{index} * chunk_size;
  if (start >= size) return 0;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(chunk_size, size - start));
}

std::uint32_t FileOffer::part_count(std::uint32_t index) const {
  if (part_size == 0) return 0;
  return (chunk_bytes(index) + part_size - 1) / part_size;
}

std::uint32_t FileOffer::part_bytes(std::uint32_t index, std::uint32_t part) const {
  const std::uint64_t start = std::uint64_t{part} * part_size;
  const std::uint32_t bytes = chunk_bytes(index);
  if (start >= bytes) return 0;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(part_size, bytes - start));
}

std::variant<ControlFrame, WireError> parse_control(std::string_view frame) {
  if (frame.size() > kMaxControlFrameBytes) return bad("a file control message is too large");
  const auto scan = scan_json(frame, kMaxDepth, [](const JsonMember&) {});
  if (scan.error) return bad(describe(*scan.error, kMaxDepth));
  if (scan.top_level != JsonKind::kObject) return bad("a file control message is a JSON object");
  const json object = json::parse(frame, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) return bad("a file control message is not valid JSON");

  const auto type = string_field(object, "type", 32);
  const auto id = string_field(object, "id", kMaxIdBytes);
  if (!type) return bad("a file control message needs a type");
  if (!id || !valid_id(*id))
    return bad("a file control message needs an id of 1-32 of A-Z a-z 0-9 - _");
  if (*type == "file-offer") return offer_from(object, *id);
  if (*type == "file-accept" || *type == "file-ack") {
    const auto have = count_field(object, "have", UINT32_MAX);
    if (!have) return bad(*type + " needs a chunk count `have`");
    const auto count = static_cast<std::uint32_t>(*have);
    if (*type == "file-accept") return FileAccept{*id, count};
    return FileAck{*id, count};
  }
  if (*type == "file-decline") return FileDecline{*id};
  if (*type == "file-done") return FileDone{*id};
  if (*type == "file-end") {
    const auto root_hex = string_field(object, "root", 64);
    const auto root = root_hex ? digest_from_hex(*root_hex) : std::nullopt;
    if (!root) return bad("file-end needs the root digest as 64 hex digits");
    return FileEnd{*id, *root};
  }
  if (*type == "file-cancel") {
    auto reason = string_field(object, "reason", 200).value_or("");
    if (!is_valid_utf8(reason)) reason.clear();
    return FileCancel{*id, reason};
  }
  return bad("unknown file control message type \"" + *type + "\"");
}

std::string serialize(const ControlFrame& frame) {
  const json object = std::visit(
      Overloaded{
          [](const FileOffer& offer) {
            return json{{"type", "file-offer"},       {"id", offer.id},
                        {"name", offer.name},         {"size", offer.size},
                        {"mime", offer.mime},         {"chunkSize", offer.chunk_size},
                        {"partSize", offer.part_size}};
          },
          [](const FileAccept& accept) {
            return json{{"type", "file-accept"}, {"id", accept.id}, {"have", accept.have}};
          },
          [](const FileDecline& decline) {
            return json{{"type", "file-decline"}, {"id", decline.id}};
          },
          [](const FileCancel& cancel) {
            return json{{"type", "file-cancel"}, {"id", cancel.id}, {"reason", cancel.reason}};
          },
          [](const FileAck& ack) {
            return json{{"type", "file-ack"}, {"id", ack.id}, {"have", ack.have}};
          },
          [](const FileEnd& end) {
            return json{{"type", "file-end"}, {"id", end.id}, {"root", to_hex(end.root)}};
          },
          [](const FileDone& done) {
            return json{{"type", "file-done"}, {"id", done.id}};
          },
      },
      frame);
  return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string encode_part_header(const PartHeader& header) {
  std::string out;
  out.reserve(kMaxPartHeaderBytes);
  out.push_back(static_cast<char>(kPartVersion));
  out.push_back(static_cast<char>(header.id.size()));
  out += header.id;
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((header.index >> shift) & 0xff));
  out.push_back(static_cast<char>(header.part >> 8));
  out.push_back(static_cast<char>(header.part & 0xff));
  out.append(reinterpret_cast<const char*>(header.digest.data()), header.digest.size());
  return out;
}

std::variant<PartHeader, WireError> decode_part_header(std::string_view start,
                                                       std::size_t* header_size) {
  if (start.size() < 2) return bad("a file part is too short for its header");
  if (static_cast<std::uint8_t>(start[0]) != kPartVersion)
    return bad("a file part has an unknown version " +
               std::to_string(static_cast<std::uint8_t>(start[0])));
  const std::size_t id_size = static_cast<std::uint8_t>(start[1]);
  const std::size_t size = 2 + id_size + 4 + 2 + 32;
  if (id_size == 0 || id_size > kMaxIdBytes || start.size() < size)
    return bad("a file part's header is cut short or its id is too long");
  PartHeader header;
  header.id = std::string(start.substr(2, id_size));
  if (!valid_id(header.id)) return bad("a file part has a malformed id");
  const auto byte = [&](std::size_t at) { return static_cast<std::uint8_t>(start[at]); };
  std::size_t at = 2 + id_size;
  for (std::size_t i = 0; i < 4; ++i) header.index = (header.index << 8) | byte(at++);
  header.part = static_cast<std::uint16_t>((byte(at) << 8) | byte(at + 1));
  at += 2;
  for (std::size_t i = 0; i < 32; ++i) header.digest[i] = byte(at++);
  if (header_size) *header_size = size;
  return header;
}

std::string to_hex(const Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (const std::uint8_t byte : digest) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0xf]);
  }
  return out;
}

std::optional<Digest> digest_from_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  const auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Digest digest{};
  for (std::size_t i = 0; i < 32; ++i) {
    const int high = value(hex[2 * i]);
    const int low = value(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    digest[i] = static_cast<std::uint8_t>(high * 16 + low);
  }
  return digest;
}

std::uint32_t part_size_for(std::size_t max_message_size, std::size_t preferred) {
  const std::size_t frame = std::min(max_message_size, preferred);
  if (frame < kMaxPartHeaderBytes + kMinPartBytes) return 0;
  return static_cast<std::uint32_t>(frame - kMaxPartHeaderBytes);
}

std::uint32_t chunk_size_for(std::uint32_t part_size, std::size_t preferred) {
  if (part_size == 0) return 0;
  const std::size_t parts = std::max<std::size_t>(1, preferred / part_size);
  return static_cast<std::uint32_t>(
      std::min<std::size_t>(parts * part_size, kMaxChunkBytes / part_size * part_size));
}

}  // namespace parley::transfer
