#include "server/cluster/bus_envelope.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/protocol/peer_id.h"
#include "core/protocol/room_link.h"

namespace parley::server {

namespace {

using nlohmann::json;

constexpr int kVersion = 2;  // 1: the frame was a JSON string in the header
constexpr std::size_t kMaxNodeName = 100;

const char* kind_name(BusEnvelope::Kind kind) {
  return kind == BusEnvelope::Kind::kReplaced ? "replaced" : "deliver";
}

const char* change_name(BusEnvelope::Change change) {
  switch (change) {
    case BusEnvelope::Change::kJoined:
      return "joined";
    case BusEnvelope::Change::kLeft:
      return "left";
    case BusEnvelope::Change::kMoved:
      return "moved";
    case BusEnvelope::Change::kNone:
      break;
  }
  return "";
}

std::optional<std::string> string_field(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

bool is_valid_node_name(std::string_view node) {
  return !node.empty() && node.size() <= kMaxNodeName &&
         std::all_of(node.begin(), node.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' ||
                  c == '.';
         });
}

std::string encode_envelope(const BusEnvelope& envelope) {
  json out = {{"v", kVersion},
              {"kind", kind_name(envelope.kind)},
              {"node", envelope.from_node},
              {"room", envelope.room}};
  if (envelope.to_peer) out["to"] = *envelope.to_peer;
  if (envelope.except_peer) out["except"] = *envelope.except_peer;
  if (envelope.change != BusEnvelope::Change::kNone) out["change"] = change_name(envelope.change);
  if (!envelope.subject.empty()) out["subject"] = envelope.subject;
  if (envelope.sent_at_us > 0) out["t"] = envelope.sent_at_us;
  if (envelope.order > 0) out["o"] = envelope.order;
  std::string text = out.dump();
  if (!envelope.frame.empty()) text.append(1, '\n').append(envelope.frame);
  return text;
}

std::optional<BusEnvelope> decode_envelope(std::string_view text) {
  const std::size_t header_end = std::min(text.find('\n'), text.size());
  const json in = json::parse(text.substr(0, header_end), nullptr, /*allow_exceptions=*/false);
  if (!in.is_object()) return std::nullopt;
  const auto version = in.find("v");
  if (version == in.end() || !version->is_number_integer() || *version != kVersion)
    return std::nullopt;
  BusEnvelope envelope;
  const auto kind = string_field(in, "kind");
  const auto node = string_field(in, "node");
  const auto room = string_field(in, "room");
  if (!kind || !node || !room || !is_valid_node_name(*node) || !is_valid_room_id(*room)) {
    return std::nullopt;
  }
  if (*kind == "deliver") {
    envelope.kind = BusEnvelope::Kind::kDeliver;
  } else if (*kind == "replaced") {
    envelope.kind = BusEnvelope::Kind::kReplaced;
  } else {
    return std::nullopt;
  }
  envelope.from_node = *node;
  envelope.room = *room;
  for (const auto& [name, field] :
       {std::pair{"to", &envelope.to_peer}, std::pair{"except", &envelope.except_peer}}) {
    if (!in.contains(name)) continue;
    *field = string_field(in, name);
    if (!*field || !protocol::is_valid_peer_id(**field)) return std::nullopt;
  }
  if (in.contains("frame")) return std::nullopt;  // version 1's place for it
  if (header_end < text.size()) envelope.frame = std::string(text.substr(header_end + 1));
  if (in.contains("subject")) {
    const auto subject = string_field(in, "subject");
    if (!subject || !protocol::is_valid_peer_id(*subject)) return std::nullopt;
    envelope.subject = *subject;
  }
  if (const auto change = string_field(in, "change")) {
    if (*change == "joined") {
      envelope.change = BusEnvelope::Change::kJoined;
    } else if (*change == "left") {
      envelope.change = BusEnvelope::Change::kLeft;
    } else if (*change == "moved") {
      envelope.change = BusEnvelope::Change::kMoved;
    } else {
      return std::nullopt;
    }
    if (envelope.subject.empty()) return std::nullopt;
  } else if (in.contains("change")) {
    return std::nullopt;
  }
  if (const auto sent_at = in.find("t"); sent_at != in.end()) {
    if (!sent_at->is_number_integer() || *sent_at <= 0) return std::nullopt;
    envelope.sent_at_us = sent_at->get<std::int64_t>();
  }
  if (const auto order = in.find("o"); order != in.end()) {
    if (!order->is_number_integer() || *order <= 0) return std::nullopt;
    envelope.order = order->get<std::int64_t>();
  }
  if (envelope.kind == BusEnvelope::Kind::kReplaced && envelope.subject.empty())
    return std::nullopt;
  if (envelope.kind == BusEnvelope::Kind::kDeliver && envelope.frame.empty() &&
      envelope.change == BusEnvelope::Change::kNone) {
    return std::nullopt;  // says nothing
  }
  return envelope;
}

}  // namespace parley::server
