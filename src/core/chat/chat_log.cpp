#include "core/chat/chat_log.h"

#include <algorithm>
#include <utility>

namespace parley::chat {

ChatLog::ChatLog(std::string self_id, std::string self_name)
    : self_id_(std::move(self_id)), self_name_(std::move(self_name)) {}

void ChatLog::set_self(std::string self_id, std::string self_name) {
  self_id_ = std::move(self_id);
  self_name_ = std::move(self_name);
}

ChatMessage ChatLog::compose(std::string text, std::int64_t now_ms) {
  ChatMessage message{self_id_, next_seq_++, self_name_, std::move(text), now_ms};
  last_seq_[self_id_] = message.seq;
  add(message);
  return message;
}

Receipt ChatLog::receive(const std::string& from_peer, ChatMessage message) {
  if (message.sender != from_peer) return Receipt::kSpoofed;
  auto& last = last_seq_[message.sender];
  if (message.seq == last) return Receipt::kDuplicate;
  if (message.seq < last) return Receipt::kStale;
  last = message.seq;
  add(std::move(message));
  unread_ = std::min(unread_ + 1, kMaxMessages);
  return Receipt::kAdded;
}

void ChatLog::add(ChatMessage message) {
  if (messages_.size() == kMaxMessages) messages_.pop_front();
  messages_.push_back(std::move(message));
}

}  // namespace parley::chat
