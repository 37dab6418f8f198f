// Fan-out of signaling frames to the members of a room, wherever they are connected.
//
// The hub publishes "deliver this frame to peer X of room R" (or to everyone in R but Y)
// and subscribes to every delivery; each server instance hands a delivery to the members
// connected to it. InProcessRoomBus serves one process. A bus alone does not make rooms
// span instances: membership (room capacity, id-taken, held ids, resume secrets) lives in
// each hub's RoomRegistry, so a Redis deployment needs shared membership with atomic
// checks as well as a Redis bus - the hub's join and departure paths change with it
// (issue 21).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace parley::server {

struct RoomDelivery {
  std::string room;
  std::optional<std::string> to_peer;      // just this peer, or
  std::optional<std::string> except_peer;  // everyone in the room but this one
  std::shared_ptr<const std::string> frame;
};

class RoomBus {
 public:
  using Handler = std::function<void(const RoomDelivery&)>;
  virtual ~RoomBus() = default;
  virtual void publish(RoomDelivery delivery) = 0;
  virtual void subscribe(Handler handler) = 0;
};

// Delivers synchronously, on the publishing thread. Callers must not hold locks the
// handler takes.
class InProcessRoomBus final : public RoomBus {
 public:
  void publish(RoomDelivery delivery) override {
    if (handler_) handler_(delivery);
  }
  void subscribe(Handler handler) override { handler_ = std::move(handler); }

 private:
  Handler handler_;
};

}  // namespace parley::server
