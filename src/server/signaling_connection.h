// What the hub needs from one client connection: send a frame, close, check liveness.
// Implemented by WebSocketSession, and by fakes in tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace parley::server {

struct CloseReason {
  std::uint16_t code;  // RFC 6455 close code: 1001 going away, 1008 policy violation, ...
  std::string text;
};

class SignalingConnection {
 public:
  virtual ~SignalingConnection() = default;
  // None of these block. They are called on the server's one I/O thread.
  virtual void send(std::shared_ptr<const std::string> frame) = 0;
  virtual void close(CloseReason reason) = 0;
  // Called about once a second: ping a quiet peer, drop a dead one, bound a close.
  virtual void keep_alive(std::chrono::steady_clock::time_point now) = 0;
  // True while it has so much queued that relays to it are refused (peer-busy).
  virtual bool congested() const { return false; }
};

}  // namespace parley::server
