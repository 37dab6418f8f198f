// What the hub needs from one client connection: queue a frame, or close. Implemented
// by WebSocketSession over Beast, and by fakes in tests.
#pragma once

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
  // Both are thread-safe and never block; they only queue work for the connection.
  virtual void send(std::shared_ptr<const std::string> frame) = 0;
  virtual void close(CloseReason reason) = 0;
};

}  // namespace parley::server
