#include "server/server_options.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/program_options.hpp>
#include <cctype>
#include <cstdlib>
#include <sstream>

#include "server/access/allowed_hosts.h"
#include "server/access/allowed_origins.h"
#include "server/access/crypto.h"
#include "server/cluster/bus_envelope.h"
#include "server/security_headers.h"

namespace parley::server {
namespace po = boost::program_options;

namespace {

constexpr std::size_t kMinSecretLength = 16;
// A TURN credential is a bearer token for the relay: short-lived, so one copied out of a
// page is soon worth nothing.
constexpr long kMaxTurnTtlSeconds = 2 * 60 * 60;

po::options_description describe_options() {
  po::options_description options(
      "Usage: parley-server [options]\n"
      "Serves the Parley web app and its signaling WebSocket on one port.\n"
      "Every option can also be set through the environment variable PARLEY_<OPTION>\n"
      "(e.g. PARLEY_PORT=9000; repeatable options take a comma-separated list);\n"
      "flags win over the environment.\n\n"
      "Options");
  // clang-format off
  options.add_options()
      ("help,h", "print this help and exit")
      ("host", po::value<std::string>()->default_value("127.0.0.1"),
       "address to listen on")
      ("port", po::value<long>()->default_value(8080),
       "TCP port to listen on; 0 picks a free one (printed at start)")
      ("web-root", po::value<std::string>()->default_value("build/wasm/web"),
       "folder holding the built web app (index.html, index.js, index.wasm)")
      ("max-message-bytes", po::value<std::size_t>()->default_value(64 * 1024),
       "largest signaling message; larger frames close the connection (1009)")
      ("room-capacity", po::value<std::size_t>()->default_value(16),
       "peers per room; the next joiner gets error room-full")
      ("rate-limit", po::value<double>()->default_value(50.0),
       "signaling messages per second per connection (sustained)")
      ("rate-burst", po::value<double>()->default_value(200.0),
       "signaling messages a connection may send at once before rate-limit applies")
      ("write-queue-bytes", po::value<std::size_t>()->default_value(1024 * 1024),
       "bytes queued for one slow client before it is disconnected (1008)")
      ("max-connections", po::value<std::size_t>()->default_value(20000),
       "TCP connections held at once (HTTP, TLS handshakes and WebSockets alike); the next "
       "is refused at once (HTTP 503, server-full)")
      ("max-connections-per-address", po::value<std::size_t>()->default_value(200),
       "connections held at once from one client address (IPv6: one /64); the next is "
       "refused (HTTP 429). The default suits an office of about 150 people behind one NAT")
      ("idle-timeout", po::value<long>()->default_value(20),
       "seconds of silence before a signaling connection is dropped (pinged at half)")
      ("join-timeout", po::value<long>()->default_value(60),
       "seconds a signaling WebSocket may stay out of a room (after connecting or leaving) "
       "before it is closed (close code 4408); generous, as a page may ask for the camera "
       "before it joins")
      ("request-timeout", po::value<long>()->default_value(10),
       "seconds for a TLS handshake, and for an HTTP request's headers to arrive (also how "
       "long a kept-alive HTTP connection waits for its next request)")
      ("batch-window-us", po::value<long>()->default_value(1000),
       "under heavy load, gather events this many microseconds per wake-up (0..100000; "
       "0: off); light load is always served at once")
      ("auth-secret", po::value<std::string>(),
       "require join tokens signed with this secret (at least 16 characters; prefer the "
       "environment variable, which `ps` does not show); mint them with tools/mint-token")
      ("max-token-lifetime", po::value<long>()->default_value(24 * 60 * 60),
       "seconds a join token may still have to live; tokens minted to live longer are "
       "refused (a leaked long-lived token is worth little)")
      ("id-hold", po::value<long>()->default_value(30),
       "seconds a member whose connection was lost keeps its seat for its resume, "
       "silently to the room (others asking for its id get id-taken); 0: it leaves at once")
      ("allowed-origin", po::value<std::vector<std::string>>()->composing(),
       "a page origin (https://host[:port]) allowed to open signaling WebSockets; "
       "repeatable; others get 403. Unset: only pages this server serves; '*': any page")
      ("allowed-host", po::value<std::vector<std::string>>()->composing(),
       "a host name this server answers to (the Host header; any port); repeatable; others "
       "get 421. Unset: loopback names when listening on loopback, any name otherwise")
      ("frame-ancestors", po::value<std::string>()->default_value("'self'"),
       "the pages that may show this server's pages in a frame (CSP frame-ancestors), e.g. "
       "\"'self' https://intranet.example.org\"")
      ("metrics-token", po::value<std::string>(),
       "GET /metrics needs \"Authorization: Bearer <token>\" (prefer the environment "
       "variable)")
      ("metrics-listen", po::value<std::string>(),
       "serve /metrics (and /healthz, /readyz) on this HOST:PORT instead of the main port, "
       "e.g. 127.0.0.1:9100")
      ("stun", po::value<std::vector<std::string>>()->composing(),
       "STUN server URL handed to clients (stun:host[:port]); repeatable. Unset: the STUN "
       "service of each --turn server (stun:host:port)")
      ("turn", po::value<std::vector<std::string>>()->composing(),
       "TURN server URL (turn:host[:port][?transport=udp|tcp], turns:...); repeatable; "
       "needs --turn-secret")
      ("turn-secret", po::value<std::string>(),
       "coturn static-auth-secret: clients get time-limited TURN credentials made with it")
      ("turn-ttl", po::value<long>()->default_value(60 * 60),
       "seconds a TURN credential stays valid (at most 7200; never beyond the join token's "
       "expiry)")
      ("open-turn-relay", po::bool_switch(),
       "hand TURN credentials to anyone who joins: needed to use --turn without "
       "--auth-secret, and it makes your TURN server an open relay for the whole internet")
      ("tls-cert", po::value<std::string>(),
       "PEM certificate chain: serve https:// and wss:// instead of plain http (needs --tls-key)")
      ("tls-key", po::value<std::string>(), "PEM private key of --tls-cert")
      ("redis", po::value<std::string>(),
       "share rooms with every instance using this Redis: redis://[user:password@]host[:port][/db] "
       "(the password may come from PARLEY_REDIS_PASSWORD instead). Unset: rooms live in "
       "this process alone")
      ("redis-buffer-bytes", po::value<std::size_t>()->default_value(4 * 1024 * 1024),
       "while Redis is unreachable, frames for members on other instances are kept up to this "
       "many bytes and sent when it is back; past it such relays are refused (unavailable)")
      ("instance-id", po::value<std::string>(),
       "this instance's name in Redis and in logs ([A-Za-z0-9_.-], at most 64); random "
       "when not given");
  // clang-format on
  return options;
}

// "web-root" -> "PARLEY_WEB_ROOT".
std::string environment_variable_for(const std::string& long_name) {
  std::string variable = "PARLEY_";
  for (const char c : long_name) {
    variable += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return variable;
}

bool is_repeatable(const std::string& long_name) {
  return long_name == "allowed-origin" || long_name == "allowed-host" || long_name == "stun" ||
         long_name == "turn";
}

// "127.0.0.1:9100" or "[::1]:9100".
std::optional<ServerOptions::Endpoint> parse_endpoint(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
  std::string host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  boost::system::error_code error;
  boost::asio::ip::make_address(host, error);
  if (error) return std::nullopt;
  const std::string port_text = text.substr(colon + 1);
  if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(), ::isdigit)) {
    return std::nullopt;
  }
  const long port = std::stol(port_text);
  if (port > 65535) return std::nullopt;
  return ServerOptions::Endpoint{host, static_cast<std::uint16_t>(port)};
}

// Repeatable options take a comma-separated list from the environment.
std::vector<std::string> environment_values(const std::string& long_name,
                                            const std::string& value) {
  if (!is_repeatable(long_name)) return {value};
  std::vector<std::string> values;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    if (comma > start) values.push_back(value.substr(start, comma - start));
    start = comma + 1;
  }
  return values;
}

std::vector<std::string> strings_of(const po::variables_map& values, const char* name) {
  return values.count(name) ? values[name].as<std::vector<std::string>>()
                            : std::vector<std::string>{};
}

std::string read_cluster_options(const po::variables_map& values,
                                 const EnvironmentLookup& environment, ServerOptions& options) {
  if (values.count("instance-id")) {
    options.instance_id = values["instance-id"].as<std::string>();
    if (options.instance_id.size() > 64 || !is_valid_node_name(options.instance_id)) {
      return "--instance-id wants 1-64 of A-Z a-z 0-9 _ . -";
    }
  } else {
    options.instance_id = random_hex(8);
  }
  options.redis_buffer_bytes = values["redis-buffer-bytes"].as<std::size_t>();
  if (!values.count("redis")) return {};
  auto parsed = parse_redis_url(values["redis"].as<std::string>());
  if (auto* error = std::get_if<std::string>(&parsed)) return *error;
  options.redis = std::get<RedisEndpoint>(parsed);
  if (!options.redis->password) {
    if (auto password = environment("PARLEY_REDIS_PASSWORD")) options.redis->password = *password;
  }
  return {};
}

// The access options, or a message naming the first invalid one.
std::string read_access_options(const po::variables_map& values,
                                const EnvironmentLookup& environment, ServerOptions& options) {
  if (values.count("auth-secret")) {
    options.auth_secret = values["auth-secret"].as<std::string>();
    if (options.auth_secret->size() < kMinSecretLength) {
      return "--auth-secret must be at least 16 characters";
    }
  }
  options.allowed_origins = strings_of(values, "allowed-origin");
  for (const auto& origin : options.allowed_origins) {
    if (origin != "*" && !is_valid_origin(origin)) {
      return "--allowed-origin wants http(s)://host[:port] with no path, or *, got \"" + origin +
             "\"";
    }
  }
  options.allowed_hosts = strings_of(values, "allowed-host");
  for (const auto& host : options.allowed_hosts) {
    if (!is_valid_host_name(host)) {
      return "--allowed-host wants a host name or address without a port, got \"" + host + "\"";
    }
  }
  options.frame_ancestors = values["frame-ancestors"].as<std::string>();
  if (!is_valid_frame_ancestors(options.frame_ancestors)) {
    return "--frame-ancestors wants CSP sources such as 'self' or https://host";
  }
  if (values.count("metrics-token")) {
    options.metrics_token = values["metrics-token"].as<std::string>();
    if (options.metrics_token->size() < kMinSecretLength) {
      return "--metrics-token must be at least 16 characters";
    }
  }
  if (values.count("metrics-listen")) {
    options.metrics_listen = parse_endpoint(values["metrics-listen"].as<std::string>());
    if (!options.metrics_listen) return "--metrics-listen wants HOST:PORT, e.g. 127.0.0.1:9100";
  }
  options.ice.stun_urls = strings_of(values, "stun");
  for (const auto& url : options.ice.stun_urls) {
    if (!is_stun_url(url)) return "--stun wants stun:host[:port] or stuns:..., got \"" + url + "\"";
  }
  options.ice.turn_urls = strings_of(values, "turn");
  for (const auto& url : options.ice.turn_urls) {
    if (!is_turn_url(url)) {
      return "--turn wants turn:host[:port][?transport=udp|tcp] or turns:..., got \"" + url + "\"";
    }
  }
  // One coturn is the documented setup: without --stun, its STUN service is handed out.
  if (options.ice.stun_urls.empty()) {
    options.ice.stun_urls = stun_urls_of_turn_servers(options.ice.turn_urls);
  }
  if (values.count("turn-secret"))
    options.ice.turn_secret = values["turn-secret"].as<std::string>();
  if (options.ice.turn_urls.empty() != options.ice.turn_secret.empty()) {
    return "--turn and --turn-secret go together";
  }
  if (values.count("tls-cert") != values.count("tls-key"))
    return "--tls-cert and --tls-key go together";
  if (values.count("tls-cert")) {
    options.tls = ServerOptions::TlsFiles{values["tls-cert"].as<std::string>(),
                                          values["tls-key"].as<std::string>()};
  }
  const long ttl = values["turn-ttl"].as<long>();
  if (ttl <= 0 || ttl > kMaxTurnTtlSeconds) return "--turn-ttl must be 1..7200 seconds";
  options.ice.turn_ttl = std::chrono::seconds(ttl);
  const long token_lifetime = values["max-token-lifetime"].as<long>();
  if (token_lifetime <= 0) return "--max-token-lifetime must be a positive number of seconds";
  options.max_token_lifetime = std::chrono::seconds(token_lifetime);
  const long id_hold = values["id-hold"].as<long>();
  if (id_hold < 0) return "--id-hold must be 0 or more seconds";
  options.id_hold = std::chrono::seconds(id_hold);
  if (const std::string error = read_cluster_options(values, environment, options); !error.empty())
    return error;
  options.open_turn_relay = values["open-turn-relay"].as<bool>();
  if (!options.ice.turn_urls.empty() && !options.auth_secret && !options.open_turn_relay) {
    return "--turn without --auth-secret would give TURN credentials to anyone who connects "
           "(an open relay); set --auth-secret, or --open-turn-relay if that is intended";
  }
  return {};
}

}  // namespace

ParsedServerOptions parse_server_options(int argc, const char* const argv[],
                                         const EnvironmentLookup& environment) {
  ParsedServerOptions parsed;
  const po::options_description options = describe_options();
  std::ostringstream help;
  help << options;
  parsed.help = help.str();

  po::variables_map values;
  try {
    po::store(po::parse_command_line(argc, argv, options), values);
    // Variables from the environment, by the names the options imply.
    po::parsed_options from_environment(&options);
    for (const auto& option : options.options()) {
      const std::string& long_name = option->long_name();
      if (long_name == "help") continue;
      // Flags win: a flag given on the command line hides its variable entirely (for
      // repeatable options store() would otherwise merge the two lists).
      if (values.count(long_name) && !values[long_name].defaulted()) continue;
      if (auto value = environment(environment_variable_for(long_name))) {
        from_environment.options.emplace_back(long_name, environment_values(long_name, *value));
      }
    }
    po::store(from_environment, values);
    po::notify(values);
  } catch (const po::error& error) {
    parsed.error = std::string("invalid option: ") + error.what() + " (see --help)";
    return parsed;
  }

  parsed.show_help = values.count("help") > 0;
  // Parsed as a signed number: Boost's cast to an unsigned type wraps "-1" to 65535.
  const long port = values["port"].as<long>();
  if (port < 0 || port > 65535) {
    parsed.error = "invalid option: --port must be 0..65535, got " + std::to_string(port);
    return parsed;
  }
  parsed.options.host = values["host"].as<std::string>();
  parsed.options.port = static_cast<std::uint16_t>(port);
  parsed.options.web_root = values["web-root"].as<std::string>();
  parsed.options.max_message_bytes = values["max-message-bytes"].as<std::size_t>();
  parsed.options.room_capacity = values["room-capacity"].as<std::size_t>();
  parsed.options.messages_per_second = values["rate-limit"].as<double>();
  parsed.options.message_burst = values["rate-burst"].as<double>();
  parsed.options.write_queue_bytes = values["write-queue-bytes"].as<std::size_t>();
  parsed.options.max_connections = values["max-connections"].as<std::size_t>();
  parsed.options.max_connections_per_address =
      values["max-connections-per-address"].as<std::size_t>();
  const long idle_timeout = values["idle-timeout"].as<long>();
  parsed.options.idle_timeout = std::chrono::seconds(idle_timeout);
  const long join_timeout = values["join-timeout"].as<long>();
  parsed.options.join_timeout = std::chrono::seconds(join_timeout);
  const long request_timeout = values["request-timeout"].as<long>();
  parsed.options.request_timeout = std::chrono::seconds(request_timeout);
  const long batch_window = values["batch-window-us"].as<long>();
  if (batch_window < 0 || batch_window > 100'000) {
    parsed.error =
        "invalid option: --batch-window-us must be 0..100000, got " + std::to_string(batch_window);
    return parsed;
  }
  parsed.options.batch_window = std::chrono::microseconds(batch_window);
  if (parsed.options.max_message_bytes == 0 || parsed.options.room_capacity == 0 ||
      parsed.options.messages_per_second <= 0 || parsed.options.message_burst < 1 ||
      parsed.options.max_connections == 0 || parsed.options.max_connections_per_address == 0 ||
      idle_timeout < 2 || join_timeout < 1 || request_timeout < 1 ||
      parsed.options.write_queue_bytes < 2 * parsed.options.max_message_bytes) {
    parsed.error =
        "invalid option: limits and timeouts must be positive, --idle-timeout at least 2 "
        "seconds, and "
        "--write-queue-bytes at least twice --max-message-bytes";
    return parsed;
  }
  if (const std::string error = read_access_options(values, environment, parsed.options);
      !error.empty()) {
    parsed.error = "invalid option: " + error;
  }
  return parsed;
}

std::string deployment_warning(const ServerOptions& options) {
  if (is_loopback_name(options.host)) return {};
  if (!options.ice.stun_urls.empty() || !options.ice.turn_urls.empty()) return {};
  return "no --stun or --turn: browsers on different networks behind NAT will mostly not "
         "connect (they get a \"no-route\" error). Run coturn and pass --turn and "
         "--turn-secret (README, \"Deploying Parley\"), or tools/run --with-turn";
}

std::optional<std::string> process_environment(const std::string& name) {
  if (const char* value = std::getenv(name.c_str())) return std::string(value);
  return std::nullopt;
}

}  // namespace parley::server
