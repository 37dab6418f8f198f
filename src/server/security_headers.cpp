#include "server/security_headers.h"

#include <algorithm>

namespace parley::server {

std::string content_security_policy(std::string_view frame_ancestors) {
  return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
         "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
         "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " +
         std::string(frame_ancestors);
}

bool is_valid_frame_ancestors(std::string_view value) {
  if (value.empty() || value.size() > 1024) return false;
  return std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '\'' || c == ' ' || c == ':' || c == '/' || c == '.' || c == '-' || c == '*';
  });
}

}  // namespace parley::server
