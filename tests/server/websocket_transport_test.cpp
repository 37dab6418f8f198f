// The WebSocket transport itself, over raw TCP where Beast's client would hide the
// detail: the handshake, pings, refused frames, the close handshake, early frames and
// a peer that sends but never reads.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/write.hpp>
#include <functional>
#include <thread>

#include "../core/websocket/client_frames.h"
#include "http_get.h"
#include "raw_connection.h"
#include "signaling_fixture.h"

namespace parley::server {
namespace {
using nlohmann::json;
using testing::close_code_of;
using testing::RawConnection;
using testing::SignalingWebSocket;
using testing::upgrade_request;
using websocket::Opcode;
using websocket::testing::client_frame;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;

constexpr std::uint8_t kClose = 0x8;

TEST_F(SignalingWebSocket, AFirstFrameSentWithTheUpgradeRequestIsRead) {
  start();
  RawConnection raw((*server)->port());
  raw.write(upgrade_request() + client_frame(Opcode::kText, R"({"type":"join","room":"r"})"));
  raw.read_until([&](const std::string&) { return !raw.frames().empty(); });
  ASSERT_EQ(raw.frames().size(), 1u);
  EXPECT_EQ(json::parse(raw.frames()[0].payload)["type"], "welcome");
  EXPECT_NE(raw.read_until([](const std::string&) { return true; })
                .find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"),
            std::string::npos);
}

TEST_F(SignalingWebSocket, PingsAreAnsweredWithTheirPayload) {
  start();
  RawConnection raw((*server)->port());
  raw.write(upgrade_request() + client_frame(Opcode::kPing, "are you there"));
  raw.read_until([&](const std::string&) { return raw.has_frame(0xA); });
  ASSERT_EQ(raw.frames().size(), 1u);
  EXPECT_EQ(raw.frames()[0].opcode, 0xA);
  EXPECT_EQ(raw.frames()[0].payload, "are you there");
}

TEST_F(SignalingWebSocket, TheCloseHandshakeEchoesTheCodeAndEndsTheConnection) {
  start();
  RawConnection raw((*server)->port());
  raw.write(upgrade_request() +
            client_frame(Opcode::kClose, websocket::close_payload(1000, "bye")));
  raw.read_until([](const std::string&) { return false; });  // until the server closes
  EXPECT_TRUE(raw.eof()) << "the server closes TCP once both close frames are out";
  ASSERT_EQ(raw.frames().size(), 1u);
  EXPECT_EQ(raw.frames()[0].opcode, kClose);
  EXPECT_EQ(close_code_of(raw.frames()[0]), 1000);
}

TEST_F(SignalingWebSocket, BinaryFramesAreRefusedWith1003) {
  start();
  RawConnection raw((*server)->port());
  raw.write(upgrade_request() + client_frame(Opcode::kBinary, "\x01\x02"));
  raw.read_until([&](const std::string&) { return raw.has_frame(kClose); });
  ASSERT_EQ(raw.frames().size(), 1u);
  EXPECT_EQ(close_code_of(raw.frames()[0]), 1003);
  expect_server_still_serves();
}

TEST_F(SignalingWebSocket, UnmaskedFramesAreAProtocolError) {
  start();
  RawConnection raw((*server)->port());
  raw.write(upgrade_request() + client_frame(Opcode::kText, "{}", {.masked = false}));
  raw.read_until([](const std::string&) { return false; });
  EXPECT_TRUE(raw.eof());
  ASSERT_EQ(raw.frames().size(), 1u);
  EXPECT_EQ(close_code_of(raw.frames()[0]), 1002);
  expect_server_still_serves();
}

TEST_F(SignalingWebSocket, OtherProtocolVersionsGet426AndBadKeys400) {
  start();
  RawConnection old_version((*server)->port());
  old_version.write(upgrade_request("8"));
  const auto& refused = old_version.read_until(
      [](const std::string& r) { return r.find("\r\n\r\n") != std::string::npos; });
  EXPECT_EQ(refused.rfind("HTTP/1.1 426 ", 0), 0u) << refused;
  EXPECT_NE(refused.find("Sec-WebSocket-Version: 13\r\n"), std::string::npos);
  RawConnection bad_key((*server)->port());
  bad_key.write(upgrade_request("13", "not-a-key"));
  EXPECT_EQ(
      bad_key
          .read_until([](const std::string& r) { return r.find("\r\n\r\n") != std::string::npos; })
          .rfind("HTTP/1.1 400 ", 0),
      0u);
  expect_server_still_serves();
}

TEST_F(SignalingWebSocket, APeerThatSendsButNeverReadsIsDroppedWhenItsWritesStall) {
  ServerOptions options;
  options.idle_timeout = 2s;
  options.write_queue_bytes = 64 * 1024 * 1024;  // so only the stall, not the bound, can act
  options.messages_per_second = 100'000;
  options.message_burst = 100'000;
  start(options);
  auto sender = joined("r", "sender");
  auto deaf = joined("r", "deaf");  // keeps talking, never reads
  sender->next_of_type("peer-joined");
  // The deaf peer stays alive by talking (every 200 ms, from its own thread) while the
  // sender floods it and then waits for the server to give up on writing to it. It talks
  // from the start: sending the flood can take longer than the idle timeout on a slow
  // machine (under ASan, with the other core busy), and a silent peer would be dropped as
  // dead instead, which is not what this test is about.
  std::atomic<bool> done = false;
  std::thread talker([&] {
    for (int i = 0; !done; ++i) {
      deaf->send({{"type", "ice-candidate"}, {"target", "sender"}, {"candidate", {{"n", i}}}});
      std::this_thread::sleep_for(200ms);
    }
  });
  const std::string sdp(48 * 1024, 's');
  const auto started = std::chrono::steady_clock::now();  // the writes cannot stall earlier
  for (int i = 0; i < 300; ++i) {  // ~14 MB: more than loopback socket buffers hold
    sender->send({{"type", "offer"}, {"target", "deaf"}, {"sdp", sdp}});
  }
  const auto left = sender->next_of_type("peer-left", 8s);
  done = true;
  talker.join();
  ASSERT_TRUE(left) << "the stalled peer was never dropped";
  EXPECT_EQ((*left)["peerId"], "deaf");
  EXPECT_GE(std::chrono::steady_clock::now() - started, 1500ms);
  EXPECT_NE(testing::http_get((*server)->port(), "/metrics")
                .body()
                .find("\nparley_write_queue_drops_total 1\n"),
            std::string::npos);
  expect_server_still_serves();
}

}  // namespace
}  // namespace parley::server
