#include "server/access/allowed_origins.h"

#include <gtest/gtest.h>

namespace parley::server {
namespace {

const std::vector<std::string> kAllowed = {"https://app.example.org", "http://127.0.0.1:8080"};

TEST(AllowedOrigins, NoListAllowsOnlyTheServersOwnPages) {
  EXPECT_TRUE(is_origin_allowed({}, "http://127.0.0.1:8080", "127.0.0.1:8080"));
  EXPECT_TRUE(is_origin_allowed({}, "https://Calls.Example.org", "calls.example.org:443"));
  EXPECT_TRUE(is_origin_allowed({}, "http://calls.example.org:80", "calls.example.org"));
  EXPECT_FALSE(is_origin_allowed({}, "https://anywhere.example", "calls.example.org"));
  EXPECT_FALSE(is_origin_allowed({}, "http://127.0.0.1:8081", "127.0.0.1:8080"));
  EXPECT_FALSE(
      is_origin_allowed({}, "https://calls.example.org.evil.example", "calls.example.org"));
  EXPECT_FALSE(is_origin_allowed({}, "null", "calls.example.org"));
  EXPECT_FALSE(is_origin_allowed({}, "https://calls.example.org", std::nullopt));
}

TEST(AllowedOrigins, AStarAllowsEveryOrigin) {
  EXPECT_TRUE(is_origin_allowed({"*"}, "https://anywhere.example", "calls.example.org"));
}

TEST(AllowedOrigins, ListedOriginsPassIgnoringCase) {
  EXPECT_TRUE(is_origin_allowed(kAllowed, "https://app.example.org"));
  EXPECT_TRUE(is_origin_allowed(kAllowed, "HTTPS://App.Example.org"));
  EXPECT_TRUE(is_origin_allowed(kAllowed, "http://127.0.0.1:8080"));
}

TEST(AllowedOrigins, OtherOriginsAndLookalikesAreRefused) {
  EXPECT_FALSE(is_origin_allowed(kAllowed, "https://evil.example"));
  EXPECT_FALSE(is_origin_allowed(kAllowed, "https://app.example.org.evil.example"));
  EXPECT_FALSE(is_origin_allowed(kAllowed, "http://app.example.org"));  // scheme matters
  EXPECT_FALSE(is_origin_allowed(kAllowed, "http://127.0.0.1:8081"));   // port matters
  EXPECT_FALSE(is_origin_allowed(kAllowed, "null"));                    // sandboxed or file page
}

TEST(AllowedOrigins, NonBrowserClientsWithoutOriginPass) {
  EXPECT_TRUE(is_origin_allowed(kAllowed, std::nullopt));
}

TEST(AllowedOrigins, ValidOriginsHaveSchemeAndHostOnly) {
  EXPECT_TRUE(is_valid_origin("https://app.example.org"));
  EXPECT_TRUE(is_valid_origin("http://[::1]:8080"));
  EXPECT_FALSE(is_valid_origin("app.example.org"));
  EXPECT_FALSE(is_valid_origin("https://app.example.org/"));
  EXPECT_FALSE(is_valid_origin("https://"));
  EXPECT_FALSE(is_valid_origin("ftp://host"));
}

}  // namespace
}  // namespace parley::server
