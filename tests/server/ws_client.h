// A blocking WebSocket client for signaling tests, whose reads are bounded in time.
// Beast's WebSocket stream is instantiated once, in ws_client.cpp, not in every test file.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace parley::server::testing {
using nlohmann::json;
using namespace std::chrono_literals;

// A WebSocket client whose reads are bounded in time (a test never hangs).
class WsClient {
 public:
  // Connects and completes the upgrade; throws if the server declines it. `origin` is
  // sent as a browser would; a non-browser client sends none.
  explicit WsClient(std::uint16_t port, std::optional<std::string> origin = std::nullopt);
  ~WsClient();
  WsClient(WsClient&&) noexcept;
  WsClient& operator=(WsClient&&) noexcept;

  void send(const json& message) { send_text(message.dump()); }
  void send_text(std::string_view text);

  // The next frame, or nullopt if the connection ended or nothing came within `timeout`.
  std::optional<json> next(std::chrono::milliseconds timeout = 5s);

  // Skips frames until one of `type` arrives.
  std::optional<json> next_of_type(std::string_view type, std::chrono::milliseconds timeout = 5s);

  // Reads until the connection ends; returns the code of the server's close frame, or 0
  // if the connection ended without one (reset, or nothing within `timeout`).
  std::uint16_t close_code(std::chrono::milliseconds timeout = 5s);

  // The closing handshake, as a page does when it leaves (close code 1001), or with `code`.
  void close();
  void close_with(std::uint16_t code);

  // Sends `total` bytes as one text message split into frames of `chunk` bytes.
  void send_fragmented(std::size_t total, std::size_t chunk);

 private:
  struct Connection;
  std::unique_ptr<Connection> connection_;
};

// The HTTP status a WebSocket upgrade from a page at `origin` gets (101 when accepted).
unsigned upgrade_status(std::uint16_t port, const std::string& origin);

}  // namespace parley::server::testing
