// Who may join and what they are told: the join token check (when an auth secret is
// set) and the ICE servers handed out in `welcome`. The hub asks this for every join.
//
//   JoinAccess access(auth_secret, ice_config);   // secret unset: anyone may join
//   auto admitted = access.admit(join);           // AdmittedJoin, or error
//   auto servers = access.ice_servers_for(admitted_join, peer_id);
//   auto renew = access.renew_credentials_in(admitted_join);  // when to send fresh ones
//
// A token may live at most `max_token_lifetime` from now (a leaked token that lives for a
// year is refused), and TURN credentials never outlive the token they were given for.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "core/protocol/client_message.h"
#include "server/access/ice_servers.h"
#include "server/access/join_token.h"

namespace parley::server {

// A join that may proceed.
struct AdmittedJoin {
  protocol::JoinRequest join;
  bool peer_id_bound = false;  // the token binds join.peer_id: the id is provably theirs
  std::optional<WallClock::time_point> token_expires_at = std::nullopt;
};

class JoinAccess {
 public:
  static constexpr std::chrono::seconds kDefaultMaxTokenLifetime{24 * 60 * 60};

  JoinAccess() = default;
  JoinAccess(std::optional<std::string> auth_secret, IceServerConfig ice,
             std::function<WallClock::time_point()> clock = WallClock::now,
             std::chrono::seconds max_token_lifetime = kDefaultMaxTokenLifetime);

  // The join as it may proceed: a token bound to a peer id supplies that id when the
  // join names none, and refuses any other. Without an auth secret every join passes.
  std::variant<AdmittedJoin, protocol::ProtocolError> admit(protocol::JoinRequest join) const;

  nlohmann::json ice_servers_for(const AdmittedJoin& admitted, std::string_view peer_id) const;

  // When the TURN credentials ice_servers_for() hands out now are due for renewal: three
  // quarters into their life, so a member's next ICE restart (after a network change)
  // can still allocate a relay. None without TURN, or when the join token ends first -
  // a renewal could not outlive the credentials it has.
  std::optional<std::chrono::seconds> renew_credentials_in(const AdmittedJoin& admitted) const;

 private:
  std::optional<std::string> auth_secret_;
  IceServerConfig ice_;
  std::function<WallClock::time_point()> clock_ = WallClock::now;
  std::chrono::seconds max_token_lifetime_ = kDefaultMaxTokenLifetime;
};

}  // namespace parley::server
