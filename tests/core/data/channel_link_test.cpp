#include "core/data/channel_link.h"

#include <gtest/gtest.h>

#include "../../fakes/fake_data_channel.h"

namespace parley::data {
namespace {
using namespace std::chrono_literals;
using fakes::FakeDataChannel;

// Two ends of one negotiated channel, each made by its own ChannelLink.
struct End {
  std::vector<std::shared_ptr<FakeDataChannel::Record>> channels;  // every channel it opened
  std::vector<std::string> texts;
  int ups = 0;
  int downs = 0;
  std::vector<std::string> errors;
  std::optional<ports::Failure> refuse;
  std::string session;                // ours
  std::vector<std::string> sessions;  // the peer's, as its hellos and acks named them
  std::unique_ptr<ChannelLink> link;

  std::shared_ptr<FakeDataChannel::Record> channel() const { return channels.back(); }
};

class ChannelLinkTest : public ::testing::Test {
 protected:
  void make(End& end) {
    end.link = std::make_unique<ChannelLink>(
        [this, &end]() -> std::variant<std::unique_ptr<ports::DataChannel>, ports::Failure> {
          if (end.refuse) return *end.refuse;
          auto record = std::make_shared<FakeDataChannel::Record>();
          record->init = {"parley-chat", 126};
          record->scheduler = &scheduler;
          end.channels.push_back(record);
          pair_up();
          return std::make_unique<FakeDataChannel>(record);
        },
        scheduler,
        ChannelLink::Handlers{
            .on_up = [&end] { ++end.ups; },
            .on_down = [&end] { ++end.downs; },
            .on_text = [&end](const std::string& text) { end.texts.push_back(text); },
            .on_binary = {},
            .on_writable = {},
            .on_error = [&end](const std::string& error) { end.errors.push_back(error); },
            .on_peer_session =
                [&end](const std::string& session) { end.sessions.push_back(session); }},
        ChannelLink::Settings{.session = end.session});
  }
  // The newest channels of both ends are the two ends of one SCTP stream.
  void pair_up() {
    if (!a.channels.empty() && !b.channels.empty()) fakes::join(a.channel(), b.channel());
  }
  void run(std::chrono::milliseconds time = 0ms) {
    for (int i = 0; i < 10; ++i) scheduler.advance(0ms);
    scheduler.advance(time);
    for (int i = 0; i < 10; ++i) scheduler.advance(0ms);
  }

  fakes::FakeScheduler scheduler;
  End a;
  End b;
};

TEST_F(ChannelLinkTest, ComesUpOnBothEndsOnceEachHearsTheOthersHello) {
  make(a);
  make(b);
  a.channel()->open();
  b.channel()->open();
  EXPECT_FALSE(a.link->up());
  run();
  EXPECT_TRUE(a.link->up());
  EXPECT_TRUE(b.link->up());
  EXPECT_EQ(a.ups, 1);
  EXPECT_EQ(b.ups, 1);
  EXPECT_FALSE(a.link->send_text("after"));
  run();
  EXPECT_EQ(b.texts, std::vector<std::string>{"after"}) << "hellos are not passed on";
}

TEST_F(ChannelLinkTest, EachEndHearsTheOthersSessionInItsHelloOrAck) {
  a.session = "page-a";
  b.session = "page-b";
  make(a);
  make(b);
  a.channel()->open();
  run();  // a's hellos are lost: b's end is not open yet
  b.channel()->open();
  run();
  ASSERT_TRUE(a.link->up());
  ASSERT_TRUE(b.link->up());
  ASSERT_FALSE(a.sessions.empty());
  ASSERT_FALSE(b.sessions.empty());
  for (const auto& heard : a.sessions) EXPECT_EQ(heard, "page-b");
  for (const auto& heard : b.sessions) EXPECT_EQ(heard, "page-a");
  EXPECT_TRUE(a.texts.empty() && b.texts.empty()) << "hellos and acks are not passed on";
}

TEST_F(ChannelLinkTest, AHelloWithoutASessionOrWithAHostileOneStillBringsItUp) {
  make(a);
  a.channel()->open();
  a.channel()->receive_text(R"({"type":"hello","session":")" + std::string(100, 'x') + R"("})");
  EXPECT_TRUE(a.link->up()) << "an oversized session is not named, the hello still counts";
  a.channel()->receive_text(ChannelLink::kHello);
  a.channel()->receive_text(R"({"type":"hello","session":7})");
  EXPECT_EQ(a.sessions, (std::vector<std::string>{"", "", ""}));
  a.channel()->receive_text(R"({"type":"hellothere"})");
  EXPECT_EQ(a.texts, std::vector<std::string>{R"({"type":"hellothere"})"}) << "not a hello";
  // A large frame that starts like a hello is not parsed as one: it goes on to the chat's
  // own size checks.
  const std::string padded =
      R"({"type":"hello","session":"s","pad":")" + std::string(10'000, 'x') + R"("})";
  a.channel()->receive_text(padded);
  EXPECT_EQ(a.sessions.size(), 3u);
  EXPECT_EQ(a.texts.back(), padded);
}

TEST_F(ChannelLinkTest, RepeatsItsHelloUntilThePeersEndExists) {
  make(a);
  a.channel()->open();
  run(1s);  // hellos into the void: nobody on the other end yet
  EXPECT_GE(a.channel()->texts.size(), 3u);
  EXPECT_FALSE(a.link->up());
  make(b);
  b.channel()->open();
  run(300ms);
  EXPECT_TRUE(a.link->up());
  EXPECT_TRUE(b.link->up());
  const auto hellos = a.channel()->texts.size();
  run(2s);
  EXPECT_EQ(a.channel()->texts.size(), hellos) << "no more hellos once up";
}

TEST_F(ChannelLinkTest, AHelloThatCameBeforeOurOpenEventIsAnsweredAtThatEvent) {
  make(a);
  make(b);
  b.channel()->open();
  run();  // b's hello reaches a, whose end is not open yet: it cannot answer or send
  EXPECT_FALSE(a.link->up()) << "up only once it can send";
  EXPECT_FALSE(b.link->up());
  a.channel()->open();
  EXPECT_TRUE(a.link->up());
  EXPECT_FALSE(a.link->send_text("first words")) << "sendable the moment it is up";
  run();
  EXPECT_TRUE(b.link->up()) << "the ack owed went at the open event, not a hello later";
  const auto sent = b.channel()->texts.size();
  run(2s);
  EXPECT_EQ(b.channel()->texts.size(), sent) << "acks are not answered: the exchange ends";
  EXPECT_EQ(a.ups, 1);
  EXPECT_EQ(b.ups, 1);
}

TEST_F(ChannelLinkTest, TheLastWordsOfThePeersOldEndDoNotBringTheLinkUp) {
  make(a);
  a.channel()->open();
  a.channel()->receive_text(R"({"type":"chat-ack","seq":3})");  // sent before its cut
  EXPECT_FALSE(a.link->up()) << "its new end may not exist yet";
  EXPECT_EQ(a.texts.size(), 1u) << "still delivered";
}

TEST_F(ChannelLinkTest, StaysDownAndRefusesToSendWhenNobodyAnswers) {
  make(a);
  a.channel()->open();
  run(5s);
  EXPECT_FALSE(a.link->up());
  const auto failure = a.link->send_text("lost?");
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->message, "the data channel is not connected");
  for (const auto& text : a.channel()->texts) EXPECT_EQ(text, ChannelLink::kHello);
}

TEST_F(ChannelLinkTest, ACutChannelIsReopenedAndComesUpAgain) {
  make(a);
  make(b);
  a.channel()->open();
  b.channel()->open();
  run();
  ASSERT_TRUE(a.link->up());
  a.link->cut();
  run();
  EXPECT_EQ(a.downs, 1);
  EXPECT_EQ(b.downs, 1);
  EXPECT_TRUE(b.link->send_text("into the cut")) << "down: refused, not lost silently";
  run(200ms);  // reopened after the first delay
  ASSERT_EQ(a.channels.size(), 2u);
  ASSERT_EQ(b.channels.size(), 2u);
  a.channel()->open();
  b.channel()->open();
  run();
  EXPECT_TRUE(a.link->up());
  EXPECT_TRUE(b.link->up());
  EXPECT_EQ(a.ups, 2);
}

TEST_F(ChannelLinkTest, MessagesOfAReplacedChannelAreIgnored) {
  make(a);
  a.channel()->open();
  const auto old = a.channel();
  old->close();
  run(200ms);
  ASSERT_EQ(a.channels.size(), 2u);
  old->state = ports::DataChannel::State::kOpen;  // straggler events from the old one
  old->receive_text(ChannelLink::kHello);
  old->receive_text("stale");
  EXPECT_FALSE(a.link->up());
  EXPECT_TRUE(a.texts.empty());
}

TEST_F(ChannelLinkTest, AnOpenThatFailsIsReportedOnceAndRetriedWithBackoff) {
  a.refuse = ports::Failure{"OperationError", "id in use"};
  make(a);
  run(3s);
  ASSERT_EQ(a.errors.size(), 1u);
  EXPECT_EQ(a.errors[0], "could not open a data channel: id in use");
  a.refuse.reset();
  run(5s);
  EXPECT_EQ(a.channels.size(), 1u) << "retried until it worked";
}

}  // namespace
}  // namespace parley::data
