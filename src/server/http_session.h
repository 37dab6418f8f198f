// One HTTP/1.1 connection: reads requests, answers from the web root or /healthz,
// keeps the connection alive when the client asks, and closes idle ones. A WebSocket
// upgrade (on any path, as reference clients connect to "/") becomes a WebSocketSession,
// which takes over the connection's slot. Over TLS (Stream = TlsStream) the handshake
// comes first and the close is a TLS shutdown. The TLS handshake, and each request from
// its first byte to its last header (or a kept-alive connection's wait for its next
// request), must finish within --request-timeout.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <memory>
#include <optional>

#include "server/connection_slots.h"
#include "server/server_options.h"
#include "server/signaling_hub.h"
#include "server/streams.h"

namespace parley::server {

// kApp serves everything; kMetrics (--metrics-listen) only /metrics and the health checks.
enum class HttpRole { kApp, kMetrics };

struct ResponseContext;

template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Stream&& stream, std::shared_ptr<const ServerOptions> options, SignalingHub& hub,
              const ConnectionSlots& slots, ConnectionSlot slot, HttpRole role = HttpRole::kApp);
  void run();

 private:
  using std::enable_shared_from_this<HttpSession<Stream>>::shared_from_this;

  void on_handshake(boost::beast::error_code error);
  void read_request();
  void on_read(boost::beast::error_code error, std::size_t bytes);
  void upgrade();
  void refuse(const boost::beast::http::request<boost::beast::http::empty_body>& request,
              boost::beast::http::status status, std::string_view reason);
  void on_write(bool keep_alive, boost::beast::error_code error, std::size_t bytes);
  void close();
  ResponseContext context() const;

  Stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>> parser_;
  std::shared_ptr<const ServerOptions> options_;
  SignalingHub& hub_;
  const ConnectionSlots& slots_;  // for /metrics
  ConnectionSlot slot_;
  HttpRole role_;
};

}  // namespace parley::server
