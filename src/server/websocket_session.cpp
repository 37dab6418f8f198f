#include "server/websocket_session.h"

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <utility>

#include "core/protocol/client_message.h"
#include "core/websocket/keep_alive.h"
#include "server/log.h"

namespace parley::server {
namespace asio = boost::asio;
using websocket::Opcode;

namespace {

constexpr std::size_t kSharedReadBytes = 64 * 1024;
constexpr std::size_t kTlsReadBytes = 16 * 1024;  // one TLS record
constexpr std::size_t kMaxFramesPerSend = 16;
constexpr auto kCloseHandshakeTimeout = std::chrono::seconds(5);
// What a queued frame costs beyond its header and payload: its queue entry and the
// payload's allocation. Counted so that a flood of empty frames is not free.
constexpr std::size_t kQueuedFrameOverhead = 64;
// Once this many sent entries sit at the front of the queue, and they are at least half
// of it, they are erased: a client that keeps reading never lets the queue empty.
constexpr std::size_t kCompactAfterFrames = 64;

// Plain connections read into this buffer and hand complete frames on from it; only a
// partial frame is copied into the connection's own reader.
char* shared_read_buffer() {
  static thread_local const std::unique_ptr<char[]> buffer(new char[kSharedReadBytes]);
  return buffer.get();
}

const std::shared_ptr<const std::string>& empty_payload() {
  static const auto empty = std::make_shared<const std::string>();
  return empty;
}

std::size_t header_size(Opcode opcode, std::size_t payload_size) {
  return websocket::frame_header(opcode, payload_size).size;
}

// Bytes on the wire: the payload, after a frame header unless the frame is raw.
template <class Frame>
std::size_t wire_size(const Frame& frame) {
  const std::size_t payload_size = frame.payload->size();
  return (frame.raw ? 0 : header_size(frame.opcode, payload_size)) + payload_size;
}

// What the frame counts against the write queue's limit.
template <class Frame>
std::size_t queue_cost(const Frame& frame) {
  return wire_size(frame) + kQueuedFrameOverhead;
}

}  // namespace

template <class Stream>
WebSocketSession<Stream>::WebSocketSession(Stream&& stream, SignalingHub& hub,
                                           const WebSocketLimits& limits, ConnectionSlot slot)
    : stream_(std::move(stream)),
      hub_(hub),
      limits_(limits),
      slot_(std::move(slot)),
      reader_(limits.max_message_bytes) {}

template <class Stream>
WebSocketSession<Stream>::~WebSocketSession() = default;

template <class Stream>
auto& WebSocketSession<Stream>::socket() {
  if constexpr (kIsTls<Stream>) {
    return boost::beast::get_lowest_layer(stream_).socket();
  } else {
    return stream_;
  }
}

template <class Stream>
void WebSocketSession<Stream>::start(std::string response, std::string early_bytes) {
  last_received_ = Clock::now();
  boost::system::error_code ignored;
  if constexpr (!kIsTls<Stream>) socket().non_blocking(true, ignored);
  // The 101 goes first, as raw bytes (no frame header), ahead of anything the hub sends.
  frames_.push_back(
      {Opcode::kText, std::make_shared<const std::string>(std::move(response)), true});
  queued_bytes_ += queue_cost(frames_.back());
  id_ = hub_.attach(shared_from_this());
  attached_ = true;
  flush();
  if (!early_bytes.empty()) on_bytes(early_bytes.data(), early_bytes.size());
  if (socket_closed_) return;
  if constexpr (kIsTls<Stream>) {
    tls_read_buffer_.reset(new char[kTlsReadBytes]);
    read_tls();
  } else {
    wait_readable();
  }
}

// [SECTION] Reading

template <class Stream>
void WebSocketSession<Stream>::wait_readable() {
  socket().async_wait(
      asio::socket_base::wait_read,
      [self = shared_from_this()](boost::system::error_code error) { self->on_readable(error); });
}

template <class Stream>
void WebSocketSession<Stream>::on_readable(boost::system::error_code error) {
  if (socket_closed_) return;
  if (error) return on_connection_error(error);
  char* buffer = shared_read_buffer();
  boost::system::error_code read_error;
  const std::size_t size = socket().read_some(asio::buffer(buffer, kSharedReadBytes), read_error);
  if (read_error == asio::error::would_block) return wait_readable();
  if (read_error) return on_connection_error(read_error);
  on_bytes(buffer, size);
  if (socket_closed_) return;
  if (size < kSharedReadBytes) return wait_readable();  // emptied: new bytes will wake us
  // A full buffer: more is probably waiting. One buffer is all one connection gets per
  // turn; the rest is read after every other ready handler has run, so a client that
  // never stops sending cannot keep the one I/O thread from everyone else.
  asio::post(socket().get_executor(), [self = shared_from_this()] { self->on_readable({}); });
}

template <class Stream>
void WebSocketSession<Stream>::read_tls() {
  stream_.async_read_some(
      asio::buffer(tls_read_buffer_.get(), kTlsReadBytes),
      [self = shared_from_this()](boost::system::error_code error, std::size_t size) {
        if (self->socket_closed_) return;
        if (error) return self->on_connection_error(error);
        self->on_bytes(self->tls_read_buffer_.get(), size);
        if (!self->socket_closed_) self->read_tls();
      });
}

template <class Stream>
void WebSocketSession<Stream>::on_bytes(char* data, std::size_t size) {
  last_received_ = Clock::now();
  ping_outstanding_ = false;
  if (reader_failed_) return;  // after a violation or the peer's close: discarded
  // What the chunk's frames make us send is written once, after the whole chunk: a
  // burst of pings then costs one write with one pong, not a write per ping.
  handling_bytes_ = true;
  const auto violation = reader_.feed(
      {data, size},
      [this](Opcode opcode, std::string_view payload) { return on_message(opcode, payload); });
  handling_bytes_ = false;
  if (violation) {
    reader_failed_ = true;
    log_event(
        LogLevel::kInfo, "websocket-protocol-error",
        {{"connection", id_}, {"code", violation->close_code}, {"reason", violation->reason}});
    close_now({violation->close_code, std::string(violation->reason)});
  }
  flush();
}

// Returns whether to go on reading frames from this chunk.
template <class Stream>
bool WebSocketSession<Stream>::on_message(Opcode opcode, std::string_view payload) {
  switch (opcode) {
    case Opcode::kText:
      if (!closing_) hub_.on_frame(id_, payload, SignalingHub::Clock::now());
      return !socket_closed_;
    case Opcode::kBinary:
      close_now({websocket::close_code::kUnsupportedData, "signaling uses text frames"});
      return true;  // on to the peer's close frame
    case Opcode::kPing:
    case Opcode::kPong:
      // Control frames spend the same budget as messages; over it they go unanswered
      // and count as violations, so a ping flood ends like a message flood.
      if (closing_ || !hub_.charge_control_frame(id_, last_received_)) return !socket_closed_;
      if (opcode == Opcode::kPing) queue_pong(payload);
      return !socket_closed_;
    case Opcode::kClose: {
      close_frame_received_ = true;
      reader_failed_ = true;  // nothing may follow a close frame
      const auto close = websocket::parse_close_payload(payload);
      if (const auto* violation = std::get_if<websocket::Violation>(&close)) {
        close_now({violation->close_code, std::string(violation->reason)});
      } else if (close_frame_written_) {
        drop();  // the handshake we started is complete
      } else {
        // Echo the peer's code (RFC 6455 section 5.5.1); the socket closes once it is out.
        const auto code =
            std::get<websocket::ReceivedClose>(close).code.value_or(websocket::close_code::kNormal);
        client_will_resume_ = code == protocol::kResumingCloseCode;
        close_now({code, ""});
      }
      return false;
    }
    case Opcode::kContinuation:
      break;  // the reader never hands these out
  }
  return true;
}

// [SECTION] Writing

template <class Stream>
void WebSocketSession<Stream>::send(std::shared_ptr<const std::string> frame) {
  if (closing_ || socket_closed_) return;
  enqueue(Opcode::kText, std::move(frame));
}

template <class Stream>
bool WebSocketSession<Stream>::enqueue(Opcode opcode, std::shared_ptr<const std::string> payload) {
  QueuedFrame frame{opcode, std::move(payload), false};
  const std::size_t cost = queue_cost(frame);
  if (slow_consumer_) return false;  // its close is on its way; nothing more is queued
  if (queued_bytes_ + cost > limits_.max_queued_bytes) {
    slow_consumer_ = true;
    hub_.metrics().slow_consumers_dropped.fetch_add(1, std::memory_order_relaxed);
    log_event(LogLevel::kWarning, "slow-consumer",
              {{"connection", id_}, {"queued_bytes", queued_bytes_}});
    // Posted: the hub may be in the middle of telling the room about us (a welcome is
    // followed by peer-joined), and peer-left must come after that, not before.
    close_later({websocket::close_code::kPolicyViolation, "too slow to keep up"},
                QueuedFrames::kDrop);
    return false;
  }
  queued_bytes_ += cost;
  hub_.metrics().note_write_queue(queued_bytes_);
  frames_.push_back(std::move(frame));
  if (!handling_bytes_) flush();
  return true;
}

template <class Stream>
bool WebSocketSession<Stream>::pong_unsent() const {
  if (!queued_pong_) return false;
  if (*queued_pong_ > next_frame_) return true;
  // The front frame: replaceable while none of it is out and no TLS write holds it.
  return front_written_ == 0 && !(kIsTls<Stream> && writing_);
}

template <class Stream>
void WebSocketSession<Stream>::queue_pong(std::string_view ping_payload) {
  auto payload = std::make_shared<const std::string>(ping_payload);
  if (pong_unsent()) {
    // RFC 6455 section 5.5.3: a pong may answer only the most recent of several pings.
    QueuedFrame& pong = frames_[*queued_pong_];
    queued_bytes_ -= queue_cost(pong);
    pong.payload = std::move(payload);
    queued_bytes_ += queue_cost(pong);
    return;
  }
  if (enqueue(Opcode::kPong, std::move(payload))) queued_pong_ = frames_.size() - 1;
}

template <class Stream>
void WebSocketSession<Stream>::flush() {
  if (writing_ || socket_closed_ || next_frame_ == frames_.size()) return;
  if constexpr (kIsTls<Stream>) {
    write_tls();
  } else {
    flush_plain();
  }
}

template <class Stream>
void WebSocketSession<Stream>::flush_plain() {
  while (next_frame_ < frames_.size() && !socket_closed_) {
    // Header and payload of up to kMaxFramesPerSend frames in one gathered send.
    std::array<websocket::FrameHeader, kMaxFramesPerSend> headers;
    std::array<asio::const_buffer, 2 * kMaxFramesPerSend> buffers;
    std::size_t buffer_count = 0;
    std::size_t skip = front_written_;
    for (std::size_t i = 0; i < kMaxFramesPerSend && next_frame_ + i < frames_.size(); ++i) {
      const QueuedFrame& frame = frames_[next_frame_ + i];
      std::string_view header;
      if (!frame.raw) {
        headers[i] = websocket::frame_header(frame.opcode, frame.payload->size());
        header = headers[i].view();
      }
      for (const std::string_view part : {header, std::string_view(*frame.payload)}) {
        const std::size_t skipped = std::min(skip, part.size());
        skip -= skipped;
        if (part.size() > skipped) {
          buffers[buffer_count++] = asio::buffer(part.data() + skipped, part.size() - skipped);
        }
      }
    }
    boost::system::error_code error;
    const std::size_t written = socket().write_some(std::span(buffers.data(), buffer_count), error);
    if (error == asio::error::would_block) {
      // The socket is full: wait until the peer has read some.
      writing_ = true;
      write_blocked_since_ = Clock::now();
      socket().async_wait(asio::socket_base::wait_write,
                          [self = shared_from_this()](boost::system::error_code wait_error) {
                            self->writing_ = false;
                            if (wait_error) return;
                            self->flush();
                          });
      return;
    }
    if (error) return on_connection_error(error);
    on_written(written);
  }
}

template <class Stream>
void WebSocketSession<Stream>::write_tls() {
  const QueuedFrame& frame = frames_[next_frame_];
  tls_header_ = frame.raw ? websocket::FrameHeader{}
                          : websocket::frame_header(frame.opcode, frame.payload->size());
  writing_ = true;
  write_blocked_since_ = Clock::now();
  const std::array buffers{asio::buffer(tls_header_.view()), asio::buffer(*frame.payload)};
  // The handler owns the payload too: a TLS write of several records reads it again after
  // each, and drop() may empty the queue in between.
  asio::async_write(stream_, buffers,
                    [self = shared_from_this(), payload = frame.payload](
                        boost::system::error_code error, std::size_t size) {
                      self->writing_ = false;
                      if (self->socket_closed_) return;
                      if (error) return self->on_connection_error(error);
                      self->on_written(size);
                      self->flush();
                    });
}

template <class Stream>
void WebSocketSession<Stream>::on_written(std::size_t bytes) {
  front_written_ += bytes;
  auto& metrics = hub_.metrics();
  while (next_frame_ < frames_.size()) {
    QueuedFrame& frame = frames_[next_frame_];
    const std::size_t total = wire_size(frame);
    if (front_written_ < total) break;
    front_written_ -= total;
    queued_bytes_ -= queue_cost(frame);
    if (!frame.raw && frame.opcode == Opcode::kText) {
      metrics.frames_sent.fetch_add(1, std::memory_order_relaxed);
      metrics.bytes_sent.fetch_add(frame.payload->size(), std::memory_order_relaxed);
    }
    const bool close_frame = !frame.raw && frame.opcode == Opcode::kClose;
    frame.payload.reset();
    if (queued_pong_ == next_frame_) queued_pong_.reset();
    ++next_frame_;
    if (close_frame) return on_close_frame_written();
  }
  if (next_frame_ == frames_.size()) {
    // Emptied: give the memory back, so an idle connection holds no queue.
    std::vector<QueuedFrame>().swap(frames_);
    next_frame_ = 0;
  } else if (next_frame_ >= kCompactAfterFrames && 2 * next_frame_ >= frames_.size()) {
    frames_.erase(frames_.begin(), frames_.begin() + static_cast<std::ptrdiff_t>(next_frame_));
    if (queued_pong_) *queued_pong_ -= next_frame_;
    next_frame_ = 0;
  }
}

// The peer went away (reset, EOF) or the socket failed.
template <class Stream>
void WebSocketSession<Stream>::on_connection_error(boost::system::error_code error) {
  if (!closing_ && error != asio::error::eof) {
    log_event(LogLevel::kInfo, "websocket-ended",
              {{"connection", id_}, {"reason", error.message()}});
  }
  drop();
}

// [SECTION] Closing

template <class Stream>
void WebSocketSession<Stream>::close(CloseReason reason) {
  // The hub's 1001 is a shutdown (its echo of a client's 1001 does not come this way).
  if (reason.code == websocket::close_code::kGoingAway && !closing_) sent_away_ = true;
  // Posted: the hub may call this while it is still handling one of our frames.
  close_later(std::move(reason), QueuedFrames::kFlush);
}

template <class Stream>
void WebSocketSession<Stream>::close_later(CloseReason reason, QueuedFrames queued) {
  if (closing_ || socket_closed_) return;
  if (posted_close_) {
    // One close is under way; a slow consumer found meanwhile still drops the backlog.
    if (queued == QueuedFrames::kDrop) posted_close_queued_ = QueuedFrames::kDrop;
    return;
  }
  posted_close_ = true;
  posted_close_queued_ = queued;
  asio::post(socket().get_executor(), [self = shared_from_this(), reason = std::move(reason)] {
    self->close_now(reason, self->posted_close_queued_);
  });
}

template <class Stream>
void WebSocketSession<Stream>::close_now(CloseReason reason, QueuedFrames queued) {
  if (closing_ || socket_closed_) return;
  closing_ = true;  // nothing new is queued from now on
  close_deadline_ = Clock::now() + kCloseHandshakeTimeout;
  // The room hears peer-left now, not after the handshake: whoever closes - the client
  // (its close frame) or the server (a violation, a slow consumer) - meant it to end, so
  // the seat is not held. A connection lost without a close (dead, reset: finish() below)
  // keeps its seat for a resume, and so does one its client gave up for dead and will
  // resume (its close frame can still arrive, late), and one this server sends away as it
  // shuts down (1001): its client resumes on another instance, which takes the seat.
  if (attached_) {
    const bool hold = client_will_resume_ || sent_away_;
    hub_.depart(id_, Clock::now(), hold ? rooms::HoldId::kYes : rooms::HoldId::kNo);
  }
  if (queued == QueuedFrames::kDrop) {
    // Keep only a frame that is partly out (or being written): it cannot be taken back.
    const bool front_in_flight = front_written_ > 0 || (kIsTls<Stream> && writing_);
    const std::size_t keep = next_frame_ + (front_in_flight ? 1 : 0);
    if (keep < frames_.size()) frames_.resize(keep);
    if (queued_pong_ && *queued_pong_ >= frames_.size()) queued_pong_.reset();
    queued_bytes_ = 0;
    for (std::size_t i = next_frame_; i < frames_.size(); ++i) {
      queued_bytes_ += queue_cost(frames_[i]);
    }
  }
  // The close frame goes whatever the queue holds: it is the one frame still owed.
  frames_.push_back(
      {Opcode::kClose,
       std::make_shared<const std::string>(websocket::close_payload(reason.code, reason.text)),
       false});
  queued_bytes_ += queue_cost(frames_.back());
  if (!handling_bytes_) flush();
}

template <class Stream>
void WebSocketSession<Stream>::on_close_frame_written() {
  close_frame_written_ = true;
  if (close_frame_received_) return drop();
  // Otherwise read on (discarding data) until the peer's close frame, its EOF, or the
  // close deadline; a plain socket can already say it will send nothing more.
  if constexpr (!kIsTls<Stream>) {
    boost::system::error_code ignored;
    socket().shutdown(asio::socket_base::shutdown_send, ignored);
  }
}

template <class Stream>
void WebSocketSession<Stream>::keep_alive(Clock::time_point now) {
  if (socket_closed_) return;
  if (closing_) {
    if (now >= close_deadline_) drop();  // the peer never finished the close handshake
    return;
  }
  if (writing_ && now - write_blocked_since_ >= limits_.idle_timeout) {
    // The peer has not read anything for a whole timeout: a slow consumer too.
    hub_.metrics().slow_consumers_dropped.fetch_add(1, std::memory_order_relaxed);
    log_event(LogLevel::kWarning, "slow-consumer", {{"connection", id_}, {"stalled", true}});
    // Dropped for not keeping up, as a full queue is (close_now): no seat is held.
    if (attached_) hub_.depart(id_, now, rooms::HoldId::kNo);
    return drop();
  }
  switch (
      websocket::keep_alive_step(now - last_received_, ping_outstanding_, limits_.idle_timeout)) {
    case websocket::KeepAliveStep::kPing:
      ping_outstanding_ = true;
      enqueue(Opcode::kPing, empty_payload());
      break;
    case websocket::KeepAliveStep::kDrop:
      log_event(LogLevel::kInfo, "websocket-dead", {{"connection", id_}});
      drop();
      break;
    case websocket::KeepAliveStep::kWait:
      break;
  }
}

template <class Stream>
void WebSocketSession<Stream>::drop() {
  if (socket_closed_) return;
  socket_closed_ = true;
  boost::system::error_code ignored;
  socket().close(ignored);  // pending waits complete with operation_aborted and let go
  std::vector<QueuedFrame>().swap(frames_);
  next_frame_ = 0;
  queued_bytes_ = 0;
  queued_pong_.reset();
  finish();
}

template <class Stream>
void WebSocketSession<Stream>::finish() {
  if (!attached_) return;
  attached_ = false;
  hub_.detach(id_);
}

template class WebSocketSession<PlainSocket>;
template class WebSocketSession<TlsStream>;

}  // namespace parley::server
