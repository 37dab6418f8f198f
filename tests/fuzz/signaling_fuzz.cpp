// libFuzzer target over the signaling path a hostile client can reach: message parsing
// and validation (src/core/protocol) and the hub's routing (src/server/signaling_hub)
// with several fake connections, run under ASan and UBSan.
//
// Input: a script of steps. Each step is one control byte then, for a frame, a 2-byte
// little-endian length and that many bytes:
//   control % 8 == 0..4  connection (control % 8) sends the frame (attached on first use),
//                        having first read everything sent to it if control / 8 is odd
//   control % 8 == 5     connection (control / 8 % 5) closes (detach)
//   control % 8 == 6     the clock moves 100 ms (rate-limit buckets refill)
//   control % 8 == 7     the raw frame is only parsed (no hub)
//
// Beyond "no crash, no leak, no UB" it checks what must hold whatever clients send:
// every frame the hub sends is a JSON object with a string "type", a relayed message
// only ever reaches a peer in the sender's room, carrying the sender's real id in "from",
// and no room hears peer-joined for a peer after hearing peer-left for it, unless that
// peer was welcomed again in between.
//
// The fake connections behave as WebSocketSession does where it matters: a connection
// holds at most kUnreadFrames frames it has not read (it reads when the script says so),
// and one more makes it a slow consumer whose close is posted, as is a close
// the hub asks for. Posted closes run after the step that posted them, as the event loop
// runs them after the current handler; running them inside send() is the bug this
// catches (a welcome overflowing the queue announced peer-left before peer-joined).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/protocol/client_message.h"
#include "server/room_bus.h"
#include "server/signaling_hub.h"

namespace {

using namespace parley;
using nlohmann::json;

constexpr std::size_t kConnections = 5;
constexpr std::size_t kUnreadFrames = 3;

// What the rooms have heard of each peer, from every connection's frames: a peer-joined
// for a peer whose peer-left was heard is legitimate only after a new welcome for it.
class RoomHistory {
 public:
  void welcomed(const std::string& room, const std::string& peer) { left_.erase({room, peer}); }
  void heard_left(const std::string& room, const std::string& peer) { left_.insert({room, peer}); }
  bool joined_after_leaving(const std::string& room, const std::string& peer) const {
    return left_.count({room, peer}) > 0;
  }

 private:
  std::set<std::pair<std::string, std::string>> left_;
};

// Closes that WebSocketSession posts to its event loop, waiting for the step to end.
using PostedCloses = std::vector<const server::SignalingConnection*>;

[[noreturn]] void invariant_broken(const char* what, const std::string& frame) {
  std::fprintf(stderr, "signaling invariant broken: %s\nframe: %s\n", what, frame.c_str());
  std::abort();
}

// Remembers who the hub says is in its room, and checks every frame against that.
class CheckingConnection : public server::SignalingConnection {
 public:
  CheckingConnection(RoomHistory& history, PostedCloses& posted)
      : history_(history), posted_(posted) {}
  bool closing() const { return closing_; }
  void read_all() { unread_ = 0; }
  void closed_now() { closing_ = true; }

  void send(std::shared_ptr<const std::string> frame) override {
    if (closing_ || close_posted_) return;  // a closing session queues nothing
    if (++unread_ > kUnreadFrames) return close({1008, "too slow to keep up"});
    const json message = json::parse(*frame, nullptr, /*allow_exceptions=*/false);
    if (!message.is_object() || !message.contains("type") || !message["type"].is_string()) {
      invariant_broken("the hub sent something that is not a typed JSON object", *frame);
    }
    const std::string type = message["type"];
    if (type == "welcome") {
      room_peers_.clear();
      self_ = message["peerId"];
      room_ = message["room"];
      history_.welcomed(room_, self_);
      for (const auto& peer : message["peers"]) room_peers_.insert(peer["peerId"]);
    } else if (type == "peer-joined") {
      const std::string peer = message["peerId"];
      if (history_.joined_after_leaving(room_, peer)) {
        invariant_broken("the room heard peer-joined for a peer that had left", *frame);
      }
      room_peers_.insert(peer);
    } else if (type == "peer-left") {
      const std::string peer = message["peerId"];
      history_.heard_left(room_, peer);
      room_peers_.erase(peer);
    } else if (protocol::is_relayed_type(type)) {
      if (!message.contains("from") || !message["from"].is_string() ||
          room_peers_.count(message["from"].get<std::string>()) == 0) {
        invariant_broken("a relay arrived from someone outside the recipient's room", *frame);
      }
      if (message["from"] == self_) invariant_broken("a peer was sent its own relay", *frame);
    }
  }
  void close(server::CloseReason) override {
    if (closing_ || close_posted_) return;
    close_posted_ = true;
    posted_.push_back(this);
  }
  void keep_alive(std::chrono::steady_clock::time_point) override {}

 private:
  RoomHistory& history_;
  PostedCloses& posted_;
  std::size_t unread_ = 0;
  bool close_posted_ = false;
  bool closing_ = false;              // departed: its frames are no longer handed to the hub
  std::set<std::string> room_peers_;  // the others in the room, as the hub announced them
  std::string self_;
  std::string room_;
};

struct Reader {
  const std::uint8_t* data;
  std::size_t size;
  bool empty() const { return size == 0; }
  std::uint8_t byte() {
    const std::uint8_t value = *data;
    ++data;
    --size;
    return value;
  }
  std::string_view frame() {
    std::size_t length = 0;
    if (size >= 2) length = data[0] | (std::size_t{data[1]} << 8);
    const std::size_t header = std::min<std::size_t>(size, 2);
    data += header;
    size -= header;
    length = std::min(length, size);
    const std::string_view frame(reinterpret_cast<const char*>(data), length);
    data += length;
    size -= length;
    return frame;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  server::InProcessRoomBus bus;
  server::HubLimits limits;
  limits.rooms.room_capacity = 3;  // small, so room-full is reachable
  limits.message_burst = 20;
  limits.max_violations = 6;
  int next_peer = 0;
  server::SignalingHub hub(
      limits, bus, [&] { return "generated-" + std::to_string(next_peer++); },
      server::JoinAccess());

  RoomHistory history;
  PostedCloses posted;
  std::shared_ptr<CheckingConnection> connections[kConnections];
  server::ConnectionId ids[kConnections] = {};
  server::SignalingHub::Clock::time_point now{};
  // The event loop's turn after each step: posted closes depart (WebSocketSession::close_now).
  const auto run_posted = [&] {
    while (!posted.empty()) {
      const auto* closed = posted.front();
      posted.erase(posted.begin());
      for (std::size_t i = 0; i < kConnections; ++i) {
        if (connections[i].get() == closed && !connections[i]->closing()) {
          connections[i]->closed_now();
          hub.depart(ids[i]);
        }
      }
    }
  };

  Reader input{data, size};
  while (!input.empty()) {
    const std::uint8_t control = input.byte();
    const unsigned action = control % 8;
    if (action < kConnections) {
      const std::string_view frame = input.frame();
      if (!connections[action]) {
        connections[action] = std::make_shared<CheckingConnection>(history, posted);
        ids[action] = hub.attach(connections[action]);
      }
      if ((control / 8) % 2 == 1) connections[action]->read_all();
      if (!connections[action]->closing()) hub.on_frame(ids[action], frame, now);
    } else if (action == 5) {
      const unsigned which = control / 8 % kConnections;
      if (connections[which]) {
        hub.detach(ids[which]);
        connections[which].reset();
      }
    } else if (action == 6) {
      now += std::chrono::milliseconds(100);
    } else {
      protocol::parse_client_message(input.frame(), limits.protocol);
    }
    run_posted();
  }
  hub.shutdown();
  return 0;
}
