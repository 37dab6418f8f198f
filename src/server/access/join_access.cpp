#include "server/access/join_access.h"

namespace parley::server {

using protocol::ErrorCode;
using protocol::ProtocolError;

JoinAccess::JoinAccess(std::optional<std::string> auth_secret, IceServerConfig ice,
                       std::function<WallClock::time_point()> clock)
    : auth_secret_(std::move(auth_secret)), ice_(std::move(ice)), clock_(std::move(clock)) {}

std::variant<protocol::JoinRequest, ProtocolError> JoinAccess::admit(
    protocol::JoinRequest join) const {
  if (!auth_secret_) return join;
  const auto checked =
      verify_join_token(*auth_secret_, join.token.value_or(""), join.room, clock_());
  if (const auto* rejection = std::get_if<TokenRejection>(&checked)) {
    return ProtocolError{ErrorCode::kUnauthorized, std::string(describe(*rejection))};
  }
  const auto& grant = std::get<JoinGrant>(checked);
  if (grant.peer_id) {
    if (join.peer_id && *join.peer_id != *grant.peer_id) {
      return ProtocolError{ErrorCode::kUnauthorized,
                           "the join token is for peer id \"" + *grant.peer_id + "\""};
    }
    join.peer_id = grant.peer_id;
  }
  return join;
}

nlohmann::json JoinAccess::ice_servers_for(std::string_view peer_id) const {
  return parley::server::ice_servers_for(ice_, peer_id, clock_());
}

}  // namespace parley::server
