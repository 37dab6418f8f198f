#include "core/call/path_diagnosis.h"

namespace parley::call {

namespace {
bool is_turn_url(std::string_view url) {
  return url.rfind("turn:", 0) == 0 || url.rfind("turns:", 0) == 0;
}

// Calls `each` with every "candidate:..." of an SDP's "a=candidate:" lines.
template <class Each>
void for_each_sdp_candidate(std::string_view sdp, Each each) {
  constexpr std::string_view kAttribute = "a=candidate:";
  std::size_t at = 0;
  while ((at = sdp.find(kAttribute, at)) != std::string_view::npos) {
    const std::size_t end = sdp.find_first_of("\r\n", at);
    const std::size_t begin = at + 2;  // past "a="
    each(sdp.substr(begin, end == std::string_view::npos ? end : end - begin));
    at = begin;
  }
}
}  // namespace

std::string_view candidate_type_of(std::string_view candidate) {
  constexpr std::string_view kTyp = " typ ";
  const auto at = candidate.find(kTyp);
  if (at == std::string_view::npos) return {};
  const auto begin = at + kTyp.size();
  const auto end = candidate.find(' ', begin);
  return candidate.substr(begin, end == std::string_view::npos ? end : end - begin);
}

PathDiagnosis::PathDiagnosis(const ports::RtcConfiguration& configuration) {
  for (const auto& server : configuration.ice_servers)
    for (const auto& url : server.urls) has_turn_server_ = has_turn_server_ || is_turn_url(url);
}

void PathDiagnosis::on_local_candidate(std::string_view candidate) {
  local_relay_ = local_relay_ || candidate_type_of(candidate) == "relay";
}

void PathDiagnosis::on_remote_candidate(std::string_view candidate) {
  if (candidate_type_of(candidate).empty()) return;
  any_remote_ = true;
  remote_relay_ = remote_relay_ || candidate_type_of(candidate) == "relay";
}

void PathDiagnosis::on_local_description(std::string_view sdp) {
  for_each_sdp_candidate(sdp, [this](std::string_view line) { on_local_candidate(line); });
}

void PathDiagnosis::on_remote_description(std::string_view sdp) {
  for_each_sdp_candidate(sdp, [this](std::string_view line) { on_remote_candidate(line); });
}

std::string PathDiagnosis::cause() const {
  if (!any_remote_) return "none of their network addresses reached us";
  if (local_relay_ || remote_relay_)
    return "no direct path worked, and not even the TURN relay got through";
  if (has_turn_server_)
    return "no direct path between the two networks (a firewall, or NATs that allow none), "
           "and the TURN relay could not be reached or refused our credentials";
  return "no direct path between the two networks (a firewall, or NATs that allow none), "
         "and no TURN relay is configured to carry the call (parley-server --turn)";
}

}  // namespace parley::call
