// Join tokens: when parley-server runs with --auth-secret, a join must carry a token that
// the site embedding Parley minted for that room (and optionally that peer id) with the
// same secret. Tokens expire; nothing is stored on the server.
//
//   v1.<expiry, unix seconds>.<peer id or empty>.<base64url HMAC-SHA256>
//
// The HMAC covers "parley-join-v1", the room, the peer id and the expiry, so a token for
// one room cannot open another, and a token bound to a peer id cannot join as anyone else.
//
//   auto token = mint_join_token(secret, {"team-sync", "alice", now + 1h});
//   auto checked = verify_join_token(secret, token, "team-sync", now);
//   if (auto* grant = std::get_if<JoinGrant>(&checked)) { grant->peer_id ... }
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace parley::server {

using WallClock = std::chrono::system_clock;

struct JoinTokenClaims {
  std::string room;
  std::optional<std::string> peer_id;  // unset: any peer id may use the token
  WallClock::time_point expires_at;
};

struct JoinGrant {
  std::optional<std::string> peer_id;  // the peer id the token is bound to, if any
  WallClock::time_point expires_at;
};

enum class TokenRejection {
  kMissing,    // the join has no token
  kMalformed,  // not a v1 token
  kForged,     // wrong secret, or minted for another room or peer id
  kExpired,
};

std::string mint_join_token(std::string_view secret, const JoinTokenClaims& claims);

std::variant<JoinGrant, TokenRejection> verify_join_token(std::string_view secret,
                                                          std::string_view token,
                                                          std::string_view room,
                                                          WallClock::time_point now);

// For the `unauthorized` error message a client shows.
std::string_view describe(TokenRejection rejection);

}  // namespace parley::server
