// parley-mint-token: prints a join token for a server started with --auth-secret.
// A site embedding Parley mints tokens on its own backend the same way (see README,
// "Join tokens"); this command is for operators and scripts.
//
//   PARLEY_AUTH_SECRET=... parley-mint-token --room team-sync [--peer-id alice] [--ttl 3600]
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "core/protocol/peer_id.h"
#include "core/protocol/room_link.h"
#include "server/access/join_token.h"
#include "server/server_options.h"

namespace po = boost::program_options;
using namespace parley;

int main(int argc, char* argv[]) {
  po::options_description options(
      "Usage: parley-mint-token --room ROOM [options]\n"
      "Prints a join token for parley-server --auth-secret. The secret comes from\n"
      "--auth-secret or, better (ps shows arguments), PARLEY_AUTH_SECRET.\n\nOptions");
  // clang-format off
  options.add_options()
      ("help,h", "print this help and exit")
      ("room", po::value<std::string>(), "the room the token opens (required)")
      ("peer-id", po::value<std::string>(), "bind the token to this peer id")
      ("ttl", po::value<long>()->default_value(3600), "seconds until the token expires")
      ("auth-secret", po::value<std::string>(), "the server's --auth-secret");
  // clang-format on
  po::variables_map values;
  try {
    po::store(po::parse_command_line(argc, argv, options), values);
    po::notify(values);
  } catch (const po::error& error) {
    std::fprintf(stderr, "parley-mint-token: %s (see --help)\n", error.what());
    return 2;
  }
  if (values.count("help")) {
    std::cout << options;
    return 0;
  }
  const auto fail = [](const char* message) {
    std::fprintf(stderr, "parley-mint-token: %s\n", message);
    return 2;
  };
  std::string secret;
  if (values.count("auth-secret")) {
    secret = values["auth-secret"].as<std::string>();
  } else if (const auto from_environment = server::process_environment("PARLEY_AUTH_SECRET")) {
    secret = *from_environment;
  }
  if (secret.empty()) return fail("no secret: set PARLEY_AUTH_SECRET or pass --auth-secret");
  if (!values.count("room")) return fail("--room is required");

  server::JoinTokenClaims claims;
  claims.room = values["room"].as<std::string>();
  if (!is_valid_room_id(claims.room)) return fail("--room is not a valid room id");
  if (values.count("peer-id")) {
    claims.peer_id = values["peer-id"].as<std::string>();
    if (!protocol::is_valid_peer_id(*claims.peer_id))
      return fail("--peer-id is not a valid peer id");
  }
  const long ttl = values["ttl"].as<long>();
  if (ttl <= 0) return fail("--ttl must be a positive number of seconds");
  claims.expires_at = server::WallClock::now() + std::chrono::seconds(ttl);
  std::cout << server::mint_join_token(secret, claims) << "\n";
  return 0;
}
