// Where a Redis server is and how to log in to it, from a redis:// URL.
//
//   auto parsed = parse_redis_url("redis://user:secret@10.0.0.5:6379/2");
//   if (auto* error = std::get_if<std::string>(&parsed)) ... // says what is wrong
//
// redis://[user[:password]@]host[:port][/db] - user and password percent-encoded, host a
// name, an IPv4 address or [an IPv6 address], port 6379 unless given, db 0 unless given.
// "redis://:password@host" logs in as the default user (Redis 5 style AUTH password).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace parley::server {

struct RedisEndpoint {
  std::string host;
  std::uint16_t port = 6379;
  std::string user;                     // empty: the default user
  std::optional<std::string> password;  // none: no AUTH
  int db = 0;

  // "host:port/db", never the password: for logs and errors.
  std::string describe() const;
};

std::variant<RedisEndpoint, std::string> parse_redis_url(std::string_view url);

}  // namespace parley::server
