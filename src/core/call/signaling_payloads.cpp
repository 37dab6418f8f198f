#include "core/call/signaling_payloads.h"

namespace parley::call {
using nlohmann::json;
using ports::SessionDescription;

const char* message_type(SessionDescription::Type type) {
  return type == SessionDescription::Type::kOffer ? "offer" : "answer";
}

json description_fields(const SessionDescription& description) {
  return {{"sdp", {{"type", message_type(description.type)}, {"sdp", description.sdp}}}};
}

json candidate_fields(const ports::IceCandidate& candidate) {
  json fields = {{"candidate", candidate.candidate}};
  fields["sdpMid"] = candidate.sdp_mid ? json(*candidate.sdp_mid) : json(nullptr);
  fields["sdpMLineIndex"] =
      candidate.sdp_mline_index ? json(*candidate.sdp_mline_index) : json(nullptr);
  if (candidate.username_fragment) fields["usernameFragment"] = *candidate.username_fragment;
  return {{"candidate", std::move(fields)}};
}

std::optional<SessionDescription> description_from(const json& message) {
  const std::string type = message.value("type", "");
  std::optional<SessionDescription::Type> kind;
  if (type == "offer") kind = SessionDescription::Type::kOffer;
  if (type == "answer") kind = SessionDescription::Type::kAnswer;
  if (!kind) return std::nullopt;
  const auto sdp = message.find("sdp");
  if (sdp == message.end()) return std::nullopt;
  if (sdp->is_string()) return SessionDescription{*kind, sdp->get<std::string>()};
  if (!sdp->is_object()) return std::nullopt;
  const auto inner_sdp = sdp->find("sdp");
  const auto inner_type = sdp->find("type");
  if (inner_sdp == sdp->end() || !inner_sdp->is_string()) return std::nullopt;
  // The description's own type must agree with the message's.
  if (inner_type != sdp->end() && (!inner_type->is_string() || *inner_type != type)) {
    return std::nullopt;
  }
  return SessionDescription{*kind, inner_sdp->get<std::string>()};
}

std::optional<ports::IceCandidate> candidate_from(const json& message) {
  const auto field = message.find("candidate");
  if (field == message.end()) return std::nullopt;
  // A bare candidate string: with BUNDLE (as browsers negotiate) the first m-line carries
  // every candidate.
  if (field->is_string()) return ports::IceCandidate{field->get<std::string>(), {}, 0, {}};
  if (!field->is_object()) return std::nullopt;
  const auto text = field->find("candidate");
  if (text == field->end() || !text->is_string()) return std::nullopt;
  ports::IceCandidate candidate{text->get<std::string>(), {}, {}, {}};
  if (const auto mid = field->find("sdpMid"); mid != field->end() && mid->is_string()) {
    candidate.sdp_mid = mid->get<std::string>();
  }
  if (const auto index = field->find("sdpMLineIndex");
      index != field->end() && index->is_number_integer()) {
    candidate.sdp_mline_index = index->get<int>();
  }
  if (const auto ufrag = field->find("usernameFragment");
      ufrag != field->end() && ufrag->is_string()) {
    candidate.username_fragment = ufrag->get<std::string>();
  }
  if (!candidate.sdp_mid && !candidate.sdp_mline_index) return std::nullopt;  // unplaceable
  return candidate;
}

}  // namespace parley::call
