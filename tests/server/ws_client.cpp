#include "ws_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace parley::server::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

struct WsClient::Connection {
  asio::io_context io;
  websocket::stream<beast::tcp_stream> ws{io};
};

WsClient::WsClient(std::uint16_t port, std::optional<std::string> origin)
    : connection_(std::make_unique<Connection>()) {
  auto& ws = connection_->ws;
  beast::get_lowest_layer(ws).connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  if (origin) {
    ws.set_option(
        websocket::stream_base::decorator([origin = *origin](websocket::request_type& request) {
          request.set(beast::http::field::origin, origin);
        }));
  }
  ws.handshake("127.0.0.1", "/");
  ws.text(true);
}

WsClient::~WsClient() = default;
WsClient::WsClient(WsClient&&) noexcept = default;
WsClient& WsClient::operator=(WsClient&&) noexcept = default;

void WsClient::send_text(std::string_view text) {
  beast::error_code ignored;  // the server may already have closed us: reads will tell
  connection_->ws.write(asio::buffer(text), ignored);
}

std::optional<json> WsClient::next(std::chrono::milliseconds timeout) {
  auto& [io, ws] = *connection_;
  beast::flat_buffer buffer;
  std::optional<beast::error_code> result;
  // websocket::stream does not honour tcp_stream expiry, so a timer ends the read by
  // closing the socket (a cancel can be retried inside Beast's close teardown).
  asio::steady_timer deadline(io, timeout);
  deadline.async_wait([&ws](beast::error_code error) {
    if (!error) beast::get_lowest_layer(ws).socket().close(error);
  });
  ws.async_read(buffer, [&](beast::error_code error, std::size_t) {
    result = error;
    deadline.cancel();
  });
  io.restart();
  io.run();
  if (!result || *result) return std::nullopt;
  return json::parse(beast::buffers_to_string(buffer.data()));
}

std::optional<json> WsClient::next_of_type(std::string_view type,
                                           std::chrono::milliseconds timeout) {
  while (auto frame = next(timeout)) {
    if ((*frame)["type"] == type) return frame;
  }
  return std::nullopt;
}

std::uint16_t WsClient::close_code(std::chrono::milliseconds timeout) {
  while (next(timeout)) {
  }
  return connection_->ws.reason().code;
}

void WsClient::close() {
  close_with(websocket::close_code::going_away);
}

void WsClient::close_with(std::uint16_t code) {
  beast::error_code ignored;
  connection_->ws.close(websocket::close_reason(code), ignored);
}

void WsClient::send_fragmented(std::size_t total, std::size_t chunk) {
  const std::string piece(chunk, 'x');
  beast::error_code error;
  for (std::size_t sent = 0; sent < total && !error; sent += chunk) {
    connection_->ws.write_some(sent + chunk >= total, asio::buffer(piece), error);
  }
}

unsigned upgrade_status(std::uint16_t port, const std::string& origin) {
  asio::io_context io;
  websocket::stream<beast::tcp_stream> ws(io);
  beast::get_lowest_layer(ws).connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  ws.set_option(websocket::stream_base::decorator([&origin](websocket::request_type& request) {
    request.set(beast::http::field::origin, origin);
  }));
  websocket::response_type response;
  beast::error_code error;  // a declined upgrade is an error here, and its status the answer
  // Host with the port, as browsers send it.
  ws.handshake(response, "127.0.0.1:" + std::to_string(port), "/", error);
  return response.result_int();
}

}  // namespace parley::server::testing
