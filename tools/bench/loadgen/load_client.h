// One signaling client of the load generator: connects, joins a room, writes through its
// own queue (Beast allows one write in flight per stream) and hands every frame it
// receives to a callback. Speaks only the reference design's subset of the protocol
// (join with peerId; relays with target), so the same load runs against the reference
// Node server and parley-server.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <string>

namespace parley::bench {

class LoadClient : public std::enable_shared_from_this<LoadClient> {
 public:
  using FrameHandler = std::function<void(std::string_view frame)>;
  using ReadyHandler = std::function<void(bool ok)>;

  LoadClient(boost::asio::io_context& io, std::string peer_id, std::string room);

  // Connects to host:port, upgrades, sends the join and starts reading; `ready` is called
  // once with whether that worked. Frames received go to `on_frame`.
  void start(const std::string& host, unsigned short port, ReadyHandler ready,
             FrameHandler on_frame);

  void send(std::string frame);
  void close();

  const std::string& peer_id() const { return peer_id_; }
  std::size_t queued() const { return queue_.size(); }

 private:
  void read();
  void write_next();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::string peer_id_;
  std::string room_;
  FrameHandler on_frame_;
  std::deque<std::string> queue_;
  bool open_ = false;
};

}  // namespace parley::bench
