#include "core/call/signaling_rehearsal.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "core/call/signaling_payloads.h"
#include "core/protocol/client_message.h"
#include "core/protocol/server_message.h"

namespace parley::call {
namespace {

using nlohmann::json;

constexpr const char* kPeer = "rehearsal";

// About the size of a browser's first offer (~10 KB, CRLF lines, candidates included).
std::string made_up_sdp() {
  std::string sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  for (int line = 0; line < 120; ++line) {
    sdp += "a=rtcp-fb:96 transport-cc\r\n";
    sdp += "a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host generation 0\r\n";
  }
  return sdp;
}

// What the peer receives for `fields` we send it, by the server's own relay: the frame
// as the server reads it (parse_client_message) and forwards it (relay_frame).
std::optional<json> relayed(const std::string& type, const json& fields) {
  const std::string sent = protocol::relay_message(type, kPeer, fields);
  const auto request = protocol::parse_client_message(sent, protocol::ProtocolLimits{});
  const auto* relay = std::get_if<protocol::RelayRequest>(&request);
  if (relay == nullptr) return std::nullopt;
  const auto received = protocol::parse_server_message(protocol::relay_frame(*relay, kPeer));
  const auto* message = std::get_if<protocol::Relayed>(&received);
  if (message == nullptr || message->type != type || message->from != kPeer) return std::nullopt;
  return message->message;
}

bool description_survives(ports::SessionDescription::Type type, const std::string& sdp) {
  const ports::SessionDescription sent{type, sdp};
  const auto message = relayed(message_type(type), description_fields(sent));
  const auto received = message ? description_from(*message) : std::nullopt;
  return received && received->type == type && received->sdp == sdp;
}

bool candidate_survives() {
  const ports::IceCandidate sent{"candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host",
                                 std::string("0"), 0, std::string("abcd")};
  const auto message = relayed("ice-candidate", candidate_fields(sent));
  const auto received = message ? candidate_from(*message) : std::nullopt;
  return received && received->candidate == sent.candidate && received->sdp_mid == sent.sdp_mid &&
         received->sdp_mline_index == sent.sdp_mline_index &&
         received->username_fragment == sent.username_fragment;
}

}  // namespace

bool rehearse_signaling() {
  const std::string sdp = made_up_sdp();
  const bool offer = description_survives(ports::SessionDescription::Type::kOffer, sdp);
  const bool answer = description_survives(ports::SessionDescription::Type::kAnswer, sdp);
  const bool candidate = candidate_survives();
  return offer && answer && candidate;
}

}  // namespace parley::call
