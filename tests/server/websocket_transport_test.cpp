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
#include "signaling_fixture.h"

namespace parley::server {
namespace {
using nlohmann::json;
using testing::SignalingWebSocket;
using websocket::Opcode;
using websocket::testing::client_frame;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;

std::string upgrade_request(std::string_view version = "13",
                            std::string_view key = "dGhlIHNhbXBsZSBub25jZQ==") {
  return "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: " +
         std::string(key) + "\r\nSec-WebSocket-Version: " + std::string(version) + "\r\n\r\n";
}

struct ServerFrame {
  std::uint8_t opcode;
  std::string payload;
};

// A TCP client that writes bytes and reads raw bytes back, every read bounded in time.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : stream_(io_) {
    stream_.connect({asio::ip::make_address("127.0.0.1"), port});
  }
  void write(std::string_view bytes) { asio::write(stream_, asio::buffer(bytes)); }

  // Reads until `done(received)` holds, the server closes (eof() turns true) or 5 s pass.
  const std::string& read_until(const std::function<bool(const std::string&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!done(received_) && !eof_ && std::chrono::steady_clock::now() < deadline) {
      char chunk[4096];
      stream_.expires_at(deadline);
      beast::error_code error;
      std::size_t size = 0;
      stream_.async_read_some(asio::buffer(chunk), [&](beast::error_code e, std::size_t n) {
        error = e;
        size = n;
      });
      io_.restart();
      io_.run();
      received_.append(chunk, size);
      if (error) eof_ = error == asio::error::eof || error == asio::error::connection_reset;
      if (error && !eof_) break;  // timed out
    }
    return received_;
  }
  bool eof() const { return eof_; }

  // Server frames after the handshake response (server frames are never masked).
  std::vector<ServerFrame> frames() const {
    std::vector<ServerFrame> out;
    const std::size_t body = received_.find("\r\n\r\n");
    std::size_t at = body == std::string::npos ? 0 : body + 4;
    while (at + 2 <= received_.size()) {
      const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(received_[i]); };
      std::size_t length = byte(at + 1) & 0x7F;
      std::size_t header = 2;
      if (length == 126) {
        if (at + 4 > received_.size()) break;
        length = (std::size_t{byte(at + 2)} << 8) | byte(at + 3);
        header = 4;
      }
      if (at + header + length > received_.size()) break;
      out.push_back(
          {static_cast<std::uint8_t>(byte(at) & 0x0F), received_.substr(at + header, length)});
      at += header + length;
    }
    return out;
  }
  bool has_frame(std::uint8_t opcode) const {
    for (const auto& frame : frames()) {
      if (frame.opcode == opcode) return true;
    }
    return false;
  }

 private:
  asio::io_context io_;
  beast::tcp_stream stream_;
  std::string received_;
  bool eof_ = false;
};

std::uint16_t close_code_of(const ServerFrame& frame) {
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(frame.payload[0]) << 8) |
                                    static_cast<std::uint8_t>(frame.payload[1]));
}

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
  const std::string sdp(48 * 1024, 's');
  const auto started = std::chrono::steady_clock::now();  // the writes cannot stall earlier
  for (int i = 0; i < 300; ++i) {  // ~14 MB: more than loopback socket buffers hold
    sender->send({{"type", "offer"}, {"target", "deaf"}, {"sdp", sdp}});
  }
  // The deaf peer stays alive by talking (every 200 ms, from its own thread) while the
  // sender waits for the server to give up on writing to it.
  std::atomic<bool> done = false;
  std::thread talker([&] {
    for (int i = 0; !done; ++i) {
      deaf->send({{"type", "ice-candidate"}, {"target", "sender"}, {"candidate", {{"n", i}}}});
      std::this_thread::sleep_for(200ms);
    }
  });
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
