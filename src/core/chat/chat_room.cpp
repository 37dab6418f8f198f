#include "core/chat/chat_room.h"

#include "core/base/overloaded.h"
#include "core/text/display_text.h"

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
  budgets_.try_emplace(peer_id);
}

void ChatRoom::remove_peer(const std::string& peer_id) {
  outboxes_.erase(peer_id);
  budgets_.erase(peer_id);
  log_.forget_sender(peer_id);  // whoever comes back under this id counts from 1
}

void ChatRoom::peer_restarted(const std::string& peer_id) {
  // Only the numbering: what it has not acknowledged goes with the next periodic resend,
  // so a peer alternating sessions in its hellos cannot make us resend the outbox at will.
  log_.forget_sender(peer_id);
}

void ChatRoom::on_link_up(const std::string& peer_id) {
  const auto it = outboxes_.find(peer_id);
  if (it == outboxes_.end()) return;
  for (const ChatMessage& message : it->second) deliver(peer_id, message);
}

void ChatRoom::deliver(const std::string& peer_id, const ChatMessage& message) {
  handlers_.send(peer_id, serialize(message));  // if the link is down, on_link_up resends
}

bool ChatRoom::within_budget(const std::string& peer_id, Clock::time_point now) {
  const auto it = budgets_.find(peer_id);
  if (it == budgets_.end()) return false;  // not a peer of this call (any more)
  Budget& budget = it->second;
  if (budget.frames.try_take(now)) return true;
  if (!budget.told && handlers_.on_problem) {
    budget.told = true;
    handlers_.on_problem(peer_id, {"flood", peer_id + " is sending chat faster than " +
                                                std::to_string(int(kFramesPerSecond)) +
                                                " frames a second; the excess is ignored"});
  }
  return false;
}

void ChatRoom::on_frame(const std::string& peer_id, const std::string& frame,
                        Clock::time_point now) {
  // Checked before parsing: a flood costs as little as possible. A message dropped here is
  // not acknowledged, so an honest sender sends it again.
  if (!within_budget(peer_id, now)) return;
  auto parsed = parse_chat_frame(frame);
  std::visit(Overloaded{
                 [&](ChatMessage& message) { on_message(peer_id, std::move(message)); },
                 [&](const ChatAck& ack) {
                   const auto it = outboxes_.find(peer_id);
                   if (it == outboxes_.end()) return;
                   auto& outbox = it->second;
                   while (!outbox.empty() && outbox.front().seq <= ack.seq) outbox.pop_front();
                 },
                 [&](const ChatError& error) {
                   if (handlers_.on_problem) {
                     handlers_.on_problem(peer_id,
                                          {error.code, "a chat message from " + peer_id +
                                                           " was refused: " + error.message});
                   }
                 },
             },
             parsed);
}

void ChatRoom::on_message(const std::string& peer_id, ChatMessage message) {
  // Shown under the name the server announced for the channel's peer (none: its id is
  // shown), whatever the frame claims, and without characters that hide or reorder text.
  message.name = handlers_.name_of ? handlers_.name_of(peer_id) : "";
  message.text = text::display_chat_text(message.text);
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
      if (handlers_.on_problem) {
        handlers_.on_problem(peer_id, {"spoofed", peer_id + " sent a message in the name of " +
                                                      copy.sender + "; it was refused"});
      }
      return;
  }
  handlers_.send(peer_id, serialize(ChatAck{seq}));
}

std::size_t ChatRoom::pending_for(const std::string& peer_id) const {
  const auto it = outboxes_.find(peer_id);
  return it == outboxes_.end() ? 0 : it->second.size();
}

}  // namespace parley::chat
