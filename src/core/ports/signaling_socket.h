// A WebSocket to the signaling server, as the browser's WebSocket offers it.
//
//   auto socket = factory(url, {.on_open = ..., .on_message = ..., .on_close = ...});
//   if (!socket->send(text)) ...   // not open: the text was not taken
//
// A socket is used once: after on_close (which also follows a failed connect, as the
// browser's error + close(1006) do) a new one is made. No handler runs after close().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace parley::ports {

class SignalingSocket {
 public:
  struct Handlers {
    std::function<void()> on_open;
    std::function<void(std::string text)> on_message;
    std::function<void(std::uint16_t code, std::string reason)> on_close;
  };

  virtual ~SignalingSocket() = default;
  // Returns false, taking nothing, unless the socket is open.
  virtual bool send(std::string_view text) = 0;
  virtual void close() = 0;
  // Closes a connection taken for dead, saying the client will resume on a new one
  // (protocol::kResumingCloseCode), so a server that still gets the frame keeps the seat.
  virtual void close_to_resume() = 0;
};

using SignalingSocketFactory = std::function<std::unique_ptr<SignalingSocket>(
    const std::string& url, SignalingSocket::Handlers)>;

}  // namespace parley::ports
