// What one instance publishes to another's channel (`parley:to:<node>`): a frame for some
// of its members, and what that says about the room's membership.
//
//   auto text = encode_envelope({.from_node = "a-1f3e", .room = "standup", ...});
//   if (auto envelope = decode_envelope(text)) ...   // nullopt: malformed, dropped
//
// A JSON header, versioned ("v": 2), then for a delivery a newline and the frame exactly
// as the client sent it: the frame is neither escaped nor parsed on the way (a JSON dump
// never holds a raw newline, so the first one ends the header). Anything that does not decode to a
// valid envelope (bad JSON, a room or peer id the protocol would refuse, an unknown kind) is
// dropped by the receiver: Redis is trusted, but one bad publisher must not break every instance.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley::server {

struct BusEnvelope {
  enum class Kind {
    kDeliver,   // `frame` to `to_peer`, or to the room's members but `except_peer`
    kReplaced,  // `subject` resumed on `from_node`: forget its seat here, silently
  };
  // What a delivery tells the receiver's view of where each member is connected.
  enum class Change {
    kNone,
    kJoined,  // `subject` is a member, connected to `from_node`
    kLeft,    // `subject` is no longer a member
    kMoved,   // `subject` is now connected to `from_node` (a resume there; no frame)
  };

  Kind kind = Kind::kDeliver;
  std::string from_node;
  std::string room;
  std::optional<std::string> to_peer;
  std::optional<std::string> except_peer;
  std::string frame;  // empty for a change alone
  Change change = Change::kNone;
  // Whom a change is about; for a relay to one peer (no change), its sender, whom the
  // receiving instance tells unknown-target if that peer cannot be reached there.
  std::string subject;
  // When the sending instance sent it (µs since the Unix epoch; 0: not said), for the
  // receiver's cross-instance latency figures (meaningful with clocks kept in sync).
  std::int64_t sent_at_us = 0;
  // For kJoined: the newcomer's join order in the room (0: not said). Only members who
  // joined before it are told; later ones had it in their welcome.
  std::int64_t order = 0;
};

std::string encode_envelope(const BusEnvelope& envelope);
std::optional<BusEnvelope> decode_envelope(std::string_view text);

// Node names: what instances call themselves on the bus ("<instance-id>-<boot token>").
bool is_valid_node_name(std::string_view node);

}  // namespace parley::server
