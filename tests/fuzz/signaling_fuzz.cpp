// libFuzzer target over the signaling path a hostile client can reach: message parsing
// and validation (src/core/protocol) and the hub's routing (src/server/signaling_hub)
// with several fake connections, run under ASan and UBSan.
//
// Input: a script of steps. Each step is one control byte then, for a frame, a 2-byte
// little-endian length and that many bytes:
//   control % 8 == 0..4  connection (control % 8) sends the frame (attached on first use)
//   control % 8 == 5     connection (control / 8 % 5) closes (detach)
//   control % 8 == 6     the clock moves 100 ms (rate-limit buckets refill)
//   control % 8 == 7     the raw frame is only parsed (no hub)
//
// Beyond "no crash, no leak, no UB" it checks what must hold whatever clients send:
// every frame the hub sends is a JSON object with a string "type", and a relayed message
// only ever reaches a peer in the sender's room, carrying the sender's real id in "from".
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/protocol/client_message.h"
#include "server/room_bus.h"
#include "server/signaling_hub.h"

namespace {

using namespace parley;
using nlohmann::json;

constexpr std::size_t kConnections = 5;

[[noreturn]] void invariant_broken(const char* what, const std::string& frame) {
  std::fprintf(stderr, "signaling invariant broken: %s\nframe: %s\n", what, frame.c_str());
  std::abort();
}

// Remembers who the hub says is in its room, and checks every frame against that.
class CheckingConnection : public server::SignalingConnection {
 public:
  void send(std::shared_ptr<const std::string> frame) override {
    const json message = json::parse(*frame, nullptr, /*allow_exceptions=*/false);
    if (!message.is_object() || !message.contains("type") || !message["type"].is_string()) {
      invariant_broken("the hub sent something that is not a typed JSON object", *frame);
    }
    const std::string type = message["type"];
    if (type == "welcome") {
      room_peers_.clear();
      self_ = message["peerId"];
      for (const auto& peer : message["peers"]) room_peers_.insert(peer["peerId"]);
    } else if (type == "peer-joined") {
      room_peers_.insert(message["peerId"].get<std::string>());
    } else if (type == "peer-left") {
      room_peers_.erase(message["peerId"].get<std::string>());
    } else if (protocol::is_relayed_type(type)) {
      if (!message.contains("from") || !message["from"].is_string() ||
          room_peers_.count(message["from"].get<std::string>()) == 0) {
        invariant_broken("a relay arrived from someone outside the recipient's room", *frame);
      }
      if (message["from"] == self_) invariant_broken("a peer was sent its own relay", *frame);
    }
  }
  void close(server::CloseReason) override {}  // the hub stops sending to it by itself
  void keep_alive(std::chrono::steady_clock::time_point) override {}

 private:
  std::set<std::string> room_peers_;  // the others in the room, as the hub announced them
  std::string self_;
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
  limits.max_connections = 4;  // one less than the script can open: server-full is reachable
  int next_peer = 0;
  server::SignalingHub hub(
      limits, bus, [&] { return "generated-" + std::to_string(next_peer++); },
      server::JoinAccess());

  std::shared_ptr<CheckingConnection> connections[kConnections];
  server::ConnectionId ids[kConnections] = {};
  server::SignalingHub::Clock::time_point now{};

  Reader input{data, size};
  while (!input.empty()) {
    const std::uint8_t control = input.byte();
    const unsigned action = control % 8;
    if (action < kConnections) {
      const std::string_view frame = input.frame();
      if (!connections[action]) {
        connections[action] = std::make_shared<CheckingConnection>();
        ids[action] = hub.attach(connections[action]);
      }
      hub.on_frame(ids[action], frame, now);
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
  }
  hub.shutdown();
  return 0;
}
