// Fan-out of signaling frames to the members of a room, wherever they are connected.
//
// The hub publishes "deliver this frame to peer X of room R" (or to everyone in R but Y)
// and subscribes to every delivery; each server instance hands a delivery to the members
// connected to it. InProcessRoomBus serves one process; RedisRooms (server/cluster) carries
// deliveries between instances over Redis pub/sub, and keeps the shared membership that a
// peer-joined or peer-left (`change`) announces.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace parley::server {

// What a delivery announces about its room's membership, for a bus that shares it.
enum class MembershipChange {
  kNone,
  kJoined,  // peer-joined: `except_peer` joined
  kLeft,    // peer-left: `except_peer` left
};

struct RoomDelivery {
  std::string room;
  std::optional<std::string> to_peer;      // just this peer, or
  std::optional<std::string> except_peer;  // everyone in the room but this one
  std::shared_ptr<const std::string> frame;
  MembershipChange change = MembershipChange::kNone;
  // A relay's sender: if `to_peer` cannot be reached where it is held (away, or gone
  // meanwhile), that instance tells the sender unknown-target, as one instance would.
  std::optional<std::string> from_peer{};
};

class RoomBus {
 public:
  // Returns whether a delivery to one peer reached its connection (true for the room).
  using Handler = std::function<bool(const RoomDelivery&)>;
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
