// A raw TCP client for WebSocket transport tests, where Beast's client would hide the
// detail: it writes bytes as given and reads the server's bytes back, every read bounded
// in time.
//
//   RawConnection raw(port);
//   raw.write(upgrade_request() + client_frame(Opcode::kPing, "hi"));
//   raw.read_until([&](const std::string&) { return raw.has_frame(0xA); });
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::server::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
using namespace std::chrono_literals;

inline std::string upgrade_request(std::string_view version = "13",
                                   std::string_view key = "dGhlIHNhbXBsZSBub25jZQ==") {
  return "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: " +
         std::string(key) + "\r\nSec-WebSocket-Version: " + std::string(version) + "\r\n\r\n";
}

struct ServerFrame {
  std::uint8_t opcode;
  std::string payload;
};

class RawConnection {
 public:
  // `from`: the local address to connect from (any of 127.0.0.0/8 is this machine).
  explicit RawConnection(std::uint16_t port, std::string_view from = "127.0.0.1") : stream_(io_) {
    auto& socket = stream_.socket();
    socket.open(asio::ip::tcp::v4());
    socket.bind({asio::ip::make_address(from), 0});
    stream_.connect({asio::ip::make_address("127.0.0.1"), port});
  }
  void write(std::string_view bytes) { asio::write(stream_, asio::buffer(bytes)); }
  // False once the server has closed or reset the connection.
  bool try_write(std::string_view bytes) {
    beast::error_code error;
    asio::write(stream_, asio::buffer(bytes), error);
    return !error;
  }

  // Reads until `done(received)` holds, the server closes (eof() turns true) or `timeout`
  // passes.
  const std::string& read_until(const std::function<bool(const std::string&)>& done,
                                std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done(received_) && !eof_ && std::chrono::steady_clock::now() < deadline) {
      char chunk[4096];
      stream_.expires_at(deadline);
      beast::error_code error;
      std::size_t size = 0;
      stream_.async_read_some(asio::buffer(chunk), [&](beast::error_code e, std::size_t n) {
        error = e;
        size = n;
      });
      io_.restart();
      io_.run();
      received_.append(chunk, size);
      if (error) eof_ = error == asio::error::eof || error == asio::error::connection_reset;
      if (error && !eof_) break;  // timed out
    }
    return received_;
  }
  bool eof() const { return eof_; }

  // Server frames after the handshake response (server frames are never masked).
  std::vector<ServerFrame> frames() const {
    std::vector<ServerFrame> out;
    const std::size_t body = received_.find("\r\n\r\n");
    std::size_t at = body == std::string::npos ? 0 : body + 4;
    while (at + 2 <= received_.size()) {
      const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(received_[i]); };
      std::size_t length = byte(at + 1) & 0x7F;
      std::size_t header = 2;
      if (length == 126) {
        if (at + 4 > received_.size()) break;
        length = (std::size_t{byte(at + 2)} << 8) | byte(at + 3);
        header = 4;
      }
      if (at + header + length > received_.size()) break;
      out.push_back(
          {static_cast<std::uint8_t>(byte(at) & 0x0F), received_.substr(at + header, length)});
      at += header + length;
    }
    return out;
  }
  bool has_frame(std::uint8_t opcode) const {
    for (const auto& frame : frames()) {
      if (frame.opcode == opcode) return true;
    }
    return false;
  }

 private:
  asio::io_context io_;
  beast::tcp_stream stream_;
  std::string received_;
  bool eof_ = false;
};

inline std::uint16_t close_code_of(const ServerFrame& frame) {
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(frame.payload[0]) << 8) |
                                    static_cast<std::uint8_t>(frame.payload[1]));
}

constexpr std::uint8_t kCloseOpcode = 0x8;
constexpr std::uint8_t kPongOpcode = 0xA;

}  // namespace parley::server::testing
