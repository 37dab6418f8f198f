// parley-server's settings, from flags or PARLEY_* environment variables (flags win).
//
//   auto parsed = parse_server_options(argc, argv, environment);
//   if (!parsed.error.empty()) { print parsed.error; exit 2; }
//   if (parsed.show_help) { print parsed.help; exit 0; }
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/access/ice_servers.h"
#include "server/cluster/redis_endpoint.h"

namespace parley::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port; the server prints the one it got
  std::filesystem::path web_root = "build/wasm/web";

  // Signaling limits (see README, "Signaling protocol").
  std::size_t max_message_bytes = 64 * 1024;
  std::size_t room_capacity = 16;
  double messages_per_second = 50.0;
  double message_burst = 200.0;
  std::size_t write_queue_bytes = 1024 * 1024;
  std::size_t max_connections = 20000;            // every TCP connection: HTTP, TLS, WebSocket
  std::size_t max_connections_per_address = 200;  // IPv6: per /64
  std::chrono::seconds idle_timeout{20};          // silent peers are pinged at half, dropped at all
  std::chrono::seconds join_timeout{60};     // a WebSocket not in a room for this long is closed
  std::chrono::seconds request_timeout{10};  // TLS handshake; HTTP request headers

  // Under heavy load, events are gathered for this long per wake-up (event_loop.h); 0: off.
  std::chrono::microseconds batch_window{1000};

  // Access (see README, "Security").
  std::optional<std::string> auth_secret;                 // joins need a token minted with it
  std::chrono::seconds max_token_lifetime{24 * 60 * 60};  // tokens living longer are refused
  std::vector<std::string> allowed_origins;  // empty: only our own pages; "*": any page
  std::vector<std::string> allowed_hosts;    // Host names answered (see allowed_hosts.h)
  std::string frame_ancestors = "'self'";    // who may frame our pages (CSP)
  std::optional<std::string> metrics_token;  // /metrics wants "Authorization: Bearer <it>"
  struct Endpoint {
    std::string host;
    std::uint16_t port = 0;
  };
  std::optional<Endpoint> metrics_listen;  // /metrics there only, not on the main port
  IceServerConfig ice;
  bool open_turn_relay = false;      // TURN without --auth-secret: anyone may relay through it
  std::chrono::seconds id_hold{30};  // a lost connection's peer id is kept for its resume

  // Rooms shared with every instance using this Redis (none: this process alone).
  std::optional<RedisEndpoint> redis;
  std::string instance_id;  // names this instance in Redis and logs; random when not given
  std::size_t redis_buffer_bytes = 4 * 1024 * 1024;  // frames kept for other instances

  // HTTPS + WSS when set (browsers allow getUserMedia only in secure contexts, which
  // plain http is only on localhost).
  struct TlsFiles {
    std::filesystem::path certificate_chain;  // PEM, leaf first
    std::filesystem::path private_key;        // PEM
  };
  std::optional<TlsFiles> tls;
};

struct ParsedServerOptions {
  ServerOptions options;
  bool show_help = false;
  std::string help;   // the --help text, always filled
  std::string error;  // non-empty when the command line or environment is invalid
};

// Looks up an environment variable by name; nullopt when unset.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;

ParsedServerOptions parse_server_options(int argc, const char* const argv[],
                                         const EnvironmentLookup& environment);

// What a server with these options cannot do that its operator may not expect, for main()
// to print at start; empty when nothing. Listening beyond loopback with no STUN or TURN,
// calls between two networks behind NAT mostly never connect.
std::string deployment_warning(const ServerOptions& options);

// The process environment, for main().
std::optional<std::string> process_environment(const std::string& name);

}  // namespace parley::server
