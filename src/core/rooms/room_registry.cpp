#include "core/rooms/room_registry.h"

#include <algorithm>

namespace parley::rooms {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {
// A generator that keeps colliding is broken; give up rather than loop forever.
constexpr int kPeerIdAttempts = 8;
}  // namespace

const Member* RoomRegistry::Room::find(std::string_view peer_id) const {
  const auto it = std::find_if(members.begin(), members.end(), [&](const Member& member) {
    return member.peer.peer_id == peer_id;
  });
  return it == members.end() ? nullptr : &*it;
}

RoomRegistry::RoomRegistry(RoomLimits limits, std::function<std::string()> new_peer_id)
    : limits_(limits), new_peer_id_(std::move(new_peer_id)) {}

std::optional<std::string> RoomRegistry::free_peer_id(const Room& room) {
  for (int attempt = 0; attempt < kPeerIdAttempts; ++attempt) {
    std::string id = new_peer_id_();
    if (room.find(id) == nullptr) return id;
  }
  return std::nullopt;
}

std::variant<JoinOutcome, ProtocolError> RoomRegistry::join(ConnectionId connection,
                                                            const protocol::JoinRequest& request) {
  if (const auto existing = memberships_.find(connection); existing != memberships_.end()) {
    return ProtocolError{ErrorCode::kAlreadyJoined,
                         "already joined room \"" + existing->second.room + "\"; leave first"};
  }
  Room& room = rooms_[request.room];  // created on first join, erased when empty
  const auto drop_if_empty = [&] {
    if (room.members.empty()) rooms_.erase(request.room);
  };
  if (room.members.size() >= limits_.room_capacity) {
    return ProtocolError{ErrorCode::kRoomFull,
                         "room is full (" + std::to_string(limits_.room_capacity) + " peers)"};
  }
  std::string peer_id;
  if (request.peer_id) {
    if (room.find(*request.peer_id) != nullptr) {
      drop_if_empty();
      return ProtocolError{ErrorCode::kIdTaken, "peerId \"" + *request.peer_id +
                                                    "\" is already in this room; pick another"};
    }
    peer_id = *request.peer_id;
  } else if (auto generated = free_peer_id(room)) {
    peer_id = std::move(*generated);
  } else {
    drop_if_empty();
    return ProtocolError{ErrorCode::kIdTaken, "could not assign a free peerId"};
  }

  JoinOutcome outcome{request.room, {peer_id, request.name}, room.members};
  room.members.push_back({{peer_id, request.name}, connection});
  memberships_[connection] = {request.room, peer_id};
  return outcome;
}

std::optional<Departure> RoomRegistry::leave(ConnectionId connection) {
  const auto membership = memberships_.find(connection);
  if (membership == memberships_.end()) return std::nullopt;
  Departure departure{membership->second.room, membership->second.peer_id, {}};
  memberships_.erase(membership);

  const auto room = rooms_.find(departure.room);
  if (room == rooms_.end()) return departure;
  auto& members = room->second.members;
  std::erase_if(members, [&](const Member& member) { return member.connection == connection; });
  for (const auto& member : members) departure.remaining.push_back(member.connection);
  if (members.empty()) rooms_.erase(room);
  return departure;
}

std::optional<ConnectionId> RoomRegistry::find_in_same_room(ConnectionId sender,
                                                            std::string_view peer_id) const {
  const auto membership = memberships_.find(sender);
  if (membership == memberships_.end()) return std::nullopt;
  return find(membership->second.room, peer_id);
}

std::vector<Member> RoomRegistry::members_of(std::string_view room) const {
  const auto it = rooms_.find(room);
  return it == rooms_.end() ? std::vector<Member>{} : it->second.members;
}

std::optional<ConnectionId> RoomRegistry::find(std::string_view room,
                                               std::string_view peer_id) const {
  const auto it = rooms_.find(room);
  if (it == rooms_.end()) return std::nullopt;
  const Member* member = it->second.find(peer_id);
  return member ? std::optional(member->connection) : std::nullopt;
}

std::optional<Membership> RoomRegistry::membership_of(ConnectionId connection) const {
  const auto it = memberships_.find(connection);
  return it == memberships_.end() ? std::nullopt : std::optional(it->second);
}

}  // namespace parley::rooms
