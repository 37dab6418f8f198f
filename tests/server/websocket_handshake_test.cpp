#include "server/websocket_handshake.h"

#include <gtest/gtest.h>

namespace parley::server {
namespace {
namespace http = boost::beast::http;

http::request<http::empty_body> upgrade_request(std::string_view key, std::string_view version) {
  http::request<http::empty_body> request{http::verb::get, "/", 11};
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::upgrade, "websocket");
  request.set(http::field::connection, "Upgrade");
  request.set(http::field::sec_websocket_key, key);
  request.set(http::field::sec_websocket_version, version);
  return request;
}

TEST(WebSocketHandshake, AcceptKeyMatchesTheRfcExample) {
  // RFC 6455 section 1.3.
  EXPECT_EQ(websocket_accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WebSocketHandshake, AcceptsAVersion13UpgradeWithA101) {
  const auto answer = answer_upgrade(upgrade_request("dGhlIHNhbXBsZSBub25jZQ==", "13"));
  const auto& accepted = std::get<UpgradeAccepted>(answer);
  EXPECT_EQ(accepted.response.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0), 0u);
  EXPECT_NE(accepted.response.find("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"),
            std::string::npos);
  EXPECT_EQ(accepted.response.find("Sec-WebSocket-Extensions"), std::string::npos);
  EXPECT_TRUE(accepted.response.ends_with("\r\n\r\n"));
}

TEST(WebSocketHandshake, RefusesOtherVersionsWith426) {
  const auto answer = answer_upgrade(upgrade_request("dGhlIHNhbXBsZSBub25jZQ==", "8"));
  EXPECT_EQ(std::get<UpgradeRefused>(answer).status, http::status::upgrade_required);
}

TEST(WebSocketHandshake, RefusesMissingOrMalformedKeysWith400) {
  for (const std::string_view key :
       {"", "short==", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25j*Q=="}) {
    const auto answer = answer_upgrade(upgrade_request(key, "13"));
    EXPECT_EQ(std::get<UpgradeRefused>(answer).status, http::status::bad_request) << key;
  }
}

}  // namespace
}  // namespace parley::server
