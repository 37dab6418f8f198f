// Who is in which room. Pure bookkeeping: connections are plain ids, and the caller
// (the server's signaling hub) does all I/O and locking.
//
//   RoomRegistry rooms({.room_capacity = 16}, random_peer_id);
//   auto joined = rooms.join(connection, join_request);   // JoinOutcome or ProtocolError
//   auto target = rooms.find_in_same_room(sender, "bob"); // relay routing
//   auto departed = rooms.leave(connection);              // tell departed->remaining
//
// Room ids are never listed: there is no call that enumerates rooms.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/protocol/client_message.h"
#include "core/protocol/error_code.h"
#include "core/protocol/server_message.h"

namespace parley::rooms {

using ConnectionId = std::uint64_t;

struct RoomLimits {
  std::size_t room_capacity = 16;
};

struct Member {
  protocol::PeerInfo peer;
  ConnectionId connection = 0;
};

struct JoinOutcome {
  std::string room;
  protocol::PeerInfo self;
  std::vector<Member> others;  // in join order
};

struct Departure {
  std::string room;
  std::string peer_id;
  std::vector<ConnectionId> remaining;  // who must hear peer-left
};

struct Membership {
  std::string room;
  std::string peer_id;
};

class RoomRegistry {
 public:
  // `new_peer_id` makes an id for joins that bring none (random, from the platform).
  RoomRegistry(RoomLimits limits, std::function<std::string()> new_peer_id);

  std::variant<JoinOutcome, protocol::ProtocolError> join(ConnectionId connection,
                                                          const protocol::JoinRequest& request);
  std::optional<Departure> leave(ConnectionId connection);

  // The connection of `peer_id` if it is in the same room as `sender`.
  std::optional<ConnectionId> find_in_same_room(ConnectionId sender,
                                                std::string_view peer_id) const;
  std::optional<Membership> membership_of(ConnectionId connection) const;

  // For delivering a frame addressed to a room: its members, or one of them.
  std::vector<Member> members_of(std::string_view room) const;
  std::optional<ConnectionId> find(std::string_view room, std::string_view peer_id) const;

  std::size_t room_count() const { return rooms_.size(); }
  std::size_t member_count() const { return memberships_.size(); }

 private:
  struct Room {
    std::vector<Member> members;  // join order; rooms hold at most a few dozen
    const Member* find(std::string_view peer_id) const;
  };

  std::optional<std::string> free_peer_id(const Room& room);

  RoomLimits limits_;
  std::function<std::string()> new_peer_id_;
  std::map<std::string, Room, std::less<>> rooms_;
  std::unordered_map<ConnectionId, Membership> memberships_;
};

}  // namespace parley::rooms
