#include "server/websocket_handshake.h"

#include <algorithm>

#include "server/access/crypto.h"

namespace parley::server {
namespace http = boost::beast::http;

namespace {

constexpr std::string_view kHandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// A Sec-WebSocket-Key is 16 random bytes in Base64: 22 characters and "==".
bool is_valid_client_key(std::string_view key) {
  const auto is_base64_char = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
  };
  return key.size() == 24 && key.substr(22) == "==" &&
         std::all_of(key.begin(), key.begin() + 22, is_base64_char);
}

}  // namespace

std::string websocket_accept_key(std::string_view client_key) {
  std::string text(client_key);
  text.append(kHandshakeGuid);
  return base64(sha1(text));
}

std::variant<UpgradeAccepted, UpgradeRefused> answer_upgrade(
    const http::request<http::empty_body>& request) {
  if (request[http::field::sec_websocket_version] != "13") {
    return UpgradeRefused{http::status::upgrade_required,
                          "This server speaks WebSocket version 13\n"};
  }
  const std::string_view key = request[http::field::sec_websocket_key];
  if (!is_valid_client_key(key)) {
    return UpgradeRefused{http::status::bad_request, "Missing or malformed Sec-WebSocket-Key\n"};
  }
  std::string response =
      "HTTP/1.1 101 Switching Protocols\r\n"
      "Upgrade: websocket\r\n"
      "Connection: Upgrade\r\n"
      "Server: parley-server\r\n"
      "Sec-WebSocket-Accept: ";
  response.append(websocket_accept_key(key)).append("\r\n\r\n");
  return UpgradeAccepted{std::move(response)};
}

}  // namespace parley::server
