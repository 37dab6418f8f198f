#include "core/call/rehearsal_room.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../../fakes/fake_scheduler.h"
#include "core/protocol/client_message.h"

namespace parley::call {
namespace {
using namespace std::chrono_literals;
using nlohmann::json;

struct Client {
  std::unique_ptr<ports::SignalingSocket> socket;
  bool open = false;
  std::vector<json> received;
  std::vector<std::string> types() const {
    std::vector<std::string> out;
    for (const auto& message : received) out.push_back(message.value("type", ""));
    return out;
  }
};

class RehearsalRoomTest : public ::testing::Test {
 protected:
  void connect(Client& client) {
    client.socket = room.sockets()(
        "rehearsal:",
        {.on_open = [&client] { client.open = true; },
         .on_message =
             [&client](std::string text) { client.received.push_back(json::parse(text)); },
         .on_close = {}});
  }
  void join(Client& client, const std::string& name) {
    protocol::JoinRequest request;
    request.room = "rehearsal";
    request.name = name;
    ASSERT_TRUE(client.socket->send(protocol::join_message(request)));
  }

  fakes::FakeScheduler scheduler;
  RehearsalRoom room{scheduler};
};

TEST_F(RehearsalRoomTest, SpeaksTheServersProtocolEachMessageATaskLater) {
  Client ada;
  Client bob;
  connect(ada);
  connect(bob);
  EXPECT_FALSE(ada.open) << "opens a task later, as a WebSocket does";
  EXPECT_FALSE(ada.socket->send("{}")) << "nothing is taken before open";
  scheduler.advance(0ms);
  ASSERT_TRUE(ada.open && bob.open);

  join(ada, "Ada");
  EXPECT_TRUE(ada.received.empty());
  scheduler.advance(0ms);
  ASSERT_EQ(ada.types(), std::vector<std::string>{"welcome"});
  EXPECT_EQ(ada.received[0]["peerId"], "rehearsal-1");
  EXPECT_TRUE(ada.received[0]["peers"].empty());

  join(bob, "Bob");
  scheduler.advance(0ms);
  ASSERT_EQ(bob.types(), std::vector<std::string>{"welcome"});
  EXPECT_EQ(bob.received[0]["peers"][0]["peerId"], "rehearsal-1");
  ASSERT_EQ(ada.types(), (std::vector<std::string>{"welcome", "peer-joined"}));
  EXPECT_EQ(ada.received[1]["name"], "Bob");

  ASSERT_TRUE(ada.socket->send(protocol::relay_message("offer", "rehearsal-2", {{"sdp", "v=0"}})));
  scheduler.advance(0ms);
  ASSERT_EQ(bob.types(), (std::vector<std::string>{"welcome", "offer"}));
  EXPECT_EQ(bob.received[1]["from"], "rehearsal-1");
  EXPECT_EQ(bob.received[1]["sdp"], "v=0");

  bob.socket->close();
  scheduler.advance(0ms);
  ASSERT_EQ(ada.types(), (std::vector<std::string>{"welcome", "peer-joined", "peer-left"}));
  EXPECT_EQ(ada.received[2]["peerId"], "rehearsal-2");
  EXPECT_FALSE(bob.socket->send(protocol::leave_message()));
}

TEST_F(RehearsalRoomTest, RefusesWhatTheServerRefusesWithItsErrorCodes) {
  Client ada;
  connect(ada);
  scheduler.advance(0ms);
  ASSERT_TRUE(ada.socket->send(protocol::relay_message("offer", "rehearsal-1", {{"sdp", "v=0"}})));
  join(ada, "Ada");
  join(ada, "Ada again");
  ASSERT_TRUE(ada.socket->send(protocol::relay_message("offer", "rehearsal-1", {{"sdp", "v=0"}})));
  ASSERT_TRUE(ada.socket->send(protocol::relay_message("offer", "nobody", {{"sdp", "v=0"}})));
  ASSERT_TRUE(ada.socket->send("{\"type\":\"offer\""));
  scheduler.advance(0ms);
  ASSERT_EQ(ada.types(),
            (std::vector<std::string>{"error", "welcome", "error", "error", "error", "error"}));
  std::vector<std::string> codes;
  for (const auto& message : ada.received) codes.push_back(message.value("code", ""));
  EXPECT_EQ(codes, (std::vector<std::string>{"not-joined", "", "already-joined", "unknown-target",
                                             "unknown-target", "bad-json"}));
}

TEST_F(RehearsalRoomTest, ASocketThatOutlivesTheRoomIsClosed) {
  Client ada;
  {
    RehearsalRoom short_lived(scheduler);
    ada.socket = short_lived.sockets()(
        "rehearsal:", {.on_open = [&ada] { ada.open = true; }, .on_message = {}, .on_close = {}});
    scheduler.advance(0ms);
    ASSERT_TRUE(ada.open);
  }
  EXPECT_FALSE(ada.socket->send(protocol::leave_message()));
  ada.socket.reset();  // and destroying it later touches nothing of the room
}

}  // namespace
}  // namespace parley::call
