#include "server/access/join_token.h"

#include <charconv>

#include "core/protocol/peer_id.h"
#include "server/access/crypto.h"

namespace parley::server {

namespace {

constexpr std::string_view kVersionPrefix = "v1.";
constexpr std::size_t kMaxExpiryDigits = 12;  // far beyond any real expiry, bounds the parse

std::int64_t unix_seconds(WallClock::time_point time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

// Newlines cannot occur in room ids, peer ids or numbers, so the fields cannot be shifted
// into one another to make a different claim with the same signature.
std::string signed_text(std::string_view room, std::string_view peer_id, std::string_view expiry) {
  std::string text = "parley-join-v1\n";
  text.append(room).append("\n").append(peer_id).append("\n").append(expiry);
  return text;
}

std::string signature(std::string_view secret, std::string_view room, std::string_view peer_id,
                      std::string_view expiry) {
  return base64url(hmac_sha256(secret, signed_text(room, peer_id, expiry)));
}

}  // namespace

std::string mint_join_token(std::string_view secret, const JoinTokenClaims& claims) {
  const std::string expiry = std::to_string(unix_seconds(claims.expires_at));
  const std::string peer_id = claims.peer_id.value_or("");
  return std::string(kVersionPrefix) + expiry + "." + peer_id + "." +
         signature(secret, claims.room, peer_id, expiry);
}

std::variant<JoinGrant, TokenRejection> verify_join_token(std::string_view secret,
                                                          std::string_view token,
                                                          std::string_view room,
                                                          WallClock::time_point now) {
  if (token.empty()) return TokenRejection::kMissing;
  if (!token.starts_with(kVersionPrefix)) return TokenRejection::kMalformed;
  const std::string_view rest = token.substr(kVersionPrefix.size());
  // expiry . peer-id . signature; the peer id may itself contain dots, the others cannot.
  const std::size_t first_dot = rest.find('.');
  const std::size_t last_dot = rest.rfind('.');
  if (first_dot == std::string_view::npos || first_dot == last_dot) {
    return TokenRejection::kMalformed;
  }
  const std::string_view expiry = rest.substr(0, first_dot);
  const std::string_view peer_id = rest.substr(first_dot + 1, last_dot - first_dot - 1);
  const std::string_view given_signature = rest.substr(last_dot + 1);

  std::int64_t expires = 0;
  const auto parsed = std::from_chars(expiry.data(), expiry.data() + expiry.size(), expires);
  if (expiry.empty() || expiry.size() > kMaxExpiryDigits || parsed.ec != std::errc{} ||
      parsed.ptr != expiry.data() + expiry.size() || expires < 0) {
    return TokenRejection::kMalformed;
  }
  if (!peer_id.empty() && !protocol::is_valid_peer_id(peer_id)) return TokenRejection::kMalformed;

  // The signature is checked before the expiry, so an attacker learns nothing about
  // tokens it could not have minted.
  if (!equal_in_constant_time(given_signature, signature(secret, room, peer_id, expiry))) {
    return TokenRejection::kForged;
  }
  if (unix_seconds(now) >= expires) return TokenRejection::kExpired;
  const WallClock::time_point expires_at{std::chrono::seconds(expires)};
  if (peer_id.empty()) return JoinGrant{std::nullopt, expires_at};
  return JoinGrant{std::string(peer_id), expires_at};
}

std::string_view describe(TokenRejection rejection) {
  switch (rejection) {
    case TokenRejection::kMissing:
      return "this server needs a token to join; ask the site that sent you the link";
    case TokenRejection::kMalformed:
      return "the join token is malformed";
    case TokenRejection::kForged:
      return "the join token is not valid for this room";
    case TokenRejection::kExpired:
      return "the join token has expired";
  }
  return "the join token was refused";
}

}  // namespace parley::server
