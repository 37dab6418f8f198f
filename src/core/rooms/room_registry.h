// Who is in which room. Pure bookkeeping: connections are plain ids, and the caller
// (the server's signaling hub) does all I/O and locking.
//
//   RoomRegistry rooms({.room_capacity = 16}, random_peer_id);
//   auto joined = rooms.join(connection, join_request, now);  // JoinOutcome or ProtocolError
//   auto route = rooms.route(sender, relay);             // Route or ProtocolError
//   auto departed = rooms.leave(connection, now, HoldId::kYes);  // tell departed->remaining
//   rooms.expire_holds(now);                 // about once a second
//   for (auto& gone : rooms.take_departures()) ...     // peer-left for each
//
// Peer ids belong to whoever holds them:
// - Every join gets a fresh resume secret (sent in its welcome). A join with
//   "resume": true must present the secret of the id's last connection; with it, it may
//   take over the id from a connection the server still thinks alive (the client's old
//   socket, dead but not yet timed out), which is then replaced without a peer-left.
// - A member whose connection was lost (not an explicit leave) keeps its seat, away, for
//   RoomLimits::id_hold: the room is told nothing yet, newcomers see it listed, relays to
//   it are refused (unknown-target), and another client asking for its id gets id-taken.
//   Its resume (with the secret) takes the seat back without a word to the room - its
//   peers' connections to it never ended. A hold that runs out becomes a departure
//   (peer-left) then. A join whose token binds that peer id proves itself and may claim
//   the seat: the away member departs first.
// - A resume for an id nobody holds (say, after a server restart) cannot be checked and
//   is let in as a join of a free id.
//
// Room ids are never listed: there is no call that enumerates rooms.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
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
using Clock = std::chrono::steady_clock;

struct RoomLimits {
  std::size_t room_capacity = 16;
  std::chrono::seconds id_hold{30};  // a lost connection's seat is kept for its owner; 0: not
  // Held ids at most: past it a lost connection's id is not held (memory stays bounded
  // however fast connections come and go).
  std::size_t max_held_ids = 100'000;
};

// The connection of a member who is away (its seat held for a resume).
inline constexpr ConnectionId kAway = 0;

struct Member {
  protocol::PeerInfo peer;
  ConnectionId connection = kAway;
};

struct JoinOutcome {
  std::string room;
  protocol::PeerInfo self;
  std::vector<Member> others;  // in join order
  std::string resume_secret;   // what this connection's next resume must present
  // A resume that took the id over from a connection still in the room: that connection
  // is no longer a member (no peer-left is due for it) and should be closed.
  std::optional<ConnectionId> replaced;
  // A resume the registry recognised (the id's seat, with its secret): the member never
  // left the room, so the room is told nothing of this join.
  bool resumed = false;
};

struct Departure {
  std::string room;
  std::string peer_id;
  std::vector<ConnectionId> remaining;  // the members present to hear peer-left
  // The seat is held for the member's resume: nobody is told anything now. Should the
  // hold run out, take_departures() brings the departure to announce.
  bool held = false;
};

struct Membership {
  std::string room;
  std::string peer_id;
};

// Where a relayed message goes: from a member (`from`) to another in its room.
struct Route {
  Membership from;
  ConnectionId target = 0;
};

// Whether a departing member's id is held for its owner (a lost connection) or free at
// once (it said leave).
enum class HoldId { kNo, kYes };

class RoomRegistry {
 public:
  // `new_peer_id` makes an id for joins that bring none (random, from the platform);
  // resume secrets are made of it (15 characters) unless `new_resume_secret` is given.
  RoomRegistry(RoomLimits limits, std::function<std::string()> new_peer_id,
               std::function<std::string()> new_resume_secret = {});

  // `id_proven_by_token`: the join's token binds its peer id, so it may claim a held id.
  // `issued_secret`: the resume secret this join's welcome gives out, when the caller made
  // it (a cluster stores it in shared membership first); otherwise a new one is made.
  std::variant<JoinOutcome, protocol::ProtocolError> join(
      ConnectionId connection, const protocol::JoinRequest& request, Clock::time_point now,
      bool id_proven_by_token = false, const std::optional<std::string>& issued_secret = {});
  // Takes `peer_id` out of `room` without a departure: its seat was resumed on another
  // server instance. Returns its connection when it was present (to be closed).
  std::optional<ConnectionId> forget(std::string_view room, std::string_view peer_id);
  std::optional<Departure> leave(ConnectionId connection, Clock::time_point now, HoldId hold);

  // Ends the holds that ran out by `now` (join and leave do too, for the seats they need).
  void expire_holds(Clock::time_point now);
  // The departures nobody has announced yet: holds that ran out, and away members whose
  // seat a token-proven join claimed. Each needs a peer-left to its `remaining`.
  std::vector<Departure> take_departures();

  // Where `sender`'s offer / answer / ice-candidate goes, or why it goes nowhere:
  // not-joined, or unknown-target (no such peer in its room, or the sender itself). The
  // server's hub and the in-page rehearsal room both route by this.
  std::variant<Route, protocol::ProtocolError> route(ConnectionId sender,
                                                     const protocol::RelayRequest& relay) const;
  std::optional<Membership> membership_of(ConnectionId connection) const;

  // For delivering a frame addressed to a room: its members who are present (not away).
  std::vector<Member> members_of(std::string_view room) const;
  // The connection of a member who is present (not away).
  std::optional<ConnectionId> find(std::string_view room, std::string_view peer_id) const;
  // Whether `peer_id` has a seat in `room`, present or away.
  bool has_seat(std::string_view room, std::string_view peer_id) const;

  // A fresh resume secret, as a join gets (for a caller that issues one itself).
  std::string new_resume_secret() const { return new_resume_secret_(); }

  std::size_t room_count() const { return rooms_.size(); }
  std::size_t member_count() const { return memberships_.size(); }
  std::size_t held_id_count() const { return held_count_; }

 private:
  struct Seat {  // a member as the registry keeps it
    Member member;
    std::string resume_secret;
    std::optional<Clock::time_point> away_until;  // held for a resume until then
  };
  struct Room {
    std::vector<Seat> seats;  // join order; rooms hold at most a few dozen
    Seat* find(std::string_view peer_id);
    const Seat* find(std::string_view peer_id) const;
  };
  using RoomAndPeer = std::pair<std::string, std::string>;

  std::optional<std::string> free_peer_id(const Room& room);
  JoinOutcome outcome_for(const std::string& room_id, const Room& room, const Seat& seat) const;
  // Takes an away member's seat out of the room and queues its peer-left.
  void end_hold(const std::string& room_id, Room& room, const Seat& seat);

  RoomLimits limits_;
  std::function<std::string()> new_peer_id_;
  std::function<std::string()> new_resume_secret_;
  std::map<std::string, Room, std::less<>> rooms_;
  std::unordered_map<ConnectionId, Membership> memberships_;
  std::size_t held_count_ = 0;                                        // away seats
  std::deque<std::pair<Clock::time_point, RoomAndPeer>> hold_order_;  // by expiry
  std::vector<Departure> unannounced_;
};

}  // namespace parley::rooms
