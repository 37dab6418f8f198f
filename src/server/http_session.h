// One HTTP/1.1 connection: reads requests, answers from the web root or /healthz,
// keeps the connection alive when the client asks, and closes idle ones. A WebSocket
// upgrade (on any path, as reference clients connect to "/") becomes a WebSocketSession.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <memory>
#include <optional>

#include "server/server_options.h"
#include "server/signaling_hub.h"

namespace parley::server {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<const ServerOptions> options,
              SignalingHub& hub);
  void run();

 private:
  void read_request();
  void on_read(boost::beast::error_code error, std::size_t bytes);
  void on_write(bool keep_alive, boost::beast::error_code error, std::size_t bytes);
  void close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>> parser_;
  std::shared_ptr<const ServerOptions> options_;
  SignalingHub& hub_;
};

}  // namespace parley::server
