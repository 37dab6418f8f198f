// One end of a negotiated data channel that both peers create with the same id, made
// dependable: it says when the other end is listening, and it reopens the channel after an
// unexpected close.
//
//   ChannelLink chat([&] { return session.create_data_channel({"parley-chat", 126}); },
//                    scheduler, {.on_up = ..., .on_text = ...});
//   if (chat.up()) chat.send_text(frame);
//
// Why a hello: a negotiated channel is "open" as soon as our end and the SCTP association
// exist, but what we send before the peer has created its end is dropped - and a message
// can arrive before our own "open" event, when we cannot answer yet. So an end that is not
// up repeats {"type":"hello"}; every hello is answered with {"type":"hello-ack"}; an end is
// up once it has heard a hello or an ack (not just any message: after a cut, the last
// messages of the peer's old end can arrive on our new one). Acks are never answered, so
// the exchange ends. Both carry the sender's session - one per Call, so a page reloaded
// under the same peer id is told apart: {"type":"hello","session":"k2x..."}. A peer that never
// answers (a client without Parley's channels) leaves the link down, and callers keep their
// messages. After a close we did not ask for (the peer closed it, a test hook cut it), the channel
// is created again under the same id and the handshake repeats: on_down, then on_up.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "core/ports/data_channel.h"
#include "core/ports/scheduler.h"

namespace parley::data {

class ChannelLink {
 public:
  using Opener = std::function<std::variant<std::unique_ptr<ports::DataChannel>, ports::Failure>()>;

  struct Handlers {
    std::function<void()> on_up;
    std::function<void()> on_down;  // was up; messages in flight may be lost
    std::function<void(const std::string&)> on_text;
    std::function<void(ports::BytesRef)> on_binary;
    std::function<void()> on_writable;  // bufferedAmount fell to the low threshold
    std::function<void(const std::string&)> on_error;
    // A hello or ack named the peer's session (each time one does; empty from a peer
    // that sends none).
    std::function<void(const std::string& session)> on_peer_session;
  };

  struct Settings {
    std::chrono::milliseconds hello_interval{250};
    std::chrono::milliseconds first_reopen_delay{100};
    std::chrono::milliseconds max_reopen_delay{5'000};
    std::size_t buffered_amount_low_threshold = 1 << 20;
    std::string session;  // ours, named in every hello and ack
  };

  ChannelLink(Opener opener, ports::Scheduler& scheduler, Handlers handlers, Settings settings);
  ChannelLink(Opener opener, ports::Scheduler& scheduler, Handlers handlers)
      : ChannelLink(std::move(opener), scheduler, std::move(handlers), Settings{}) {}
  ~ChannelLink();
  ChannelLink(const ChannelLink&) = delete;
  ChannelLink& operator=(const ChannelLink&) = delete;

  bool up() const { return up_; }
  // Sends on the channel; a failure if the link is down or the browser refused.
  std::optional<ports::Failure> send_text(const std::string& text);
  std::optional<ports::Failure> send_binary(const std::string& head, const ports::BytesRef& body);
  std::size_t buffered_amount() const;
  std::size_t buffered_amount_low_threshold() const {
    return settings_.buffered_amount_low_threshold;
  }
  // Closes the channel as if the path had been cut: it is reopened (tests use this).
  void cut();

  // Without a session (what a peer that names none sends).
  static constexpr const char* kHello = R"({"type":"hello"})";
  static constexpr const char* kHelloAck = R"({"type":"hello-ack"})";
  static constexpr std::size_t kMaxSessionBytes = 64;
  static std::string hello(const std::string& session, bool ack = false);

 private:
  void open();
  void on_open();
  void on_close();
  void on_text(const std::string& text);
  void say_hello();
  void heard_from_peer(const std::string& session);
  void send_ack();
  void become_up_if_ready();
  void reopen_later();

  Opener opener_;
  Handlers handlers_;
  Settings settings_;
  std::unique_ptr<ports::DataChannel> channel_;
  ports::Timer hello_timer_;
  ports::Timer reopen_timer_;
  std::chrono::milliseconds reopen_delay_;
  bool up_ = false;
  bool open_ = false;   // our end's "open" event came: send() works
  bool heard_ = false;  // a hello or an ack came from the peer's current end
  bool open_failed_ = false;
  // Handlers of a replaced channel must not reach us: each channel gets a generation.
  std::shared_ptr<unsigned> generation_ = std::make_shared<unsigned>(0);
};

}  // namespace parley::data
