// The chat of one call as this client sees it: every message once, in order per sender,
// with an unread count for the panel's badge. Messages come from a peer's own data channel
// (full mesh: each sender sends to everyone directly), so a message whose `sender` is not
// the peer it came from is refused - nobody speaks for someone else.
//
//   ChatLog log("me", "Ada");
//   const ChatMessage mine = log.compose("hello", now_ms);    // send serialize(mine) to all
//   switch (log.receive("bob", message)) { ... }              // from bob's channel
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include "core/chat/chat_message.h"

namespace parley::chat {

enum class Receipt {
  kAdded,
  kDuplicate,  // seen already (a resend after a reconnect): ignored
  kStale,      // older than the last one from that sender: ignored, order is kept
  kSpoofed,    // sender is not the peer whose channel it came on: refused
};

class ChatLog {
 public:
  // The latest messages kept (and drawn); older ones fall out.
  static constexpr std::size_t kMaxMessages = 1'000;

  ChatLog(std::string self_id, std::string self_name);

  // A new message of ours (seq counted up), added to the log.
  ChatMessage compose(std::string text, std::int64_t now_ms);
  Receipt receive(const std::string& from_peer, ChatMessage message);

  const std::deque<ChatMessage>& messages() const { return messages_; }
  std::size_t unread() const { return unread_; }
  void mark_read() { unread_ = 0; }
  // A sender's numbering starts again (a new instance of that peer): its next seq 1 is new.
  void forget_sender(const std::string& sender) { last_seq_.erase(sender); }
  // Our own id changes when we join (the server may assign it).
  void set_self(std::string self_id, std::string self_name);

 private:
  void add(ChatMessage message);

  std::string self_id_;
  std::string self_name_;
  std::uint64_t next_seq_ = 1;
  std::map<std::string, std::uint64_t> last_seq_;  // sender -> highest seq taken
  std::deque<ChatMessage> messages_;
  std::size_t unread_ = 0;
};

}  // namespace parley::chat
