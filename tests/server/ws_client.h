// A blocking WebSocket client for signaling tests, whose reads are bounded in time.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace parley::server::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;
using namespace std::chrono_literals;

// A WebSocket client whose reads are bounded in time (a test never hangs).
class WsClient {
 public:
  // Connects and completes the upgrade; throws if the server declines it. `origin` is
  // sent as a browser would; a non-browser client sends none.
  explicit WsClient(std::uint16_t port, std::optional<std::string> origin = std::nullopt)
      : ws_(io_) {
    beast::get_lowest_layer(ws_).connect(
        asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    if (origin) {
      ws_.set_option(
          websocket::stream_base::decorator([origin = *origin](websocket::request_type& request) {
            request.set(beast::http::field::origin, origin);
          }));
    }
    ws_.handshake("127.0.0.1", "/");
    ws_.text(true);
  }

  void send(const json& message) { send_text(message.dump()); }
  void send_text(std::string_view text) {
    beast::error_code ignored;  // the server may already have closed us: reads will tell
    ws_.write(asio::buffer(text), ignored);
  }

  // The next frame, or nullopt if the connection ended or nothing came within `timeout`.
  std::optional<json> next(std::chrono::milliseconds timeout = 5s) {
    beast::flat_buffer buffer;
    std::optional<beast::error_code> result;
    // websocket::stream does not honour tcp_stream expiry, so a timer ends the read by
    // closing the socket (a cancel can be retried inside Beast's close teardown).
    asio::steady_timer deadline(io_, timeout);
    deadline.async_wait([this](beast::error_code error) {
      if (!error) beast::get_lowest_layer(ws_).socket().close(error);
    });
    ws_.async_read(buffer, [&](beast::error_code error, std::size_t) {
      result = error;
      deadline.cancel();
    });
    io_.restart();
    io_.run();
    if (!result || *result) {
      last_error_ = result.value_or(beast::error_code{});
      return std::nullopt;
    }
    return json::parse(beast::buffers_to_string(buffer.data()));
  }

  // Skips frames until one of `type` arrives.
  std::optional<json> next_of_type(std::string_view type, std::chrono::milliseconds timeout = 5s) {
    while (auto frame = next(timeout)) {
      if ((*frame)["type"] == type) return frame;
    }
    return std::nullopt;
  }

  // Reads until the connection ends; returns the code of the server's close frame, or 0
  // if the connection ended without one (reset, or nothing within `timeout`).
  std::uint16_t close_code(std::chrono::milliseconds timeout = 5s) {
    while (next(timeout)) {
    }
    return ws_.reason().code;
  }

  // The closing handshake, as a page does when it leaves (close code 1001).
  void close() {
    beast::error_code ignored;
    ws_.close(websocket::close_code::going_away, ignored);
  }

  // Sends `total` bytes as one text message split into frames of `chunk` bytes.
  void send_fragmented(std::size_t total, std::size_t chunk) {
    const std::string piece(chunk, 'x');
    beast::error_code error;
    for (std::size_t sent = 0; sent < total && !error; sent += chunk) {
      ws_.write_some(sent + chunk >= total, asio::buffer(piece), error);
    }
  }

 private:
  asio::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::error_code last_error_;
};

// The HTTP status a WebSocket upgrade from a page at `origin` gets (101 when accepted).
inline unsigned upgrade_status(std::uint16_t port, const std::string& origin) {
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
