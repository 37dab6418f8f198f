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
  for (const char* option : {"--host", "--port", "--web-root", "PARLEY_"}) {
    EXPECT_NE(parsed.help.find(option), std::string::npos) << option;
  }
}

TEST(ServerOptions, InvalidValuesAndUnknownFlagsAreClearErrors) {
  EXPECT_NE(parse({"--port", "70000"}).error, "");
  EXPECT_NE(parse({"--port", "eighty"}).error, "");
  EXPECT_NE(parse({"--no-such-flag"}).error, "");
  EXPECT_NE(parse({}, {{{"PARLEY_PORT", "-1"}}}).error, "");
}

}  // namespace
}  // namespace parley::server
