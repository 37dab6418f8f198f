// Which web pages may open a signaling WebSocket (--allowed-origin). Browsers send the
// page's Origin on every WebSocket upgrade, so checking it stops another site's page
// from using this server (cross-site WebSocket hijacking) with its visitors' browsers.
//
// - No allowed origins configured: only the server's own pages may connect - the
//   Origin's host and port must be those the request was sent to (its Host header).
// - "*" in the list: any page may connect (a server meant to be embedded anywhere).
// - An upgrade without an Origin header is not from a browser page and passes: the
//   header is what browsers add, so its absence cannot be a hostile page; tokens
//   (--auth-secret) are what restrict non-browser clients.
// - Comparison ignores ASCII case, as origins' scheme and host do, and a default port
//   (80 for http, 443 for https) written or not.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::server {

bool is_origin_allowed(const std::vector<std::string>& allowed_origins,
                       std::optional<std::string_view> origin,
                       std::optional<std::string_view> host_header = std::nullopt);

// "http(s)://host[:port]" with no path, as browsers serialize an Origin.
bool is_valid_origin(std::string_view origin);

}  // namespace parley::server
