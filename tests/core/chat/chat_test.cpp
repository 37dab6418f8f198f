#include <gtest/gtest.h>

#include <string>

#include "core/chat/chat_log.h"
#include "core/chat/chat_message.h"

namespace parley::chat {
namespace {

std::string code_of(std::string_view frame) {
  const auto parsed = parse_chat_message(frame);
  if (const auto* error = std::get_if<ChatError>(&parsed)) return error->code;
  return "ok";
}

TEST(ChatMessage, RoundTripsThroughItsWireForm) {
  const ChatMessage message{"bob", 3, "Bob", "hello \"there\" \xc3\xa9", 1764000000123};
  const auto parsed = parse_chat_message(serialize(message));
  ASSERT_TRUE(std::holds_alternative<ChatMessage>(parsed));
  EXPECT_EQ(std::get<ChatMessage>(parsed), message);
  EXPECT_EQ(message.id(), "bob:3");
}

TEST(ChatMessage, RefusesWhatIsNotAChatMessageWithAStableCode) {
  EXPECT_EQ(code_of(R"({"type":"chat","sender":"bob","seq":1,"text":"hi","sentAt":5})"), "ok");
  EXPECT_EQ(code_of("not json"), "bad-json");
  EXPECT_EQ(code_of("\"chat\""), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"chat","sender":"bob","seq":1,"text":"\xff","sentAt":5})"),
            "bad-json")
      << "invalid UTF-8";
  EXPECT_EQ(code_of(R"({"type":"file","sender":"bob","seq":1,"text":"hi","sentAt":5})"),
            "bad-message");
  EXPECT_EQ(code_of(R"({"type":"chat","sender":"b o b","seq":1,"text":"hi","sentAt":5})"),
            "bad-message");
  EXPECT_EQ(code_of(R"({"type":"chat","sender":"bob","seq":0,"text":"hi","sentAt":5})"),
            "bad-message");
  EXPECT_EQ(code_of(R"({"type":"chat","sender":"bob","seq":-1,"text":"hi","sentAt":5})"),
            "bad-message");
  EXPECT_EQ(code_of(R"({"type":"chat","sender":"bob","seq":1,"text":7,"sentAt":5})"),
            "bad-message");
  EXPECT_EQ(code_of(R"({"type":"chat","sender":"bob","seq":1,"text":"   ","sentAt":5})"),
            "bad-message");
  EXPECT_EQ(code_of(R"({"type":"chat","sender":"bob","seq":1,"text":"hi"})"), "bad-message");
  EXPECT_EQ(code_of(R"({"type":"chat","sender":"bob","seq":1,"text":"hi","sentAt":5,"name":[]})"),
            "bad-message");
}

TEST(ChatMessage, BoundsSizeAndDepthBeforeParsing) {
  const std::string long_text(kMaxTextBytes + 1, 'a');
  EXPECT_EQ(
      code_of(R"({"type":"chat","sender":"bob","seq":1,"text":")" + long_text + R"(","sentAt":5})"),
      "text-too-long");
  EXPECT_EQ(code_of(std::string(kMaxFrameBytes + 1, ' ')), "too-large");
  std::string deep = R"({"type":"chat","x":)";
  for (int i = 0; i < 10'000; ++i) deep += "[";
  EXPECT_EQ(code_of(deep), "bad-json") << "refused by depth, never recursed into";
}

TEST(ChatMessage, OutgoingTextIsTrimmedAndBounded) {
  EXPECT_EQ(std::get<std::string>(check_outgoing_text("  hi there \n")), "hi there");
  EXPECT_EQ(std::get<ChatError>(check_outgoing_text(" \n\t")).code, "empty");
  EXPECT_EQ(std::get<ChatError>(check_outgoing_text(std::string(kMaxTextBytes + 1, 'x'))).code,
            "text-too-long");
}

TEST(ChatLog, OwnMessagesAreNumberedAndLogged) {
  ChatLog log("me", "Ada");
  const auto first = log.compose("one", 10);
  const auto second = log.compose("two", 11);
  EXPECT_EQ(first.seq, 1u);
  EXPECT_EQ(second.seq, 2u);
  EXPECT_EQ(second.sender, "me");
  EXPECT_EQ(second.name, "Ada");
  EXPECT_EQ(log.messages().size(), 2u);
  EXPECT_EQ(log.unread(), 0u) << "what I wrote is not unread";
}

TEST(ChatLog, EachMessageOnceInOrderPerSenderAndNoSpoofing) {
  ChatLog log("me", "Ada");
  EXPECT_EQ(log.receive("bob", {"bob", 1, "Bob", "a", 1}), Receipt::kAdded);
  EXPECT_EQ(log.receive("cy", {"cy", 1, "Cy", "b", 1}), Receipt::kAdded);
  EXPECT_EQ(log.receive("bob", {"bob", 1, "Bob", "a", 1}), Receipt::kDuplicate);
  EXPECT_EQ(log.receive("bob", {"bob", 3, "Bob", "c", 3}), Receipt::kAdded) << "a gap: joined late";
  EXPECT_EQ(log.receive("bob", {"bob", 2, "Bob", "late", 2}), Receipt::kStale);
  EXPECT_EQ(log.receive("bob", {"cy", 2, "Cy", "not from cy", 4}), Receipt::kSpoofed);
  ASSERT_EQ(log.messages().size(), 3u);
  EXPECT_EQ(log.messages()[2].text, "c");
  EXPECT_EQ(log.unread(), 3u);
  log.mark_read();
  EXPECT_EQ(log.unread(), 0u);
}

}  // namespace
}  // namespace parley::chat
