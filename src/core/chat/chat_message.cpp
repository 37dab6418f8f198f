#include "core/chat/chat_message.h"

#include <nlohmann/json.hpp>

#include "core/base/json_scan.h"
#include "core/protocol/peer_id.h"

namespace parley::chat {
namespace {

using nlohmann::json;
constexpr std::size_t kMaxDepth = 4;

ChatError bad(std::string message) {
  return {"bad-message", std::move(message)};
}

ChatError text_too_long(std::size_t bytes) {
  return {"text-too-long", "a chat message has at most " + std::to_string(kMaxTextBytes) +
                               " bytes of text; this one has " + std::to_string(bytes)};
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::variant<ChatMessage, ChatAck, ChatError> parse_chat_frame(std::string_view frame) {
  if (frame.size() > kMaxFrameBytes) {
    return ChatError{"too-large",
                     "a chat message is larger than " + std::to_string(kMaxFrameBytes) + " bytes"};
  }
  // Well-formedness, UTF-8 and depth first, without recursion; only then the DOM.
  const auto scan = scan_json(frame, kMaxDepth, [](const JsonMember&) {});
  if (scan.error) return ChatError{"bad-json", describe(*scan.error, kMaxDepth)};
  if (scan.top_level != JsonKind::kObject) return bad("a chat message is a JSON object");
  const json object = json::parse(frame, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) return ChatError{"bad-json", "a chat message is not valid JSON"};

  const json type = object.value("type", json());
  if (type == "chat-ack") {
    const auto seq = object.find("seq");
    if (seq == object.end() || !seq->is_number_unsigned() || seq->get<std::uint64_t>() == 0)
      return bad("seq must be a whole number from 1");
    return ChatAck{seq->get<std::uint64_t>()};
  }
  if (type != "chat") return bad("type must be \"chat\" or \"chat-ack\"");
  const auto sender = object.find("sender");
  if (sender == object.end() || !sender->is_string() ||
      !protocol::is_valid_peer_id(sender->get_ref<const std::string&>())) {
    return bad("sender must be a peer id");
  }
  const auto seq = object.find("seq");
  if (seq == object.end() || !seq->is_number_unsigned() || seq->get<std::uint64_t>() == 0) {
    return bad("seq must be a whole number from 1");
  }
  const auto text = object.find("text");
  if (text == object.end() || !text->is_string()) return bad("text must be a string");
  if (text->get_ref<const std::string&>().size() > kMaxTextBytes)
    return text_too_long(text->get_ref<const std::string&>().size());
  if (trim(text->get_ref<const std::string&>()).empty()) return bad("text is empty");
  const auto name = object.find("name");
  if (name != object.end() &&
      (!name->is_string() || name->get_ref<const std::string&>().size() > kMaxNameBytes)) {
    return bad("name must be a string of at most " + std::to_string(kMaxNameBytes) + " bytes");
  }
  const auto sent_at = object.find("sentAt");
  if (sent_at == object.end() || !sent_at->is_number_integer())
    return bad("sentAt must be a time in milliseconds");

  ChatMessage message;
  message.sender = sender->get<std::string>();
  message.seq = seq->get<std::uint64_t>();
  message.name = name == object.end() ? std::string() : name->get<std::string>();
  message.text = text->get<std::string>();
  message.sent_at_ms = sent_at->get<std::int64_t>();
  return message;
}

std::variant<ChatMessage, ChatError> parse_chat_message(std::string_view frame) {
  auto parsed = parse_chat_frame(frame);
  if (auto* message = std::get_if<ChatMessage>(&parsed)) return std::move(*message);
  if (auto* error = std::get_if<ChatError>(&parsed)) return std::move(*error);
  return bad("type must be \"chat\"");
}

std::string serialize(const ChatAck& ack) {
  return json{{"type", "chat-ack"}, {"seq", ack.seq}}.dump();
}

std::string serialize(const ChatMessage& message) {
  json object = {{"type", "chat"},       {"sender", message.sender},
                 {"seq", message.seq},   {"name", message.name},
                 {"text", message.text}, {"sentAt", message.sent_at_ms}};
  return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::variant<std::string, ChatError> check_outgoing_text(std::string_view text) {
  const std::string_view trimmed = trim(text);
  if (trimmed.empty()) return ChatError{"empty", "there is nothing to send"};
  if (trimmed.size() > kMaxTextBytes) return text_too_long(trimmed.size());
  return std::string(trimmed);
}

}  // namespace parley::chat
