// One signaling WebSocket: reads text frames into the hub, writes the hub's frames out.
//
// - Frames above the size limit end the connection with 1009 (Beast's read_message_max).
// - Text frames must be UTF-8; Beast closes with 1007 otherwise.
// - Idle connections are pinged; a peer that stops answering is dropped within
//   kIdleTimeout and its room hears peer-left.
// - The write queue is bounded in bytes: a reader too slow to keep up is disconnected
//   (1008) instead of letting memory grow.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>

#include "server/signaling_hub.h"
#include "server/streams.h"

namespace parley::server {

struct WebSocketLimits {
  std::size_t max_message_bytes = 64 * 1024;
  std::size_t max_queued_bytes = 1024 * 1024;
  std::chrono::seconds idle_timeout{20};  // pinged after half of it, dropped after all
};

// Stream: PlainStream or TlsStream (streams.h).
template <class Stream>
class WebSocketSession : public SignalingConnection,
                         public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  WebSocketSession(Stream&& stream, SignalingHub& hub, WebSocketLimits limits);
  ~WebSocketSession() override;

  // Completes the upgrade `request` (already read by the HTTP session) and starts reading.
  void start(boost::beast::http::request<boost::beast::http::empty_body> request);

  void send(std::shared_ptr<const std::string> frame) override;
  void close(CloseReason reason) override;

 private:
  void on_accept(boost::beast::error_code error);
  void read();
  void on_read(boost::beast::error_code error, std::size_t bytes);
  void enqueue(std::shared_ptr<const std::string> frame);
  void write_next();
  void on_write(boost::beast::error_code error, std::size_t bytes);
  // Frames already queued are written before the close frame (a goodbye or a last
  // error must arrive), except for a slow consumer, whose backlog is dropped.
  enum class QueuedFrames { kFlush, kDrop };
  void close_now(CloseReason reason, QueuedFrames queued = QueuedFrames::kFlush);
  void send_close(const CloseReason& reason);
  void finish();

  using std::enable_shared_from_this<WebSocketSession<Stream>>::shared_from_this;

  boost::beast::websocket::stream<Stream> ws_;
  boost::beast::flat_buffer buffer_;
  SignalingHub& hub_;
  const WebSocketLimits limits_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::size_t queued_bytes_ = 0;
  ConnectionId id_ = 0;
  bool attached_ = false;
  bool closing_ = false;
  std::optional<CloseReason> pending_close_;
};

}  // namespace parley::server
