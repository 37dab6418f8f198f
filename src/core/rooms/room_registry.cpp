#include "core/rooms/room_registry.h"

#include <algorithm>

namespace parley::rooms {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {
// A generator that keeps colliding is broken; give up rather than loop forever.
constexpr int kPeerIdAttempts = 8;

// Compares in time that does not depend on where the texts differ, so a secret cannot
// be guessed a character at a time from how fast refusals come back.
bool same_secret(std::string_view expected, std::string_view presented) {
  if (expected.empty() || expected.size() != presented.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    difference |= static_cast<unsigned char>(expected[i] ^ presented[i]);
  }
  return difference == 0;
}

ProtocolError id_taken(const std::string& peer_id) {
  return {ErrorCode::kIdTaken, "peerId \"" + peer_id + "\" is already in this room; pick another"};
}

}  // namespace

RoomRegistry::Seat* RoomRegistry::Room::find(std::string_view peer_id) {
  const auto it = std::find_if(seats.begin(), seats.end(), [&](const Seat& seat) {
    return seat.member.peer.peer_id == peer_id;
  });
  return it == seats.end() ? nullptr : &*it;
}

const RoomRegistry::Seat* RoomRegistry::Room::find(std::string_view peer_id) const {
  return const_cast<Room*>(this)->find(peer_id);
}

RoomRegistry::RoomRegistry(RoomLimits limits, std::function<std::string()> new_peer_id,
                           std::function<std::string()> new_resume_secret)
    : limits_(limits),
      new_peer_id_(std::move(new_peer_id)),
      new_resume_secret_(std::move(new_resume_secret)) {
  // 15 characters fit in std::string's own storage: no allocation for each member. Of the
  // server's random ids (16 base32 characters) that keeps 75 random bits.
  static constexpr std::size_t kInlineSecretLength = 15;
  if (!new_resume_secret_) {
    new_resume_secret_ = [this] {
      std::string secret = new_peer_id_() + new_peer_id_();
      secret.resize(std::min(secret.size(), kInlineSecretLength));
      return secret;
    };
  }
}

std::optional<std::string> RoomRegistry::free_peer_id(const Room& room) {
  for (int attempt = 0; attempt < kPeerIdAttempts; ++attempt) {
    std::string id = new_peer_id_();
    if (room.find(id) == nullptr) return id;  // away members keep their seats, and ids
  }
  return std::nullopt;
}

void RoomRegistry::expire_holds(Clock::time_point now) {
  while (!hold_order_.empty() && hold_order_.front().first <= now) {
    const auto [until, key] = std::move(hold_order_.front());
    hold_order_.pop_front();
    // The member may have come back (or come back and been lost again: a newer hold);
    // only the hold this entry stands for ends.
    const auto room = rooms_.find(key.first);
    if (room == rooms_.end()) continue;
    const Seat* seat = room->second.find(key.second);
    if (seat && seat->away_until == until) end_hold(key.first, room->second, *seat);
  }
}

void RoomRegistry::end_hold(const std::string& room_id, Room& room, const Seat& seat) {
  Departure departure{room_id, seat.member.peer.peer_id, {}};
  --held_count_;
  room.seats.erase(room.seats.begin() + (&seat - room.seats.data()));
  for (const auto& other : room.seats) {
    if (other.member.connection != kAway) departure.remaining.push_back(other.member.connection);
  }
  if (room.seats.empty()) rooms_.erase(room_id);
  unannounced_.push_back(std::move(departure));
}

std::vector<Departure> RoomRegistry::take_departures() {
  return std::exchange(unannounced_, {});
}

JoinOutcome RoomRegistry::outcome_for(const std::string& room_id, const Room& room,
                                      const Seat& seat) const {
  JoinOutcome outcome{room_id, seat.member.peer, {}, seat.resume_secret, std::nullopt};
  for (const auto& other : room.seats) {
    if (&other != &seat) outcome.others.push_back(other.member);
  }
  return outcome;
}

std::variant<JoinOutcome, ProtocolError> RoomRegistry::join(
    ConnectionId connection, const protocol::JoinRequest& request, Clock::time_point now,
    bool id_proven_by_token, const std::optional<std::string>& issued_secret) {
  const auto next_secret = [&] { return issued_secret ? *issued_secret : new_resume_secret_(); };
  expire_holds(now);
  if (const auto existing = memberships_.find(connection); existing != memberships_.end()) {
    return ProtocolError{ErrorCode::kAlreadyJoined,
                         "already joined room \"" + existing->second.room + "\"; leave first"};
  }
  if (request.resume && !request.resume_secret) {
    return ProtocolError{ErrorCode::kUnauthorized,
                         "a resume must present the resumeSecret of your last welcome"};
  }
  const auto presents = [&](std::string_view secret) {
    return request.resume && same_secret(secret, *request.resume_secret);
  };
  Room& room = rooms_[request.room];  // created on first join, erased when empty
  const auto drop_if_empty = [&] {
    if (room.seats.empty()) rooms_.erase(request.room);
  };

  if (request.peer_id) {
    if (Seat* seat = room.find(*request.peer_id)) {
      if (presents(seat->resume_secret)) {
        // Its owner is back: on a new connection while the old one still looks alive
        // (replaced), or after the old one was lost (away).
        std::optional<ConnectionId> replaced;
        if (seat->away_until) {
          seat->away_until.reset();
          --held_count_;
        } else {
          replaced = seat->member.connection;
          memberships_.erase(*replaced);
        }
        seat->member.connection = connection;
        seat->member.peer.name = request.name;
        seat->resume_secret = next_secret();
        memberships_[connection] = {request.room, *request.peer_id};
        JoinOutcome outcome = outcome_for(request.room, room, *seat);
        outcome.replaced = replaced;
        outcome.resumed = true;
        return outcome;
      }
      if (!seat->away_until) return id_taken(*request.peer_id);
      if (!id_proven_by_token) {
        return ProtocolError{ErrorCode::kIdTaken,
                             "peerId \"" + *request.peer_id +
                                 "\" was in this room moments ago and is kept for its owner "
                                 "for a while; pick another"};
      }
      // A token bound to this id proves its holder: the away member (an earlier
      // instance of that holder) departs, and a new one takes the id.
      end_hold(request.room, room, *seat);
      return join(connection, request, now, id_proven_by_token, issued_secret);
    }
  }

  if (room.seats.size() >= limits_.room_capacity) {
    drop_if_empty();
    return ProtocolError{ErrorCode::kRoomFull,
                         "room is full (" + std::to_string(limits_.room_capacity) + " peers)"};
  }
  std::string peer_id;
  if (request.peer_id) {
    peer_id = *request.peer_id;
  } else if (auto generated = free_peer_id(room)) {
    peer_id = std::move(*generated);
  } else {
    drop_if_empty();
    return ProtocolError{ErrorCode::kIdTaken, "could not assign a free peerId"};
  }

  room.seats.push_back({{{peer_id, request.name}, connection}, next_secret(), std::nullopt});
  memberships_[connection] = {request.room, peer_id};
  return outcome_for(request.room, room, room.seats.back());
}

bool RoomRegistry::has_seat(std::string_view room_id, std::string_view peer_id) const {
  const auto room = rooms_.find(room_id);
  return room != rooms_.end() && room->second.find(peer_id) != nullptr;
}

std::optional<ConnectionId> RoomRegistry::forget(std::string_view room_id,
                                                 std::string_view peer_id) {
  const auto room = rooms_.find(room_id);
  if (room == rooms_.end()) return std::nullopt;
  Seat* seat = room->second.find(peer_id);
  if (seat == nullptr) return std::nullopt;
  std::optional<ConnectionId> present;
  if (seat->away_until) {
    --held_count_;  // its entry in hold_order_ finds no seat and is skipped
  } else {
    present = seat->member.connection;
    memberships_.erase(*present);
  }
  auto& seats = room->second.seats;
  seats.erase(seats.begin() + (seat - seats.data()));
  if (seats.empty()) rooms_.erase(room);
  return present;
}

std::optional<Departure> RoomRegistry::leave(ConnectionId connection, Clock::time_point now,
                                             HoldId hold) {
  expire_holds(now);
  const auto membership = memberships_.find(connection);
  if (membership == memberships_.end()) return std::nullopt;
  Departure departure{membership->second.room, membership->second.peer_id, {}};
  memberships_.erase(membership);

  const auto room = rooms_.find(departure.room);
  if (room == rooms_.end()) return departure;
  auto& seats = room->second.seats;
  const auto seat = std::find_if(seats.begin(), seats.end(), [&](const Seat& candidate) {
    return candidate.member.connection == connection;
  });
  if (seat != seats.end()) {
    if (hold == HoldId::kYes && limits_.id_hold.count() > 0 && held_count_ < limits_.max_held_ids) {
      const Clock::time_point until = now + limits_.id_hold;
      seat->member.connection = kAway;
      seat->away_until = until;
      ++held_count_;
      hold_order_.emplace_back(until, RoomAndPeer{departure.room, departure.peer_id});
      departure.held = true;
    } else {
      seats.erase(seat);
    }
  }
  for (const auto& other : seats) {
    if (other.member.connection != kAway) departure.remaining.push_back(other.member.connection);
  }
  if (seats.empty()) rooms_.erase(room);
  return departure;
}

std::variant<Route, ProtocolError> RoomRegistry::route(ConnectionId sender,
                                                       const protocol::RelayRequest& relay) const {
  const auto membership = memberships_.find(sender);
  if (membership == memberships_.end())
    return ProtocolError{ErrorCode::kNotJoined, "join a room before sending " + relay.type};
  const Membership& from = membership->second;
  if (relay.target == from.peer_id)
    return ProtocolError{ErrorCode::kUnknownTarget,
                         "you cannot send " + relay.type + " to yourself"};
  const auto room = rooms_.find(from.room);
  const Seat* target = room == rooms_.end() ? nullptr : room->second.find(relay.target);
  if (!target)
    return ProtocolError{ErrorCode::kUnknownTarget,
                         "no peer \"" + relay.target + "\" in your room"};
  if (target->member.connection == kAway)
    return ProtocolError{ErrorCode::kUnknownTarget, "peer \"" + relay.target +
                                                        "\" lost its connection and is away; its " +
                                                        relay.type + " was not delivered"};
  return Route{from, target->member.connection};
}

std::vector<Member> RoomRegistry::members_of(std::string_view room) const {
  std::vector<Member> members;
  const auto it = rooms_.find(room);
  if (it == rooms_.end()) return members;
  members.reserve(it->second.seats.size());
  for (const auto& seat : it->second.seats) {
    if (seat.member.connection != kAway) members.push_back(seat.member);
  }
  return members;
}

std::optional<ConnectionId> RoomRegistry::find(std::string_view room,
                                               std::string_view peer_id) const {
  const auto it = rooms_.find(room);
  if (it == rooms_.end()) return std::nullopt;
  const Seat* seat = it->second.find(peer_id);
  return seat && seat->member.connection != kAway ? std::optional(seat->member.connection)
                                                  : std::nullopt;
}

std::optional<Membership> RoomRegistry::membership_of(ConnectionId connection) const {
  const auto it = memberships_.find(connection);
  return it == memberships_.end() ? std::nullopt : std::optional(it->second);
}

}  // namespace parley::rooms
