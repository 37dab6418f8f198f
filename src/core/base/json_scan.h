// One pass over a JSON text that checks it is well formed, bounds its nesting without
// recursion, and reports the members of a top-level object, building nothing.
//
//   const auto scan = scan_json(frame, /*max_depth=*/16, [&](const JsonMember& member) {
//     if (!member.key_has_escapes && member.key == "type") ...
//   });
//   if (scan.error) reject(describe(*scan.error, 16));
//
// It accepts what nlohmann/json accepts (RFC 8259: strict numbers, escapes and surrogate
// pairs, UTF-8 strings, a leading byte-order mark; numbers must fit a double), except:
// - nesting deeper than `max_depth` is refused (nlohmann would recurse, so a hostile
//   "[[[[..." 100,000 deep must never reach it: nlohmann/json issues 1419, 5387);
// - a NUL byte outside strings is refused (nlohmann takes it for the end of the input,
//   so "{}\0junk" would pass there and then choke a browser's JSON.parse).
// tests/fuzz/json_scan_fuzz.cpp checks these claims against nlohmann on random input.
//
// The relay path uses it so a 3 KB SDP is read once, at a few bytes per instruction,
// instead of being copied character by character into a DOM.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace parley {

enum class JsonKind : std::uint8_t { kObject, kArray, kString, kNumber, kBoolean, kNull };

// One member of the top-level object. Views point into the scanned text.
struct JsonMember {
  std::string_view key;  // as written between the quotes
  bool key_has_escapes = false;
  JsonKind kind = JsonKind::kNull;
  std::string_view string_value;  // kString only: as written between the quotes
  bool value_has_escapes = false;
};

struct JsonScanError {
  enum class Kind { kSyntax, kUtf8, kTooDeep };
  Kind kind;
  std::size_t offset;  // byte where the scan stopped
};

struct JsonScan {
  std::optional<JsonScanError> error;
  JsonKind top_level = JsonKind::kNull;  // meaningful only without an error
};

// Nesting is counted as brackets: a top-level object has depth 1. `max_depth` above
// kMaxJsonScanDepth is treated as kMaxJsonScanDepth.
inline constexpr std::size_t kMaxJsonScanDepth = 256;

JsonScan scan_json(std::string_view text, std::size_t max_depth,
                   const std::function<void(const JsonMember&)>& on_top_level_member);

// "message is not valid JSON (byte 12)", "message is not valid UTF-8", "JSON nested ...".
std::string describe(const JsonScanError& error, std::size_t max_depth);

}  // namespace parley
