#include "server/access/allowed_origins.h"

#include <algorithm>

namespace parley::server {

namespace {

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

bool is_origin_allowed(const std::vector<std::string>& allowed_origins,
                       std::optional<std::string_view> origin) {
  if (allowed_origins.empty() || !origin) return true;
  return std::any_of(
      allowed_origins.begin(), allowed_origins.end(),
      [&](const std::string& allowed) { return equal_ignoring_ascii_case(allowed, *origin); });
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
