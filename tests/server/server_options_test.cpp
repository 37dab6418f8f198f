#include "server/server_options.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace parley::server {
namespace {

struct FakeEnvironment {
  std::map<std::string, std::string> variables;
  std::optional<std::string> operator()(const std::string& name) const {
    const auto it = variables.find(name);
    return it == variables.end() ? std::nullopt : std::optional(it->second);
  }
};

ParsedServerOptions parse(std::vector<const char*> args, FakeEnvironment environment = {}) {
  args.insert(args.begin(), "parley-server");
  return parse_server_options(static_cast<int>(args.size()), args.data(), environment);
}

TEST(ServerOptions, DefaultsServeLoopbackPort8080) {
  const auto parsed = parse({});
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.options.host, "127.0.0.1");
  EXPECT_EQ(parsed.options.port, 8080);
  EXPECT_EQ(parsed.options.web_root, "build/wasm/web");
  EXPECT_FALSE(parsed.show_help);
}

TEST(ServerOptions, FlagsSetHostPortAndWebRoot) {
  const auto parsed = parse({"--host", "0.0.0.0", "--port", "0", "--web-root=/srv/parley"});
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.options.host, "0.0.0.0");
  EXPECT_EQ(parsed.options.port, 0);
  EXPECT_EQ(parsed.options.web_root, "/srv/parley");
}

TEST(ServerOptions, EnvironmentVariablesSetOptions) {
  const auto parsed = parse({}, {{{"PARLEY_PORT", "9000"}, {"PARLEY_WEB_ROOT", "/w"}}});
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.options.port, 9000);
  EXPECT_EQ(parsed.options.web_root, "/w");
}

TEST(ServerOptions, FlagsWinOverTheEnvironment) {
  const auto parsed = parse({"--port", "7000"}, {{{"PARLEY_PORT", "9000"}}});
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.options.port, 7000);
}

TEST(ServerOptions, HelpIsOfferedAndDocumentsEveryOption) {
  const auto parsed = parse({"--help"});
  EXPECT_TRUE(parsed.show_help);
  for (const char* option :
       {"--host", "--port", "--web-root", "--max-message-bytes", "--room-capacity", "--rate-limit",
        "--rate-burst", "--write-queue-bytes", "--max-connections", "--idle-timeout",
        "--batch-window-us", "--auth-secret", "--allowed-origin", "--stun", "--turn",
        "--turn-secret", "--turn-ttl", "PARLEY_"}) {
    EXPECT_NE(parsed.help.find(option), std::string::npos) << option;
  }
}

TEST(ServerOptions, InvalidValuesAndUnknownFlagsAreClearErrors) {
  EXPECT_NE(parse({"--port", "70000"}).error, "");
  EXPECT_NE(parse({"--port", "eighty"}).error, "");
  EXPECT_NE(parse({"--no-such-flag"}).error, "");
  EXPECT_NE(parse({}, {{{"PARLEY_PORT", "-1"}}}).error, "");
}

TEST(ServerOptions, AccessOptionsAreReadAndRepeatable) {
  const auto parsed = parse({"--auth-secret",
                             "0123456789abcdef",
                             "--allowed-origin",
                             "https://a.example",
                             "--allowed-origin",
                             "http://127.0.0.1:8080",
                             "--stun",
                             "stun:127.0.0.1:3478",
                             "--turn",
                             "turn:127.0.0.1:3478?transport=udp",
                             "--turn",
                             "turns:t.example",
                             "--turn-secret",
                             "s3cret",
                             "--turn-ttl",
                             "600",
                             "--max-connections",
                             "5",
                             "--idle-timeout",
                             "9"});
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.options.auth_secret, "0123456789abcdef");
  EXPECT_EQ(parsed.options.allowed_origins,
            (std::vector<std::string>{"https://a.example", "http://127.0.0.1:8080"}));
  EXPECT_EQ(parsed.options.ice.stun_urls, std::vector<std::string>{"stun:127.0.0.1:3478"});
  EXPECT_EQ(parsed.options.ice.turn_urls.size(), 2u);
  EXPECT_EQ(parsed.options.ice.turn_secret, "s3cret");
  EXPECT_EQ(parsed.options.ice.turn_ttl, std::chrono::seconds(600));
  EXPECT_EQ(parsed.options.max_connections, 5u);
  EXPECT_EQ(parsed.options.idle_timeout, std::chrono::seconds(9));
}

TEST(ServerOptions, RepeatableOptionsTakeACommaListFromTheEnvironment) {
  const auto parsed = parse({}, {{{"PARLEY_STUN", "stun:a.example,stun:b.example"},
                                  {"PARLEY_AUTH_SECRET", "0123456789abcdef"}}});
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.options.ice.stun_urls,
            (std::vector<std::string>{"stun:a.example", "stun:b.example"}));
  EXPECT_EQ(parsed.options.auth_secret, "0123456789abcdef");
}

TEST(ServerOptions, ARepeatableFlagReplacesItsVariableInsteadOfMerging) {
  const auto parsed =
      parse({"--stun", "stun:flag.example"}, {{{"PARLEY_STUN", "stun:env.example"}}});
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.options.ice.stun_urls, std::vector<std::string>{"stun:flag.example"});
}

TEST(ServerOptions, NoSecretMeansOpenJoins) {
  EXPECT_FALSE(parse({}).options.auth_secret);
}

TEST(ServerOptions, InvalidAccessOptionsNameTheProblem) {
  const auto error_of = [](std::vector<const char*> args) { return parse(std::move(args)).error; };
  EXPECT_NE(error_of({"--auth-secret", "short"}).find("at least 16"), std::string::npos);
  EXPECT_NE(error_of({"--allowed-origin", "example.org"}).find("--allowed-origin"),
            std::string::npos);
  EXPECT_NE(error_of({"--stun", "stun://x"}).find("--stun"), std::string::npos);
  EXPECT_NE(error_of({"--turn", "turn:x"}).find("--turn-secret"), std::string::npos);
  EXPECT_NE(error_of({"--turn-secret", "s"}).find("--turn-secret"), std::string::npos);
  EXPECT_NE(
      error_of({"--turn", "turn:x", "--turn-secret", "s", "--turn-ttl", "0"}).find("--turn-ttl"),
      std::string::npos);
  EXPECT_NE(error_of({"--tls-cert", "c.pem"}).find("--tls-key"), std::string::npos);
  EXPECT_NE(error_of({"--max-connections", "0"}), "");
  EXPECT_NE(error_of({"--idle-timeout", "1"}), "");
  EXPECT_NE(error_of({"--batch-window-us", "-1"}).find("--batch-window-us"), std::string::npos);
  EXPECT_NE(error_of({"--batch-window-us", "100001"}), "");
}

TEST(ServerOptions, TurnWithoutJoinTokensIsAnOpenRelayAndNeedsSayingSo) {
  const auto open = parse({"--turn", "turn:t.example", "--turn-secret", "s"});
  EXPECT_NE(open.error.find("--open-turn-relay"), std::string::npos) << open.error;
  const auto intended =
      parse({"--turn", "turn:t.example", "--turn-secret", "s", "--open-turn-relay"});
  EXPECT_EQ(intended.error, "");
  EXPECT_TRUE(intended.options.open_turn_relay);
}

TEST(ServerOptions, WithoutStunTheTurnServersOwnStunServiceIsHandedOut) {
  const auto derived = parse({"--turn", "turn:t.example:3478?transport=udp", "--turn",
                              "turn:t.example:3478?transport=tcp", "--turn", "turns:t.example:5349",
                              "--turn-secret", "s", "--open-turn-relay"});
  ASSERT_EQ(derived.error, "");
  EXPECT_EQ(derived.options.ice.stun_urls, std::vector<std::string>{"stun:t.example:3478"});
  const auto chosen = parse({"--stun", "stun:s.example", "--turn", "turn:t.example",
                             "--turn-secret", "s", "--open-turn-relay"});
  EXPECT_EQ(chosen.options.ice.stun_urls, std::vector<std::string>{"stun:s.example"});
  EXPECT_TRUE(parse({}).options.ice.stun_urls.empty()) << "no third party's STUN by default";
}

TEST(ServerOptions, APublicServerWithoutStunOrTurnIsWarnedAbout) {
  EXPECT_EQ(deployment_warning(parse({}).options), "") << "loopback: one machine's calls";
  const std::string warning = deployment_warning(parse({"--host", "0.0.0.0"}).options);
  EXPECT_NE(warning.find("--turn"), std::string::npos) << warning;
  EXPECT_EQ(deployment_warning(parse({"--host", "0.0.0.0", "--stun", "stun:s.example"}).options),
            "");
}

TEST(ServerOptions, CredentialsAndTokensAreShortLivedByDefault) {
  const auto defaults = parse({});
  EXPECT_LE(defaults.options.ice.turn_ttl, std::chrono::hours(2));
  EXPECT_EQ(defaults.options.max_token_lifetime, std::chrono::hours(24));
  EXPECT_EQ(defaults.options.id_hold, std::chrono::seconds(30));
  EXPECT_NE(parse({"--turn-ttl", "7201"}).error.find("--turn-ttl"), std::string::npos);
  EXPECT_NE(parse({"--max-token-lifetime", "0"}).error.find("--max-token-lifetime"),
            std::string::npos);
}

TEST(ServerOptions, ConnectionLimitsAndDeadlinesHaveDefaultsAndVariables) {
  const auto defaults = parse({});
  EXPECT_EQ(defaults.options.max_connections_per_address, 200u);
  EXPECT_EQ(defaults.options.join_timeout, std::chrono::seconds(60));
  EXPECT_EQ(defaults.options.request_timeout, std::chrono::seconds(10));
  const auto set = parse({}, {{{"PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "3"},
                               {"PARLEY_JOIN_TIMEOUT", "4"},
                               {"PARLEY_REQUEST_TIMEOUT", "5"}}});
  EXPECT_EQ(set.options.max_connections_per_address, 3u);
  EXPECT_EQ(set.options.join_timeout, std::chrono::seconds(4));
  EXPECT_EQ(set.options.request_timeout, std::chrono::seconds(5));
  EXPECT_NE(parse({"--max-connections-per-address", "0"}).error, "");
  EXPECT_NE(parse({"--join-timeout", "0"}).error, "");
}

TEST(ServerOptions, BatchWindowIsAMillisecondByDefaultAndCanBeTurnedOff) {
  EXPECT_EQ(parse({}).options.batch_window, std::chrono::microseconds(1000));
  EXPECT_EQ(parse({"--batch-window-us", "0"}).options.batch_window, std::chrono::microseconds(0));
  EXPECT_EQ(parse({}, {{{"PARLEY_BATCH_WINDOW_US", "250"}}}).options.batch_window,
            std::chrono::microseconds(250));
}

}  // namespace
}  // namespace parley::server

namespace parley::server {
namespace {

TEST(ServerOptions, WithoutRedisRoomsStayInThisProcessUnderARandomInstanceId) {
  const auto first = parse({});
  const auto second = parse({});
  ASSERT_EQ(first.error, "");
  EXPECT_FALSE(first.options.redis);
  EXPECT_EQ(first.options.instance_id.size(), 8U);
  EXPECT_NE(first.options.instance_id, second.options.instance_id);
}

TEST(ServerOptions, RedisFromTheFlagOrTheEnvironmentWithItsPasswordApart) {
  const auto flagged = parse({"--redis", "redis://cache:6380/1", "--instance-id", "eu-1"},
                             {{{"PARLEY_REDIS_PASSWORD", "from-env"}}});
  ASSERT_EQ(flagged.error, "");
  ASSERT_TRUE(flagged.options.redis);
  EXPECT_EQ(flagged.options.redis->host, "cache");
  EXPECT_EQ(flagged.options.redis->port, 6380);
  EXPECT_EQ(flagged.options.redis->db, 1);
  EXPECT_EQ(flagged.options.redis->password, "from-env");
  EXPECT_EQ(flagged.options.instance_id, "eu-1");

  const auto from_environment =
      parse({}, {{{"PARLEY_REDIS", "redis://:in-url@cache"}, {"PARLEY_REDIS_PASSWORD", "env"}}});
  ASSERT_EQ(from_environment.error, "");
  ASSERT_TRUE(from_environment.options.redis);
  EXPECT_EQ(from_environment.options.redis->password, "in-url");  // the URL's own wins
}

TEST(ServerOptions, RefusesABadRedisUrlOrInstanceId) {
  EXPECT_NE(parse({"--redis", "cache:6379"}).error.find("redis://"), std::string::npos);
  EXPECT_NE(parse({"--instance-id", "a b"}).error.find("--instance-id"), std::string::npos);
  EXPECT_NE(parse({"--instance-id", std::string(65, 'a').c_str()}).error.find("--instance-id"),
            std::string::npos);
}

}  // namespace
}  // namespace parley::server
