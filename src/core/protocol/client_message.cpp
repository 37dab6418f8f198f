#include "core/protocol/client_message.h"

#include <array>
#include <nlohmann/json.hpp>

#include "core/base/json_scan.h"
#include "core/protocol/peer_id.h"
#include "core/protocol/room_link.h"

namespace parley::protocol {
namespace {

using nlohmann::json;

// "media-state" {microphone, camera}: what a Parley peer sends; reference clients ignore it.
constexpr std::array<std::string_view, 4> kRelayedTypes = {"offer", "answer", "ice-candidate",
                                                           "media-state"};

ProtocolError bad_message(std::string message) {
  return {ErrorCode::kBadMessage, std::move(message)};
}

// Reads an optional string field. Returns an error if present with another type or
// longer than `max_bytes`.
std::optional<ProtocolError> read_optional_string(const json& object, const char* field,
                                                  std::size_t max_bytes,
                                                  std::optional<std::string>& out) {
  const auto it = object.find(field);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return bad_message(std::string("\"") + field + "\" must be a string");
  const auto& value = it->get_ref<const std::string&>();
  if (value.size() > max_bytes) {
    return bad_message(std::string("\"") + field + "\" is longer than " +
                       std::to_string(max_bytes) + " bytes");
  }
  out = value;
  return std::nullopt;
}

ParsedClientMessage parse_join(const json& object, const ProtocolLimits& limits) {
  JoinRequest join;
  std::optional<std::string> room;
  std::optional<std::string> name;
  if (auto error = read_optional_string(object, "room", kMaxRoomIdLength, room)) return *error;
  if (!room || !is_valid_room_id(*room)) {
    return bad_message("join needs \"room\": 1-64 characters of A-Z a-z 0-9 - _");
  }
  join.room = std::move(*room);
  if (auto error = read_optional_string(object, "peerId", kMaxPeerIdLength, join.peer_id)) {
    return *error;
  }
  if (join.peer_id && !is_valid_peer_id(*join.peer_id)) {
    return bad_message("\"peerId\" must be 1-64 characters of A-Z a-z 0-9 - . _ ~");
  }
  if (auto error = read_optional_string(object, "name", limits.max_name_bytes, name)) return *error;
  join.name = name.value_or("");
  if (auto error = read_optional_string(object, "token", limits.max_token_bytes, join.token)) {
    return *error;
  }
  if (const auto resume = object.find("resume"); resume != object.end() && !resume->is_null()) {
    if (!resume->is_boolean()) return bad_message("\"resume\" must be true or false");
    join.resume = resume->get<bool>();
  }
  if (auto error = read_optional_string(object, "resumeSecret", limits.max_resume_secret_bytes,
                                        join.resume_secret)) {
    return *error;
  }
  return join;
}

// Payload checks per relayed type: only the shape the receiver cannot do without.
std::optional<ProtocolError> check_relay_payload(std::string_view type, const json& object) {
  if (type == "offer" || type == "answer") {
    const auto sdp = object.find("sdp");
    if (sdp == object.end() || !(sdp->is_object() || sdp->is_string())) {
      return bad_message(std::string(type) + " needs \"sdp\" (a session description)");
    }
  } else if (type == "ice-candidate") {
    const auto candidate = object.find("candidate");
    if (candidate == object.end() ||
        !(candidate->is_object() || candidate->is_string() || candidate->is_null())) {
      return bad_message("ice-candidate needs \"candidate\" (an object, a string or null)");
    }
  }
  return std::nullopt;
}

ParsedClientMessage parse_relay(std::string type, const json& object, std::string_view frame) {
  const auto target = object.find("target");
  if (target == object.end() || !target->is_string() ||
      !is_valid_peer_id(target->get_ref<const std::string&>())) {
    return bad_message(type + " needs \"target\": the peerId of a peer in your room");
  }
  if (auto error = check_relay_payload(type, object)) return *error;
  RelayRequest relay;
  relay.type = std::move(type);
  relay.target = target->get<std::string>();
  relay.frame = frame;
  relay.has_from_field = object.contains("from");
  return relay;
}

ProtocolError unknown_type(std::string_view type) {
  std::string shown(type.substr(0, 32));
  if (type.size() > 32) shown += "...";
  return ProtocolError{ErrorCode::kUnknownType, "unknown message type \"" + shown + "\""};
}

// The top-level members that decide what a message is, as the scan saw them.
struct RoutingFields {
  std::optional<JsonMember> type, target, sdp, candidate;
  bool has_from = false;
  bool needs_dom = false;  // an escaped key or routing value: let nlohmann decode it
};

std::optional<ProtocolError> check_relay_payload(std::string_view type,
                                                 const RoutingFields& fields) {
  if (type == "offer" || type == "answer") {
    if (!fields.sdp ||
        !(fields.sdp->kind == JsonKind::kObject || fields.sdp->kind == JsonKind::kString)) {
      return bad_message(std::string(type) + " needs \"sdp\" (a session description)");
    }
  } else if (type == "ice-candidate") {
    const auto kind = fields.candidate ? fields.candidate->kind : JsonKind::kNumber;
    if (kind != JsonKind::kObject && kind != JsonKind::kString && kind != JsonKind::kNull) {
      return bad_message("ice-candidate needs \"candidate\" (an object, a string or null)");
    }
  }
  return std::nullopt;
}

ParsedClientMessage relay_from_fields(std::string_view type, const RoutingFields& fields,
                                      std::string_view frame) {
  if (!fields.target || fields.target->kind != JsonKind::kString ||
      !is_valid_peer_id(fields.target->string_value)) {
    return bad_message(std::string(type) + " needs \"target\": the peerId of a peer in your room");
  }
  if (auto error = check_relay_payload(type, fields)) return *error;
  RelayRequest relay;
  relay.type = std::string(type);
  relay.target = std::string(fields.target->string_value);
  relay.frame = frame;
  relay.has_from_field = fields.has_from;
  return relay;
}

}  // namespace

bool is_relayed_type(std::string_view type) {
  for (const auto relayed : kRelayedTypes) {
    if (type == relayed) return true;
  }
  return false;
}

ParsedClientMessage parse_client_message(std::string_view frame, const ProtocolLimits& limits) {
  if (frame.size() > limits.max_message_bytes) {
    return ProtocolError{
        ErrorCode::kTooLarge,
        "message is larger than " + std::to_string(limits.max_message_bytes) + " bytes"};
  }
  RoutingFields fields;
  const auto scan = scan_json(frame, limits.max_json_depth, [&](const JsonMember& member) {
    if (member.key_has_escapes) {
      fields.needs_dom = true;
    } else if (member.key == "type") {
      fields.type = member;
    } else if (member.key == "target") {
      fields.target = member;
    } else if (member.key == "from") {
      fields.has_from = true;
    } else if (member.key == "sdp") {
      fields.sdp = member;
    } else if (member.key == "candidate") {
      fields.candidate = member;
    }
  });
  if (scan.error)
    return ProtocolError{ErrorCode::kBadJson, describe(*scan.error, limits.max_json_depth)};
  if (scan.top_level != JsonKind::kObject) return bad_message("message must be a JSON object");
  for (const auto* field : {&fields.type, &fields.target}) {
    if (*field && (*field)->value_has_escapes) fields.needs_dom = true;
  }
  if (fields.needs_dom) return detail::parse_client_message_with_dom(frame, limits);

  if (!fields.type || fields.type->kind != JsonKind::kString) {
    return bad_message("message needs a string \"type\"");
  }
  const std::string_view type = fields.type->string_value;
  if (type == "join") return detail::parse_client_message_with_dom(frame, limits);
  if (type == "leave") return LeaveRequest{};
  if (type == "ping") return PingRequest{};
  if (is_relayed_type(type)) return relay_from_fields(type, fields, frame);
  return unknown_type(type);
}

std::string join_message(const JoinRequest& join) {
  json message = {{"type", "join"}, {"room", join.room}};
  if (join.peer_id) message["peerId"] = *join.peer_id;
  if (!join.name.empty()) message["name"] = join.name;
  if (join.token) message["token"] = *join.token;
  if (join.resume) message["resume"] = true;
  if (join.resume_secret) message["resumeSecret"] = *join.resume_secret;
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string relay_message(std::string_view type, std::string_view target, const json& fields) {
  json message = fields.is_object() ? fields : json::object();
  message["type"] = type;
  message["target"] = target;
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string leave_message() {
  return R"({"type":"leave"})";
}

std::string ping_message() {
  return R"({"type":"ping"})";
}

namespace detail {

ParsedClientMessage parse_client_message_with_dom(std::string_view frame,
                                                  const ProtocolLimits& limits) {
  const json object = json::parse(frame, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) return ProtocolError{ErrorCode::kBadJson, "message is not valid JSON"};
  if (!object.is_object()) return bad_message("message must be a JSON object");

  const auto type_field = object.find("type");
  if (type_field == object.end() || !type_field->is_string()) {
    return bad_message("message needs a string \"type\"");
  }
  std::string type = type_field->get<std::string>();
  if (type == "join") return parse_join(object, limits);
  if (type == "leave") return LeaveRequest{};
  if (type == "ping") return PingRequest{};
  if (is_relayed_type(type)) return parse_relay(std::move(type), object, frame);
  return unknown_type(type);
}

}  // namespace detail

}  // namespace parley::protocol
