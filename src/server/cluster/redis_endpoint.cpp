#include "server/cluster/redis_endpoint.h"

#include <algorithm>
#include <cctype>

#include "core/base/percent_decode.h"

namespace parley::server {

namespace {

constexpr std::string_view kScheme = "redis://";
constexpr int kMaxDb = 1'000'000;  // Redis's `databases` is a config value; 16 by default

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

bool is_host_name(std::string_view host) {
  return !host.empty() && host.size() <= 253 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
  });
}

bool is_ipv6_literal(std::string_view host) {
  return host.size() > 2 && std::all_of(host.begin(), host.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
         });
}

}  // namespace

std::string RedisEndpoint::describe() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(db);
}

std::variant<RedisEndpoint, std::string> parse_redis_url(std::string_view url) {
  const std::string wanted = "wants redis://[user:password@]host[:port][/db]";
  if (url.substr(0, kScheme.size()) != kScheme) return "--redis " + wanted;
  std::string_view rest = url.substr(kScheme.size());
  RedisEndpoint endpoint;

  // The last '@' ends the credentials: a password may hold an encoded or a plain '@'.
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const auto colon = credentials.find(':');
    const auto user = percent_decode(credentials.substr(0, colon));
    if (!user) return "--redis: the user name has a malformed %-escape";
    endpoint.user = *user;
    if (colon != std::string_view::npos) {
      const auto password = percent_decode(credentials.substr(colon + 1));
      if (!password) return "--redis: the password has a malformed %-escape";
      endpoint.password = *password;
    } else if (!endpoint.user.empty()) {
      // "redis://secret@host": a password alone, as redis-cli -u reads it.
      endpoint.password = endpoint.user;
      endpoint.user.clear();
    }
  }

  std::string_view authority = rest;
  std::string_view path;
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    authority = rest.substr(0, slash);
    path = rest.substr(slash + 1);
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return "--redis: unclosed [ in the host";
    endpoint.host = std::string(authority.substr(1, close - 1));
    if (!is_ipv6_literal(endpoint.host)) return "--redis: invalid IPv6 address";
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return "--redis " + wanted;
      port_text = after.substr(1);
      if (port_text.empty()) return "--redis: empty port";
    }
  } else {
    const auto colon = authority.find(':');
    endpoint.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return "--redis: empty port";
    }
    if (!is_host_name(endpoint.host)) return "--redis: missing or invalid host; " + wanted;
  }
  if (!port_text.empty()) {
    if (!all_digits(port_text) || port_text.size() > 5) return "--redis: invalid port";
    const long port = std::stol(std::string(port_text));
    if (port < 1 || port > 65535) return "--redis: port must be 1..65535";
    endpoint.port = static_cast<std::uint16_t>(port);
  }
  if (!path.empty()) {
    if (!all_digits(path) || path.size() > 7) return "--redis: the database must be a number";
    const long db = std::stol(std::string(path));
    if (db > kMaxDb) return "--redis: database number too large";
    endpoint.db = static_cast<int>(db);
  }
  return endpoint;
}

}  // namespace parley::server
