#include "server/access/join_access.h"

#include <algorithm>

namespace parley::server {

using protocol::ErrorCode;
using protocol::ProtocolError;

JoinAccess::JoinAccess(std::optional<std::string> auth_secret, IceServerConfig ice,
                       std::function<WallClock::time_point()> clock,
                       std::chrono::seconds max_token_lifetime)
    : auth_secret_(std::move(auth_secret)),
      ice_(std::move(ice)),
      clock_(std::move(clock)),
      max_token_lifetime_(max_token_lifetime) {}

std::variant<AdmittedJoin, ProtocolError> JoinAccess::admit(protocol::JoinRequest join) const {
  if (!auth_secret_) return AdmittedJoin{std::move(join)};
  const auto now = clock_();
  const auto checked = verify_join_token(*auth_secret_, join.token.value_or(""), join.room, now);
  if (const auto* rejection = std::get_if<TokenRejection>(&checked)) {
    return ProtocolError{ErrorCode::kUnauthorized, std::string(describe(*rejection))};
  }
  const auto& grant = std::get<JoinGrant>(checked);
  if (grant.expires_at > now + max_token_lifetime_) {
    return ProtocolError{ErrorCode::kUnauthorized,
                         "the join token lives longer than this server allows (" +
                             std::to_string(max_token_lifetime_.count()) + " s)"};
  }
  AdmittedJoin admitted{std::move(join), false, grant.expires_at};
  if (grant.peer_id) {
    if (admitted.join.peer_id && *admitted.join.peer_id != *grant.peer_id) {
      return ProtocolError{ErrorCode::kUnauthorized,
                           "the join token is for peer id \"" + *grant.peer_id + "\""};
    }
    admitted.join.peer_id = grant.peer_id;
    admitted.peer_id_bound = true;
  }
  return admitted;
}

nlohmann::json JoinAccess::ice_servers_for(const AdmittedJoin& admitted,
                                           std::string_view peer_id) const {
  return parley::server::ice_servers_for(ice_, peer_id, clock_(), admitted.token_expires_at);
}

std::optional<std::chrono::seconds> JoinAccess::renew_credentials_in(
    const AdmittedJoin& admitted) const {
  if (ice_.turn_urls.empty()) return std::nullopt;
  if (admitted.token_expires_at && *admitted.token_expires_at <= clock_() + ice_.turn_ttl) {
    return std::nullopt;
  }
  return std::max(std::chrono::seconds(1), ice_.turn_ttl * 3 / 4);
}

}  // namespace parley::server
