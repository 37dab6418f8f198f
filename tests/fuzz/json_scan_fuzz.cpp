// Differential fuzzing of the JSON scan (src/core/base/json_scan.h) against nlohmann/json, and
// of parse_client_message's scanned fast path against its nlohmann DOM path.
//
// Checks, beyond ASan/UBSan:
//   - the scan accepts a text exactly when nlohmann accepts it, except the documented
//     differences: too deep for the scan, or a NUL byte that nlohmann took for the end;
//   - for an accepted object without escaped keys (an escaped key may decode to the name
//     of another, and parse_client_message leaves those to nlohmann), the members the
//     scan reports match nlohmann's DOM: the last value of each key has the same kind,
//     and unescaped strings are equal;
//   - parse_client_message gives the same verdict (request kind, fields, error code)
//     as detail::parse_client_message_with_dom for every text the scan accepts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/base/json_scan.h"
#include "core/protocol/client_message.h"

namespace {
using nlohmann::json;
using parley::JsonKind;
using parley::JsonMember;
namespace protocol = parley::protocol;

constexpr std::size_t kMaxDepth = 16;

[[noreturn]] void invariant_broken(const char* what, std::string_view text) {
  std::fprintf(stderr, "json scan invariant broken: %s\ntext: %.*s\n", what,
               static_cast<int>(text.size()), text.data());
  std::abort();
}

JsonKind kind_of(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return JsonKind::kObject;
    case json::value_t::array:
      return JsonKind::kArray;
    case json::value_t::string:
      return JsonKind::kString;
    case json::value_t::boolean:
      return JsonKind::kBoolean;
    case json::value_t::null:
      return JsonKind::kNull;
    default:
      return JsonKind::kNumber;
  }
}

// A comparable summary of a parse result: which alternative, and what it carries.
std::string summary(const protocol::ParsedClientMessage& parsed) {
  if (const auto* join = std::get_if<protocol::JoinRequest>(&parsed)) {
    return "join " + join->room + " " + join->peer_id.value_or("-") + " " + join->name + " " +
           join->token.value_or("-");
  }
  if (std::holds_alternative<protocol::LeaveRequest>(parsed)) return "leave";
  if (std::holds_alternative<protocol::PingRequest>(parsed)) return "ping";
  if (const auto* relay = std::get_if<protocol::RelayRequest>(&parsed)) {
    return "relay " + relay->type + " " + relay->target + (relay->has_from_field ? " from" : "");
  }
  return "error " +
         std::string(protocol::to_string(std::get<protocol::ProtocolError>(parsed).code));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::map<std::string, JsonMember, std::less<>> last_members;  // last wins, as in nlohmann
  bool escaped_key = false;
  const auto scan = parley::scan_json(text, kMaxDepth, [&](const JsonMember& member) {
    escaped_key = escaped_key || member.key_has_escapes;
    last_members[std::string(member.key)] = member;
  });
  if (scan.error && scan.error->kind == parley::JsonScanError::Kind::kTooDeep) return 0;

  // Safe: a text the scan did not find too deep is never deeper than kMaxDepth before
  // its first error, so nlohmann's recursion is bounded too.
  const json dom = json::parse(text, nullptr, /*allow_exceptions=*/false);
  const bool nlohmann_accepts = !dom.is_discarded();
  if (!scan.error && !nlohmann_accepts)
    invariant_broken("scan accepts what nlohmann refuses", text);
  if (scan.error && nlohmann_accepts && text.find('\0') == std::string_view::npos) {
    invariant_broken("scan refuses what nlohmann accepts", text);
  }
  if (scan.error) return 0;

  if (kind_of(dom) != scan.top_level) invariant_broken("top-level kind differs", text);
  if (dom.is_object() && !escaped_key) {
    for (const auto& [key, member] : last_members) {
      const auto it = dom.find(key);
      if (it == dom.end()) invariant_broken("a reported member is missing from the DOM", text);
      if (kind_of(*it) != member.kind) invariant_broken("a member's kind differs", text);
      if (member.kind == JsonKind::kString && !member.value_has_escapes &&
          it->get_ref<const std::string&>() != member.string_value) {
        invariant_broken("a member's string differs", text);
      }
    }
  }

  protocol::ProtocolLimits limits;
  limits.max_json_depth = kMaxDepth;
  const auto fast = summary(protocol::parse_client_message(text, limits));
  const auto reference = summary(protocol::detail::parse_client_message_with_dom(text, limits));
  if (fast != reference)
    invariant_broken(("fast path differs: " + fast + " vs " + reference).c_str(), text);
  return 0;
}
