#include "core/chat/chat_room.h"

#include "core/overloaded.h"

namespace parley::chat {

ChatRoom::ChatRoom(Handlers handlers) : handlers_(std::move(handlers)) {}

void ChatRoom::set_self(std::string self_id, std::string self_name) {
  log_.set_self(std::move(self_id), std::move(self_name));
  joined_ = true;
}

std::variant<ChatMessage, ChatError> ChatRoom::post(std::string_view text, std::int64_t now_ms) {
  auto checked = check_outgoing_text(text);
  if (auto* error = std::get_if<ChatError>(&checked)) return *error;
  if (!joined_) return ChatError{"not-joined", "join a room before sending messages"};
  const ChatMessage message = log_.compose(std::get<std::string>(std::move(checked)), now_ms);
  if (handlers_.on_message) handlers_.on_message(message, true);
  for (auto& [peer_id, outbox] : outboxes_) {
    if (outbox.size() == kMaxOutbox) {
      outbox.pop_front();
      if (handlers_.on_problem) {
        handlers_.on_problem(
            peer_id, {"not-delivered", "messages to " + peer_id +
                                           " are not getting through; the oldest was dropped"});
      }
    }
    outbox.push_back(message);
    deliver(peer_id, message);
  }
  return message;
}

void ChatRoom::add_peer(const std::string& peer_id) {
  outboxes_.try_emplace(peer_id);
}

void ChatRoom::remove_peer(const std::string& peer_id) {
  outboxes_.erase(peer_id);
}

void ChatRoom::on_link_up(const std::string& peer_id) {
  const auto it = outboxes_.find(peer_id);
  if (it == outboxes_.end()) return;
  for (const ChatMessage& message : it->second) deliver(peer_id, message);
}

void ChatRoom::deliver(const std::string& peer_id, const ChatMessage& message) {
  handlers_.send(peer_id, serialize(message));  // if the link is down, on_link_up resends
}

void ChatRoom::on_frame(const std::string& peer_id, const std::string& frame) {
  const auto refuse = [&](const ChatError& error) {
    if (handlers_.on_problem) handlers_.on_problem(peer_id, error);
  };
  auto parsed = parse_chat_frame(frame);
  std::visit(Overloaded{
                 [&](ChatMessage& message) {
                   const std::uint64_t seq = message.seq;
                   const ChatMessage copy = message;
                   switch (log_.receive(peer_id, std::move(message))) {
                     case Receipt::kAdded:
                       if (handlers_.on_message) handlers_.on_message(copy, false);
                       break;
                     case Receipt::kDuplicate:
                     case Receipt::kStale:
                       break;  // a resend: it has it, acknowledge again
                     case Receipt::kSpoofed:
                       return refuse({"spoofed", peer_id + " sent a message in the name of " +
                                                     copy.sender + "; it was refused"});
                   }
                   handlers_.send(peer_id, serialize(ChatAck{seq}));
                 },
                 [&](const ChatAck& ack) {
                   const auto it = outboxes_.find(peer_id);
                   if (it == outboxes_.end()) return;
                   auto& outbox = it->second;
                   while (!outbox.empty() && outbox.front().seq <= ack.seq) outbox.pop_front();
                 },
                 [&](const ChatError& error) {
                   refuse({error.code,
                           "a chat message from " + peer_id + " was refused: " + error.message});
                 },
             },
             parsed);
}

std::size_t ChatRoom::pending_for(const std::string& peer_id) const {
  const auto it = outboxes_.find(peer_id);
  return it == outboxes_.end() ? 0 : it->second.size();
}

}  // namespace parley::chat
