// Which Host headers parley-server answers. A server on loopback is reachable by any web
// page the machine's browser opens: a hostile site can point a name of its own at
// 127.0.0.1 (DNS rebinding) and then read the server's responses as its own origin.
// Checking Host stops that, because the browser sends the hostile name.
//
//   HostCheck check = host_check_for("127.0.0.1", {});   // loopback names only
//   if (!check.allows(request[http::field::host])) answer 421;
//
// - --allowed-host names (repeatable) are always allowed, with any port.
// - Bound to a loopback address with no --allowed-host: localhost (and *.localhost),
//   127.0.0.0/8 and [::1] are allowed.
// - Bound to any other address with no --allowed-host: every Host is allowed (a public
//   server is reached by its own names; list them to be strict).
// Comparison ignores ASCII case and the port.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::server {

class HostCheck {
 public:
  HostCheck() = default;  // allows everything
  HostCheck(std::vector<std::string> names, bool loopback_names, bool any);

  bool allows(std::optional<std::string_view> host_header) const;

 private:
  std::vector<std::string> names_;  // lower case
  bool loopback_names_ = false;
  bool any_ = true;
};

HostCheck host_check_for(std::string_view listen_address, std::vector<std::string> allowed_hosts);

// The host of a Host header without its port, lower case: "Example.org:8080" ->
// "example.org", "[::1]:80" -> "::1". Nothing when the header is malformed.
std::optional<std::string> host_name_of(std::string_view host_header);

// localhost, *.localhost, 127.0.0.0/8 or ::1.
bool is_loopback_name(std::string_view host);

// A name for --allowed-host: letters, digits, '-', '.', or an IP address (IPv6 bare).
bool is_valid_host_name(std::string_view name);

}  // namespace parley::server
