// Who may join and what they are told: the join token check (when an auth secret is
// set) and the ICE servers handed out in `welcome`. The hub asks this for every join.
//
//   JoinAccess access(auth_secret, ice_config);   // secret unset: anyone may join
//   auto admitted = access.admit(join);           // JoinRequest with its peer id, or error
//   auto servers = access.ice_servers_for(peer_id);
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "core/protocol/client_message.h"
#include "server/access/ice_servers.h"
#include "server/access/join_token.h"

namespace parley::server {

class JoinAccess {
 public:
  JoinAccess() = default;
  JoinAccess(std::optional<std::string> auth_secret, IceServerConfig ice,
             std::function<WallClock::time_point()> clock = WallClock::now);

  // The join as it may proceed: a token bound to a peer id supplies that id when the
  // join names none, and refuses any other. Without an auth secret every join passes.
  std::variant<protocol::JoinRequest, protocol::ProtocolError> admit(
      protocol::JoinRequest join) const;

  nlohmann::json ice_servers_for(std::string_view peer_id) const;

 private:
  std::optional<std::string> auth_secret_;
  IceServerConfig ice_;
  std::function<WallClock::time_point()> clock_ = WallClock::now;
};

}  // namespace parley::server
