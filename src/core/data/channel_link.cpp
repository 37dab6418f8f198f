#include "core/data/channel_link.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

namespace parley::data {
namespace {

struct Hello {
  bool ack = false;
  std::string session;
};

// A hello or ack, with or without a session; nullopt for anything else.
std::optional<Hello> parse_hello(const std::string& text) {
  if (text == ChannelLink::kHello) return Hello{false, {}};
  if (text == ChannelLink::kHelloAck) return Hello{true, {}};
  // Most frames are not parsed here at all; a hello is tiny, so a large frame that merely
  // starts like one is passed on (to the chat's own size and rate checks), not parsed.
  constexpr std::size_t kMaxHelloBytes = 128 + ChannelLink::kMaxSessionBytes;
  if (text.size() > kMaxHelloBytes || !text.starts_with(R"({"type":"hello)")) return std::nullopt;
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  const auto type = json.find("type");
  if (type == json.end() || !type->is_string()) return std::nullopt;
  const bool ack = *type == "hello-ack";
  if (!ack && *type != "hello") return std::nullopt;
  Hello hello{ack, {}};
  const auto session = json.find("session");
  if (session != json.end() && session->is_string() &&
      session->get_ref<const std::string&>().size() <= ChannelLink::kMaxSessionBytes)
    hello.session = session->get<std::string>();
  return hello;
}

}  // namespace

std::string ChannelLink::hello(const std::string& session, bool ack) {
  if (session.empty()) return ack ? kHelloAck : kHello;
  // "type" first, as parse_hello looks for it before parsing.
  return std::string(ack ? R"({"type":"hello-ack","session":)" : R"({"type":"hello","session":)") +
         nlohmann::json(session).dump() + "}";
}

ChannelLink::ChannelLink(Opener opener, ports::Scheduler& scheduler, Handlers handlers,
                         Settings settings)
    : opener_(std::move(opener)),
      handlers_(std::move(handlers)),
      settings_(settings),
      hello_timer_(scheduler),
      reopen_timer_(scheduler),
      reopen_delay_(settings.first_reopen_delay) {
  open();
}

ChannelLink::~ChannelLink() {
  ++*generation_;
  if (channel_) channel_->close();
}

void ChannelLink::open() {
  auto result = opener_();
  if (auto* failure = std::get_if<ports::Failure>(&result)) {
    // Said once per outage, not at every retry.
    if (!open_failed_ && handlers_.on_error)
      handlers_.on_error("could not open a data channel: " + failure->message);
    open_failed_ = true;
    return reopen_later();
  }
  open_failed_ = false;
  channel_ = std::move(std::get<std::unique_ptr<ports::DataChannel>>(result));
  channel_->set_buffered_amount_low_threshold(settings_.buffered_amount_low_threshold);
  const unsigned generation = ++*generation_;
  // Each handler checks that it belongs to the current channel.
  auto current = [weak = std::weak_ptr<unsigned>(generation_), generation] {
    const auto alive = weak.lock();
    return alive && *alive == generation;
  };
  channel_->set_handlers({
      .on_open =
          [this, current] {
            if (current()) on_open();
          },
      .on_close =
          [this, current] {
            if (current()) on_close();
          },
      .on_text =
          [this, current](const std::string& text) {
            if (current()) on_text(text);
          },
      .on_binary =
          [this, current](ports::BytesRef bytes) {
            if (current() && handlers_.on_binary) handlers_.on_binary(std::move(bytes));
          },
      .on_buffered_amount_low =
          [this, current] {
            if (current() && up_ && handlers_.on_writable) handlers_.on_writable();
          },
  });
  if (channel_->ready_state() == ports::DataChannel::State::kOpen) on_open();
}

void ChannelLink::on_open() {
  reopen_delay_ = settings_.first_reopen_delay;
  open_ = true;
  // Heard from the peer before we could send: the ack we owe goes now.
  if (heard_) send_ack();
  say_hello();
  become_up_if_ready();
}

void ChannelLink::say_hello() {
  if (up_ || !channel_) return;
  // A failure (not open yet, closing) is fine: the next one follows, or on_close does.
  channel_->send_text(hello(settings_.session));
  hello_timer_.start(settings_.hello_interval, [this] { say_hello(); });
}

void ChannelLink::send_ack() {
  channel_->send_text(hello(settings_.session, true));
}

void ChannelLink::on_text(const std::string& text) {
  if (const auto heard = parse_hello(text)) {
    if (!heard->ack && open_) send_ack();  // not open yet: on_open sends it
    return heard_from_peer(heard->session);
  }
  // Anything else does not prove the peer's new end exists: after a cut, what its old end
  // sent last can still arrive on our new one.
  if (handlers_.on_text && channel_) handlers_.on_text(text);
}

void ChannelLink::heard_from_peer(const std::string& session) {
  if (handlers_.on_peer_session) handlers_.on_peer_session(session);
  heard_ = true;
  become_up_if_ready();
}

void ChannelLink::become_up_if_ready() {
  // Up means both: the peer's end listens, and ours can send (a message may arrive
  // before our own "open" event, when send() would still throw).
  if (up_ || !open_ || !heard_) return;
  up_ = true;
  hello_timer_.stop();
  if (handlers_.on_up) handlers_.on_up();
}

void ChannelLink::on_close() {
  hello_timer_.stop();
  const bool was_up = up_;
  up_ = open_ = heard_ = false;
  ++*generation_;  // nothing more from the closed channel
  channel_.reset();
  if (was_up && handlers_.on_down) handlers_.on_down();
  reopen_later();
}

void ChannelLink::reopen_later() {
  reopen_timer_.start(reopen_delay_, [this] { open(); });
  reopen_delay_ = std::min(reopen_delay_ * 2, settings_.max_reopen_delay);
}

void ChannelLink::cut() {
  if (channel_) channel_->close();  // the close event reopens it
}

std::optional<ports::Failure> ChannelLink::send_text(const std::string& text) {
  if (!up_) return ports::Failure{"InvalidStateError", "the data channel is not connected"};
  return channel_->send_text(text);
}

std::optional<ports::Failure> ChannelLink::send_binary(const std::string& head,
                                                       const ports::BytesRef& body) {
  if (!up_) return ports::Failure{"InvalidStateError", "the data channel is not connected"};
  return channel_->send_binary(head, body);
}

std::size_t ChannelLink::buffered_amount() const {
  return channel_ ? channel_->buffered_amount() : 0;
}

}  // namespace parley::data
