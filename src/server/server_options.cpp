#include "server/server_options.h"

#include <boost/program_options.hpp>
#include <cctype>
#include <cstdlib>
#include <sstream>

namespace parley::server {
namespace po = boost::program_options;

namespace {

po::options_description describe_options() {
  po::options_description options(
      "Usage: parley-server [options]\n"
      "Serves the Parley web app. Every option can also be set through the environment\n"
      "variable PARLEY_<OPTION> (e.g. PARLEY_PORT=9000); flags win over the environment.\n\n"
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
       "bytes queued for one slow client before it is disconnected (1008)");
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
      if (auto value = environment(environment_variable_for(long_name))) {
        from_environment.options.emplace_back(long_name, std::vector<std::string>{*value});
      }
    }
    po::store(from_environment, values);  // store() keeps the first value: flags win
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
  if (parsed.options.max_message_bytes == 0 || parsed.options.room_capacity == 0 ||
      parsed.options.messages_per_second <= 0 || parsed.options.message_burst < 1 ||
      parsed.options.write_queue_bytes < parsed.options.max_message_bytes) {
    parsed.error =
        "invalid option: limits must be positive, and --write-queue-bytes at least "
        "--max-message-bytes";
  }
  return parsed;
}

std::optional<std::string> process_environment(const std::string& name) {
  if (const char* value = std::getenv(name.c_str())) return std::string(value);
  return std::nullopt;
}

}  // namespace parley::server
