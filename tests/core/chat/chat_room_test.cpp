#include "core/chat/chat_room.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace parley::chat {
namespace {

class ChatRoomTest : public ::testing::Test {
 protected:
  ChatRoomTest() {
    room.set_self("ada", "Ada");
    room.add_peer("bob");
    room.add_peer("cy");
  }
  std::vector<std::string> frames_to(const std::string& peer) const {
    std::vector<std::string> out;
    for (const auto& [to, frame] : sent) {
      if (to == peer) out.push_back(frame);
    }
    return out;
  }
  // A frame from the peer's chat link, at the test's clock.
  void receive(const std::string& peer, const std::string& frame) {
    room.on_frame(peer, frame, now);
  }
  static std::string from_bob(std::uint64_t seq, const std::string& text) {
    return serialize(ChatMessage{"bob", seq, "Bob", text, 1'764'000'000'000});
  }

  ChatRoom::Clock::time_point now{};
  std::map<std::string, std::string> announced{{"bob", "Bob"}, {"cy", "Cy"}};
  std::set<std::string> links_up{"bob", "cy"};
  std::vector<std::pair<std::string, std::string>> sent;
  std::vector<std::pair<ChatMessage, bool>> shown;
  std::vector<std::pair<std::string, ChatError>> problems;
  ChatRoom room{
      {.send =
           [this](const std::string& peer, const std::string& frame) {
             if (!links_up.count(peer)) return false;
             sent.emplace_back(peer, frame);
             return true;
           },
       .on_message = [this](const ChatMessage& message,
                            bool own) { shown.emplace_back(message, own); },
       .on_problem = [this](const std::string& peer,
                            const ChatError& problem) { problems.emplace_back(peer, problem); },
       .name_of = [this](const std::string& peer) { return announced[peer]; }}};
};

TEST_F(ChatRoomTest, APostGoesToEveryPeerAndIsShownAsOurs) {
  const auto posted = room.post("  hello  ", 5);
  ASSERT_TRUE(std::holds_alternative<ChatMessage>(posted));
  EXPECT_EQ(std::get<ChatMessage>(posted).text, "hello");
  ASSERT_EQ(frames_to("bob").size(), 1u);
  ASSERT_EQ(frames_to("cy").size(), 1u);
  const auto parsed = parse_chat_message(frames_to("bob")[0]);
  ASSERT_TRUE(std::holds_alternative<ChatMessage>(parsed));
  EXPECT_EQ(std::get<ChatMessage>(parsed), std::get<ChatMessage>(posted));
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_TRUE(shown[0].second);
}

TEST_F(ChatRoomTest, UnacknowledgedMessagesAreSentAgainWhenTheLinkComesBack) {
  links_up.erase("bob");
  room.post("one", 1);
  room.post("two", 2);
  EXPECT_TRUE(frames_to("bob").empty());
  EXPECT_EQ(room.pending_for("bob"), 2u);
  links_up.insert("bob");
  room.on_link_up("bob");
  ASSERT_EQ(frames_to("bob").size(), 2u);
  EXPECT_EQ(std::get<ChatMessage>(parse_chat_message(frames_to("bob")[1])).text, "two");
  receive("bob", serialize(ChatAck{2}));
  EXPECT_EQ(room.pending_for("bob"), 0u);
  room.on_link_up("bob");
  EXPECT_EQ(frames_to("bob").size(), 2u) << "acknowledged messages are not resent";
}

TEST_F(ChatRoomTest, AnAckCoversEverythingUpToItsSeq) {
  room.post("one", 1);
  room.post("two", 2);
  room.post("three", 3);
  receive("cy", serialize(ChatAck{2}));
  EXPECT_EQ(room.pending_for("cy"), 1u);
  EXPECT_EQ(room.pending_for("bob"), 3u) << "acks are per peer";
}

TEST_F(ChatRoomTest, AMessageArrivesOnceAndIsAcknowledgedEveryTime) {
  receive("bob", from_bob(1, "hi"));
  receive("bob", from_bob(1, "hi"));  // resent after a reconnect
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_FALSE(shown[0].second);
  EXPECT_EQ(shown[0].first.text, "hi");
  EXPECT_EQ(room.log().unread(), 1u);
  const auto acks = frames_to("bob");
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_EQ(acks[0], serialize(ChatAck{1}));
  EXPECT_EQ(acks[1], serialize(ChatAck{1}));
}

TEST_F(ChatRoomTest, MalformedAndSpoofedFramesAreRefusedWithAReason) {
  receive("bob", "{not json");
  receive("bob", R"({"type":"chat","sender":"bob","seq":0,"text":"x","sentAt":1})");
  receive("bob", std::string(20'000, 'x'));
  receive("bob", serialize(ChatMessage{"cy", 1, "Cy", "I am Cy", 1}));
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].second.code, "bad-json");
  EXPECT_EQ(problems[1].second.code, "bad-message");
  EXPECT_EQ(problems[2].second.code, "too-large");
  EXPECT_EQ(problems[3].second.code, "spoofed");
  EXPECT_EQ(problems[3].second.message, "bob sent a message in the name of cy; it was refused");
  EXPECT_TRUE(shown.empty());
  EXPECT_TRUE(frames_to("bob").empty()) << "nothing refused is acknowledged";
}

TEST_F(ChatRoomTest, APeerThatNeverAcknowledgesHasABoundedOutbox) {
  links_up.clear();
  for (std::size_t i = 0; i < ChatRoom::kMaxOutbox + 3; ++i) room.post("m", 1);
  EXPECT_EQ(room.pending_for("bob"), ChatRoom::kMaxOutbox);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].second.code, "not-delivered");
}

TEST_F(ChatRoomTest, NothingIsSentBeforeJoiningOrWhenEmpty) {
  ChatRoom lonely({.send = [](const std::string&, const std::string&) { return true; },
                   .on_message = {},
                   .on_problem = {},
                   .name_of = {}});
  const auto before = lonely.post("hi", 1);
  ASSERT_TRUE(std::holds_alternative<ChatError>(before));
  EXPECT_EQ(std::get<ChatError>(before).code, "not-joined");
  const auto empty = room.post(" \n ", 1);
  ASSERT_TRUE(std::holds_alternative<ChatError>(empty));
  EXPECT_EQ(std::get<ChatError>(empty).code, "empty");
}

TEST_F(ChatRoomTest, APeerThatLeftGetsNothingMore) {
  room.remove_peer("cy");
  room.post("bye", 1);
  EXPECT_TRUE(frames_to("cy").empty());
  EXPECT_EQ(frames_to("bob").size(), 1u);
}

// [SECTION] A hostile peer

TEST_F(ChatRoomTest, AFloodingPeerIsHeldToItsBudgetAndTheLogStaysBounded) {
  using namespace std::chrono_literals;
  std::size_t acked = 0;
  for (std::uint64_t seq = 1; seq <= 100'000; ++seq) {
    now += 1ms;  // 100k frames in 100 s: far over 20 a second
    receive("bob", from_bob(seq, "spam"));
  }
  for (const auto& [to, frame] : sent) acked += to == "bob";
  // The burst, then 20 a second for 100 s.
  EXPECT_LE(acked,
            static_cast<std::size_t>(ChatRoom::kFrameBurst + 100 * ChatRoom::kFramesPerSecond + 1));
  EXPECT_GE(acked, static_cast<std::size_t>(100 * ChatRoom::kFramesPerSecond));
  EXPECT_EQ(room.log().messages().size(), ChatLog::kMaxMessages) << "only the latest are kept";
  EXPECT_GT(room.log().messages().back().seq, 99'000u) << "the latest, not the first";
  EXPECT_LE(room.log().unread(), ChatLog::kMaxMessages);
  std::size_t floods = 0;
  for (const auto& [peer, problem] : problems) floods += problem.code == "flood";
  EXPECT_EQ(floods, 1u) << "told once, not once per frame";
  EXPECT_EQ(problems.size(), 1u);
}

TEST_F(ChatRoomTest, AMessageDroppedOverTheBudgetArrivesWithTheSendersResend) {
  for (std::uint64_t seq = 1; seq <= 150; ++seq) receive("bob", from_bob(seq, "burst"));
  ASSERT_LT(room.log().messages().size(), 150u);
  now += std::chrono::seconds(10);  // the sender resends what was not acknowledged
  for (std::uint64_t seq = room.log().messages().back().seq + 1; seq <= 150; ++seq)
    receive("bob", from_bob(seq, "burst"));
  EXPECT_EQ(room.log().messages().size(), 150u) << "nothing an honest sender sent is lost";
}

TEST_F(ChatRoomTest, TheNameShownIsTheOneTheServerAnnouncedAndTextLosesHiddenCharacters) {
  receive("bob", serialize(ChatMessage{"bob", 1, "Ada", "pay \u202Eexe.gpj", 1}));
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].first.name, "Bob") << "bob cannot post as Ada";
  EXPECT_EQ(shown[0].first.text, "pay exe.gpj");
  EXPECT_EQ(room.log().messages().back().name, "Bob");
  announced.erase("cy");
  receive("cy", serialize(ChatMessage{"cy", 1, "Ada", "hi", 1}));
  ASSERT_EQ(shown.size(), 2u);
  EXPECT_EQ(shown[1].first.name, "") << "no announced name: the id is shown, not the claim";
}

}  // namespace
}  // namespace parley::chat
