#include "server/websocket_session.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>
#include <utility>

#include "server/log.h"

namespace parley::server {
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {
constexpr auto kHandshakeTimeout = std::chrono::seconds(10);
}  // namespace

template <class Stream>
WebSocketSession<Stream>::WebSocketSession(Stream&& stream, SignalingHub& hub,
                                           WebSocketLimits limits)
    : ws_(std::move(stream)), hub_(hub), limits_(limits) {}

template <class Stream>
WebSocketSession<Stream>::~WebSocketSession() = default;

template <class Stream>
void WebSocketSession<Stream>::start(beast::http::request<beast::http::empty_body> request) {
  beast::get_lowest_layer(ws_).expires_never();  // the websocket timeouts take over
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = kHandshakeTimeout;
  timeouts.idle_timeout = limits_.idle_timeout;
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(beast::http::field::server, "parley-server");
  }));
  ws_.read_message_max(limits_.max_message_bytes);
  ws_.text(true);
  ws_.async_accept(
      request, beast::bind_front_handler(&WebSocketSession<Stream>::on_accept, shared_from_this()));
}

template <class Stream>
void WebSocketSession<Stream>::on_accept(beast::error_code error) {
  if (error) return;  // a failed handshake never reached the hub
  id_ = hub_.attach(shared_from_this());
  attached_ = true;
  read();
}

template <class Stream>
void WebSocketSession<Stream>::read() {
  ws_.async_read(buffer_,
                 beast::bind_front_handler(&WebSocketSession<Stream>::on_read, shared_from_this()));
}

template <class Stream>
void WebSocketSession<Stream>::on_read(beast::error_code error, std::size_t) {
  if (error) {
    // Closed, timed out, too big (Beast sent 1009), bad UTF-8 (1007), or reset.
    if (error != websocket::error::closed) {
      log_event(LogLevel::kInfo, "websocket-ended",
                {{"connection", id_}, {"reason", error.message()}});
    }
    return finish();
  }
  if (!ws_.got_text()) {
    buffer_.consume(buffer_.size());
    close_now({1003, "signaling uses text frames"});
    return;
  }
  const auto data = buffer_.cdata();
  hub_.on_frame(id_, std::string_view(static_cast<const char*>(data.data()), data.size()),
                SignalingHub::Clock::now());
  buffer_.consume(buffer_.size());
  if (!closing_) read();
}

template <class Stream>
void WebSocketSession<Stream>::send(std::shared_ptr<const std::string> frame) {
  boost::asio::post(ws_.get_executor(),
                    beast::bind_front_handler(&WebSocketSession<Stream>::enqueue,
                                              shared_from_this(), std::move(frame)));
}

template <class Stream>
void WebSocketSession<Stream>::enqueue(std::shared_ptr<const std::string> frame) {
  if (closing_) return;
  if (queued_bytes_ + frame->size() > limits_.max_queued_bytes) {
    hub_.metrics().slow_consumers_dropped.fetch_add(1, std::memory_order_relaxed);
    log_event(LogLevel::kWarning, "slow-consumer",
              {{"connection", id_}, {"queued_bytes", queued_bytes_}});
    return close_now({1008, "too slow to keep up"}, QueuedFrames::kDrop);
  }
  queued_bytes_ += frame->size();
  queue_.push_back(std::move(frame));
  if (queue_.size() == 1) write_next();
}

template <class Stream>
void WebSocketSession<Stream>::write_next() {
  ws_.async_write(
      boost::asio::buffer(*queue_.front()),
      beast::bind_front_handler(&WebSocketSession<Stream>::on_write, shared_from_this()));
}

template <class Stream>
void WebSocketSession<Stream>::on_write(beast::error_code error, std::size_t) {
  if (error) return finish();
  auto& metrics = hub_.metrics();
  metrics.frames_sent.fetch_add(1, std::memory_order_relaxed);
  metrics.bytes_sent.fetch_add(queue_.front()->size(), std::memory_order_relaxed);
  queued_bytes_ -= queue_.front()->size();
  queue_.pop_front();
  if (!queue_.empty()) {
    write_next();
  } else if (pending_close_) {
    send_close(*std::exchange(pending_close_, std::nullopt));
  }
}

template <class Stream>
void WebSocketSession<Stream>::close(CloseReason reason) {
  boost::asio::post(ws_.get_executor(), [self = shared_from_this(), reason = std::move(reason)] {
    self->close_now(reason);
  });
}

template <class Stream>
void WebSocketSession<Stream>::close_now(CloseReason reason, QueuedFrames queued) {
  if (closing_) return;
  closing_ = true;                  // nothing new is queued from now on
  if (attached_) hub_.depart(id_);  // the room hears peer-left now, not after the handshake
  if (queued == QueuedFrames::kDrop && queue_.size() > 1) {
    queue_.resize(1);  // the front frame is being written; it cannot be taken back
  }
  if (queue_.empty()) {
    send_close(reason);
  } else {
    pending_close_ = std::move(reason);  // sent by on_write once the queue is written
  }
}

template <class Stream>
void WebSocketSession<Stream>::send_close(const CloseReason& reason) {
  ws_.async_close(
      websocket::close_reason(static_cast<websocket::close_code>(reason.code), reason.text),
      [self = shared_from_this()](beast::error_code) { self->finish(); });
}

template <class Stream>
void WebSocketSession<Stream>::finish() {
  if (!attached_) return;
  attached_ = false;
  hub_.detach(id_);
}

template class WebSocketSession<PlainStream>;
template class WebSocketSession<TlsStream>;

}  // namespace parley::server
