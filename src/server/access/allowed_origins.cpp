#include "server/access/allowed_origins.h"

#include <algorithm>

namespace parley::server {

namespace {

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

// "host:80" -> "host" when 80 is the scheme's default port.
std::string_view without_default_port(std::string_view authority, std::string_view default_port) {
  if (authority.size() > default_port.size() + 1 && authority.ends_with(default_port) &&
      authority[authority.size() - default_port.size() - 1] == ':') {
    return authority.substr(0, authority.size() - default_port.size() - 1);
  }
  return authority;
}

// The page is this server's own: the Origin names the host and port the request went to.
bool is_same_origin(std::string_view origin, std::string_view host_header) {
  std::string_view default_port;
  if (origin.starts_with("http://")) {
    origin.remove_prefix(7);
    default_port = "80";
  } else if (origin.starts_with("https://")) {
    origin.remove_prefix(8);
    default_port = "443";
  } else {
    return false;  // "null" (sandboxed and file pages) and anything stranger
  }
  return !origin.empty() &&
         equal_ignoring_ascii_case(without_default_port(origin, default_port),
                                   without_default_port(host_header, default_port));
}

}  // namespace

bool is_origin_allowed(const std::vector<std::string>& allowed_origins,
                       std::optional<std::string_view> origin,
                       std::optional<std::string_view> host_header) {
  if (!origin) return true;
  if (allowed_origins.empty()) return host_header && is_same_origin(*origin, *host_header);
  return std::any_of(allowed_origins.begin(), allowed_origins.end(),
                     [&](const std::string& allowed) {
                       return allowed == "*" || equal_ignoring_ascii_case(allowed, *origin);
                     });
}

bool is_valid_origin(std::string_view origin) {
  std::string_view host;
  if (origin.starts_with("http://")) {
    host = origin.substr(7);
  } else if (origin.starts_with("https://")) {
    host = origin.substr(8);
  } else {
    return false;
  }
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == ':' || c == '[' || c == ']';
  };
  return !host.empty() && std::all_of(host.begin(), host.end(), allowed);
}

}  // namespace parley::server
