// One signaling WebSocket after the upgrade: reads client frames into the hub, writes the
// hub's frames out, answers pings, and runs the closing handshake.
//
// Why not Beast's websocket::stream: it embeds a 1.5 KiB read buffer, a timer and much
// else in every connection (about 2.5 KiB measured), more than the whole per-connection
// budget of an idle signaling server (tools/bench/signaling). Here the framing is
// src/core/websocket (tested and fuzzed on its own) and the I/O is plain Asio:
//
// - Plain TCP: the session waits for readability without a buffer of its own, then reads
//   into one buffer shared by every connection on the thread; only a partial frame is
//   kept per connection. Writes go out at once with a gathered non-blocking send; only
//   what the socket will not take yet is queued. TLS: reads and writes go through the
//   SSL stream with a per-connection buffer.
// - Frames above the size limit end the connection with 1009, text that is not UTF-8
//   with 1007, other protocol errors with 1002.
// - Liveness: the server calls keep_alive() about once a second; a quiet connection is
//   pinged after half the idle timeout and dropped after all of it, and a close
//   handshake or a stalled write is given a bounded time too.
// - The write queue is bounded in bytes, each frame counted with its header and a fixed
//   overhead: a reader too slow to keep up is disconnected (1008) instead of letting
//   memory grow. Several pings waiting to be answered get one pong (for the last one),
//   and pings and pongs spend the connection's message budget (SignalingHub).
// - One connection is served at most one read buffer per turn of the event loop, so a
//   client that never stops sending cannot hold the I/O thread.
//
// Single-threaded: every call happens on the server's one I/O thread.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/websocket/frame.h"
#include "core/websocket/message_reader.h"
#include "server/connection_slots.h"
#include "server/signaling_hub.h"
#include "server/streams.h"

namespace parley::server {

struct WebSocketLimits {
  std::size_t max_message_bytes = 64 * 1024;
  std::size_t max_queued_bytes = 1024 * 1024;
  std::chrono::seconds idle_timeout{20};  // pinged after half of it, dropped after all
};

// Stream: PlainSocket or TlsStream (streams.h).
template <class Stream>
class WebSocketSession : public SignalingConnection,
                         public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  using Clock = std::chrono::steady_clock;

  WebSocketSession(Stream&& stream, SignalingHub& hub, const WebSocketLimits& limits,
                   ConnectionSlot slot);
  ~WebSocketSession() override;

  // Writes the 101 `response`, joins the hub and starts reading. `early_bytes` are bytes
  // the HTTP session read past the upgrade request (a client's first frames).
  void start(std::string response, std::string early_bytes);

  void send(std::shared_ptr<const std::string> frame) override;
  void close(CloseReason reason) override;
  void keep_alive(Clock::time_point now) override;
  bool congested() const override { return queued_bytes_ > limits_.max_queued_bytes / 2; }

 private:
  struct QueuedFrame {
    websocket::Opcode opcode;
    std::shared_ptr<const std::string> payload;
    bool raw;  // written as is, without a frame header (the handshake response)
  };
  // Frames already queued are written before the close frame (a goodbye or a last
  // error must arrive), except for a slow consumer, whose backlog is dropped.
  enum class QueuedFrames { kFlush, kDrop };

  void wait_readable();
  void on_readable(boost::system::error_code error);
  void read_tls();
  void on_bytes(char* data, std::size_t size);
  bool on_message(websocket::Opcode opcode, std::string_view payload);

  // False when the frame would overflow the queue: the connection is then being closed.
  bool enqueue(websocket::Opcode opcode, std::shared_ptr<const std::string> payload);
  void queue_pong(std::string_view ping_payload);
  bool pong_unsent() const;  // a queued pong none of which is written yet
  void flush();
  void flush_plain();
  void write_tls();
  void on_written(std::size_t bytes);  // pops what `bytes` completed
  void on_connection_error(boost::system::error_code error);

  void close_later(CloseReason reason, QueuedFrames queued);
  void close_now(CloseReason reason, QueuedFrames queued = QueuedFrames::kFlush);
  void on_close_frame_written();
  void drop();  // closes the socket at once and leaves the hub
  void finish();

  using std::enable_shared_from_this<WebSocketSession<Stream>>::shared_from_this;
  auto& socket();

  Stream stream_;
  SignalingHub& hub_;
  const WebSocketLimits limits_;
  ConnectionSlot slot_;  // given back when the session is gone
  websocket::MessageReader reader_;
  std::unique_ptr<char[]> tls_read_buffer_;  // TLS only: SSL reads need a buffer each

  // Write queue: frames_[next_frame_] is the next to go; `front_written_` bytes of its
  // header+payload are already out.
  std::vector<QueuedFrame> frames_;
  std::size_t next_frame_ = 0;
  std::size_t front_written_ = 0;
  std::size_t queued_bytes_ = 0;  // what the queued frames cost (queue_cost), not only payload
  std::optional<std::size_t> queued_pong_;  // index of the last pong queued, until it is out
  websocket::FrameHeader tls_header_;       // the in-flight TLS write's header

  ConnectionId id_ = 0;
  Clock::time_point last_received_;
  Clock::time_point write_blocked_since_;
  Clock::time_point close_deadline_;
  bool attached_ = false;
  bool writing_ = false;         // an async write (or a wait for writability) is under way
  bool handling_bytes_ = false;  // frames queued meanwhile are flushed after the chunk
  bool slow_consumer_ = false;   // the queue overflowed: closing, nothing more is queued
  bool posted_close_ = false;    // close_later() posted a close_now() that has not run yet
  QueuedFrames posted_close_queued_ = QueuedFrames::kFlush;
  bool ping_outstanding_ = false;
  bool closing_ = false;  // a close frame is queued or sent; nothing new is queued
  bool close_frame_written_ = false;
  bool close_frame_received_ = false;
  bool client_will_resume_ = false;  // its close frame said so (protocol::kResumingCloseCode)
  bool sent_away_ = false;           // the server closes it with 1001 as it shuts down: seat held
  bool reader_failed_ = false;       // a protocol violation: the rest is discarded unread
  bool socket_closed_ = false;
};

}  // namespace parley::server
