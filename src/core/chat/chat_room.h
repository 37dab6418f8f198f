// The chat of a call, carried on each peer's chat link (full mesh: everyone sends to
// everyone directly).
//
//   ChatRoom chat({.send = ..., .on_message = ..., .on_problem = ...});
//   chat.set_self("ada-1", "Ada");
//   chat.add_peer("bob-2");                 // a new session
//   chat.on_link_up("bob-2");               // its chat link works: what waits is sent
//   chat.post("hello", now_ms);             // to everyone
//   chat.on_frame("bob-2", frame);          // from bob's link
//
// Nothing is lost to a reconnect: each message stays in the peer's outbox until that peer
// acknowledges it, and the outbox is sent again whenever the link comes up; the receiver's
// ChatLog drops what it already has. A peer that cannot take chat (a reference client)
// never acknowledges; its outbox is bounded and what falls out is reported.
//
// A peer's frames are as hostile as anyone's: each peer has a budget of frames a second
// (over it, messages are dropped unacknowledged, so an honest sender's resend brings them
// later), the log keeps the latest ChatLog::kMaxMessages, the name shown is the one the
// server announced for the sender (handlers.name_of), and the text is shown without
// control or bidi-override characters.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "core/base/token_bucket.h"
#include "core/chat/chat_log.h"
#include "core/chat/chat_message.h"

namespace parley::chat {

class ChatRoom {
 public:
  static constexpr std::size_t kMaxOutbox = 256;  // unacknowledged messages per peer
  // Frames (messages and acks) a peer may send: people type slowly, and a resend after a
  // reconnect that goes over it is only spread out.
  static constexpr double kFramesPerSecond = 20;
  static constexpr double kFrameBurst = 100;
  using Clock = TokenBucket::Clock;

  struct Handlers {
    // Sends a frame on the peer's chat link; false if the link cannot take it now.
    std::function<bool(const std::string& peer_id, const std::string& frame)> send;
    std::function<void(const ChatMessage& message, bool own)> on_message;
    // A peer sent something refused, or messages to it had to be given up.
    std::function<void(const std::string& peer_id, const ChatError& problem)> on_problem;
    // The display name the server announced for a peer id (empty: the id is shown).
    std::function<std::string(const std::string& peer_id)> name_of;
  };

  explicit ChatRoom(Handlers handlers);

  void set_self(std::string self_id, std::string self_name);
  // Our message, to every peer; the error says why not (empty, too long, not joined).
  std::variant<ChatMessage, ChatError> post(std::string_view text, std::int64_t now_ms);

  void add_peer(const std::string& peer_id);
  void remove_peer(const std::string& peer_id);
  // The peer id is now a new instance (a reloaded page): its messages count from 1 again
  // (ours still unacknowledged reach it with the next resend).
  void peer_restarted(const std::string& peer_id);
  void on_link_up(const std::string& peer_id);
  void on_frame(const std::string& peer_id, const std::string& frame, Clock::time_point now);

  ChatLog& log() { return log_; }
  const ChatLog& log() const { return log_; }
  // Messages this peer has not acknowledged yet.
  std::size_t pending_for(const std::string& peer_id) const;

 private:
  struct Budget {
    TokenBucket frames{kFramesPerSecond, kFrameBurst};
    bool told = false;  // the person heard of this peer's flood (once per peer)
  };

  void deliver(const std::string& peer_id, const ChatMessage& message);
  bool within_budget(const std::string& peer_id, Clock::time_point now);
  void on_message(const std::string& peer_id, ChatMessage message);

  Handlers handlers_;
  ChatLog log_{"", ""};
  bool joined_ = false;
  std::map<std::string, std::deque<ChatMessage>> outboxes_;
  std::map<std::string, Budget> budgets_;  // of the peers added
};

}  // namespace parley::chat
