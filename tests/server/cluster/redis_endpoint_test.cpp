#include "server/cluster/redis_endpoint.h"

#include <gtest/gtest.h>

namespace parley::server {
namespace {

RedisEndpoint parsed(std::string_view url) {
  auto result = parse_redis_url(url);
  if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << url << ": " << *error;
  return std::get_if<RedisEndpoint>(&result) ? std::get<RedisEndpoint>(result) : RedisEndpoint{};
}

std::string refusal(std::string_view url) {
  auto result = parse_redis_url(url);
  if (std::holds_alternative<RedisEndpoint>(result)) {
    ADD_FAILURE() << url << " was accepted";
    return {};
  }
  return std::get<std::string>(result);
}

TEST(RedisUrl, HostAloneTakesTheDefaultPortAndDatabase) {
  const auto endpoint = parsed("redis://cache.internal");
  EXPECT_EQ(endpoint.host, "cache.internal");
  EXPECT_EQ(endpoint.port, 6379);
  EXPECT_EQ(endpoint.db, 0);
  EXPECT_FALSE(endpoint.password.has_value());
  EXPECT_EQ(endpoint.user, "");
}

TEST(RedisUrl, UserPasswordPortAndDatabase) {
  const auto endpoint = parsed("redis://parley:s3cr%40t@10.0.0.5:6380/2");
  EXPECT_EQ(endpoint.host, "10.0.0.5");
  EXPECT_EQ(endpoint.port, 6380);
  EXPECT_EQ(endpoint.db, 2);
  EXPECT_EQ(endpoint.user, "parley");
  EXPECT_EQ(endpoint.password, "s3cr@t");
}

TEST(RedisUrl, PasswordWithoutUserLogsInAsTheDefaultUser) {
  EXPECT_EQ(parsed("redis://:pw@h").password, "pw");
  EXPECT_EQ(parsed("redis://:pw@h").user, "");
  EXPECT_EQ(parsed("redis://pw@h").password, "pw");  // as redis-cli -u reads it
  EXPECT_EQ(parsed("redis://pw@h").user, "");
}

TEST(RedisUrl, APlainAtSignInThePasswordIsKept) {
  EXPECT_EQ(parsed("redis://u:a@b@host").password, "a@b");
  EXPECT_EQ(parsed("redis://u:a@b@host").host, "host");
}

TEST(RedisUrl, IPv6Literal) {
  const auto endpoint = parsed("redis://[::1]:7000");
  EXPECT_EQ(endpoint.host, "::1");
  EXPECT_EQ(endpoint.port, 7000);
  EXPECT_EQ(endpoint.describe(), "[::1]:7000/0");
}

TEST(RedisUrl, DescriptionNeverShowsThePassword) {
  const auto description = parsed("redis://u:topsecret@h:1/3").describe();
  EXPECT_EQ(description, "h:1/3");
  EXPECT_EQ(description.find("topsecret"), std::string::npos);
}

TEST(RedisUrl, RefusesWhatIsNotARedisUrl) {
  EXPECT_NE(refusal("http://h:6379").find("redis://"), std::string::npos);
  EXPECT_NE(refusal("h:6379").find("redis://"), std::string::npos);
  EXPECT_NE(refusal("rediss://h").find("redis://"), std::string::npos);  // TLS is not built in
  EXPECT_NE(refusal("redis://").find("host"), std::string::npos);
  EXPECT_NE(refusal("redis://h:").find("port"), std::string::npos);
  EXPECT_NE(refusal("redis://h:0").find("port"), std::string::npos);
  EXPECT_NE(refusal("redis://h:65536").find("port"), std::string::npos);
  EXPECT_NE(refusal("redis://h:12ab").find("port"), std::string::npos);
  EXPECT_NE(refusal("redis://h/x").find("database"), std::string::npos);
  EXPECT_NE(refusal("redis://h/-1").find("database"), std::string::npos);
  EXPECT_NE(refusal("redis://h?x=1").find("host"), std::string::npos);
  EXPECT_NE(refusal("redis://[::1").find("["), std::string::npos);
  EXPECT_NE(refusal("redis://:%zz@h").find("%"), std::string::npos);
  EXPECT_NE(refusal("redis://bad host").find("host"), std::string::npos);
}

}  // namespace
}  // namespace parley::server
