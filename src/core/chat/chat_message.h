// Chat messages as they travel on a peer's reliable, ordered "chat" data channel: JSON
//
//   {"type":"chat","sender":"<peerId>","seq":7,"name":"Ada","text":"hello","sentAt":1764000000000}
//
// `seq` counts the sender's messages from 1; (sender, seq) is the message id. The receiver
// answers each with {"type":"chat-ack","seq":7}: every message up to 7 has arrived (the
// channel is ordered), so the sender may forget them. Parsing is
// defensive - a peer's bytes are as hostile as anyone's: size, nesting depth (checked
// before the DOM is built), UTF-8, types and lengths are checked, and every refusal says
// why with a stable code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace parley::chat {

inline constexpr std::size_t kMaxTextBytes = 4'000;    // about a page of text
inline constexpr std::size_t kMaxFrameBytes = 16'384;  // the whole message on the wire
inline constexpr std::size_t kMaxNameBytes = 64;

struct ChatMessage {
  std::string sender;  // the sender's peer id
  std::uint64_t seq = 0;
  std::string name;  // the sender's display name when it sent this
  std::string text;
  std::int64_t sent_at_ms = 0;  // the sender's clock, milliseconds since the Unix epoch

  std::string id() const { return sender + ":" + std::to_string(seq); }
  bool operator==(const ChatMessage&) const = default;
};

struct ChatAck {
  std::uint64_t seq = 0;
  bool operator==(const ChatAck&) const = default;
};

struct ChatError {
  std::string code;  // "too-large", "bad-json", "bad-message", "text-too-long"
  std::string message;
};

// Any frame of the chat channel.
std::variant<ChatMessage, ChatAck, ChatError> parse_chat_frame(std::string_view frame);
// A frame that must be a message (an ack is refused).
std::variant<ChatMessage, ChatError> parse_chat_message(std::string_view frame);
std::string serialize(const ChatMessage& message);
std::string serialize(const ChatAck& ack);

// Checks what a person typed before it is sent: not empty (after trimming), not too long.
std::variant<std::string, ChatError> check_outgoing_text(std::string_view text);

}  // namespace parley::chat
