// The server's half of the WebSocket opening handshake (RFC 6455 section 4.2), decided
// without sockets so it can be tested on its own.
//
//   auto answer = answer_upgrade(request);          // request: Beast already saw is_upgrade()
//   if (auto* accepted = std::get_if<UpgradeAccepted>(&answer)) write(accepted->response);
//   else refuse(std::get<UpgradeRefused>(answer));  // 400, or 426 naming version 13
//
// No extension (permessage-deflate) and no subprotocol is ever agreed: signaling frames
// are small JSON, and the frame reader refuses the reserved bits an extension would use.
#pragma once

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace parley::server {

struct UpgradeAccepted {
  std::string response;  // the whole "HTTP/1.1 101 Switching Protocols" response, headers and all
};

struct UpgradeRefused {
  boost::beast::http::status status;
  std::string reason;
};

std::variant<UpgradeAccepted, UpgradeRefused> answer_upgrade(
    const boost::beast::http::request<boost::beast::http::empty_body>& request);

// base64(SHA-1(key + the RFC's GUID)): proves to the client that this server speaks WebSocket.
std::string websocket_accept_key(std::string_view client_key);

}  // namespace parley::server
