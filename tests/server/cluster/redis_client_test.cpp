// RedisClient against a real redis-server (Debian's, from tools/install-deps).
#include "server/cluster/redis_client.h"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <functional>
#include <optional>

#include "redis_process.h"

namespace parley::server {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::RedisProcess;

RedisEndpoint endpoint_of(const std::string& url) {
  return std::get<RedisEndpoint>(parse_redis_url(url));
}

class RedisClientTest : public ::testing::Test {
 protected:
  // Runs the loop until `done` holds or `limit` passes.
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      io_.run_for(5ms);
    }
    return true;
  }

  std::unique_ptr<RedisClient> client(const std::string& url, RedisClient::Callbacks callbacks = {},
                                      RedisClient::Settings settings = {}) {
    settings.endpoint = endpoint_of(url);
    auto made = std::make_unique<RedisClient>(io_, settings, std::move(callbacks));
    made->start();
    return made;
  }

  std::optional<RedisReply> call(RedisClient& redis, std::vector<std::string> arguments) {
    std::optional<RedisReply> reply;
    redis.command(std::move(arguments), [&](const RedisReply& got) { reply = got; });
    if (!run_until([&] { return reply.has_value(); })) ADD_FAILURE() << "no reply within 5 s";
    return reply;
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
};

TEST_F(RedisClientTest, CommandsGetTheirRepliesInOrder) {
  RedisProcess redis;
  auto commands = client(redis.url());
  ASSERT_TRUE(run_until([&] { return commands->ready(); }));
  std::vector<std::string> got;
  for (int i = 0; i < 100; ++i) {
    commands->command({"RPUSH", "list", std::to_string(i)}, [&](const RedisReply& reply) {
      got.push_back(std::to_string(reply.integer));
    });
  }
  ASSERT_TRUE(run_until([&] { return got.size() == 100; }));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(got[i], std::to_string(i + 1));
  const auto range = call(*commands, {"LRANGE", "list", "0", "2"});
  ASSERT_EQ(range->kind, RedisReply::Kind::kArray);
  ASSERT_EQ(range->elements.size(), 3U);
  EXPECT_EQ(range->elements[2].text, "2");
  EXPECT_EQ(call(*commands, {"GET", "missing"})->kind, RedisReply::Kind::kNil);
  const auto wrong = call(*commands, {"INCR", "list"});
  EXPECT_TRUE(wrong->is_error());
  EXPECT_FALSE(wrong->unanswered);  // Redis's own error, not a lost connection
}

TEST_F(RedisClientTest, BinaryValuesRoundTrip) {
  RedisProcess redis;
  auto commands = client(redis.url());
  ASSERT_TRUE(run_until([&] { return commands->ready(); }));
  const std::string value("a\0b\r\n\xff", 6);
  EXPECT_TRUE(call(*commands, {"SET", "k", value})->is_ok());
  EXPECT_EQ(call(*commands, {"GET", "k"})->text, value);
}

TEST_F(RedisClientTest, LogsInWithThePasswordAndSelectsTheDatabase) {
  RedisProcess redis({"--requirepass", "right-password"});
  auto in_db_3 = client("redis://:right-password@127.0.0.1:" + std::to_string(redis.port()) + "/3");
  ASSERT_TRUE(run_until([&] { return in_db_3->ready(); }));
  EXPECT_TRUE(call(*in_db_3, {"SET", "where", "three"})->is_ok());
  auto in_db_0 = client("redis://:right-password@127.0.0.1:" + std::to_string(redis.port()));
  ASSERT_TRUE(run_until([&] { return in_db_0->ready(); }));
  EXPECT_EQ(call(*in_db_0, {"GET", "where"})->kind, RedisReply::Kind::kNil);
  EXPECT_EQ(call(*in_db_0, {"CLIENT", "GETNAME"})->text, "parley-server");
}

TEST_F(RedisClientTest, AWrongPasswordNeverBecomesReadyAndCommandsFail) {
  RedisProcess redis({"--requirepass", "right-password"});
  auto refused = client("redis://:wrong@127.0.0.1:" + std::to_string(redis.port()));
  // It keeps trying (the operator may fix Redis's side) and is never ready meanwhile.
  ASSERT_TRUE(run_until([&] { return refused->connections_made() >= 3; }));
  EXPECT_FALSE(refused->ready());
  bool called_inside = true;
  std::optional<RedisReply> reply;
  refused->command({"PING"}, [&](const RedisReply& got) { reply = got; });
  called_inside = reply.has_value();
  EXPECT_FALSE(called_inside);  // handlers are never called from inside command()
  ASSERT_TRUE(run_until([&] { return reply.has_value(); }));
  EXPECT_TRUE(reply->unanswered);
}

TEST_F(RedisClientTest, SubscriberGetsMessagesAndTheClientItsName) {
  RedisProcess redis;
  std::vector<std::pair<std::string, std::string>> messages;
  auto subscriber = client(
      redis.url(),
      {.on_message = [&](std::string_view channel,
                         std::string_view message) { messages.emplace_back(channel, message); }},
      {.name = "parley:test:bus"});
  subscriber->subscribe("parley:to:a");
  subscriber->subscribe("parley:to:a");  // once is enough
  auto publisher = client(redis.url());
  ASSERT_TRUE(run_until([&] { return subscriber->ready() && publisher->ready(); }));
  EXPECT_EQ(call(*publisher, {"PUBLISH", "parley:to:a", std::string("x\0y", 3)})->integer, 1);
  EXPECT_EQ(call(*publisher, {"PUBLISH", "parley:to:b", "not ours"})->integer, 0);
  ASSERT_TRUE(run_until([&] { return messages.size() == 1; }));
  EXPECT_EQ(messages[0].first, "parley:to:a");
  EXPECT_EQ(messages[0].second, std::string("x\0y", 3));
  // A channel added while connected is subscribed at once.
  subscriber->subscribe("parley:to:c");
  ASSERT_TRUE(run_until([&] {
    std::optional<RedisReply> reply = call(*publisher, {"PUBLISH", "parley:to:c", "late"});
    return reply && reply->integer == 1;
  }));
  ASSERT_TRUE(run_until([&] { return messages.size() == 2; }));
  EXPECT_EQ(messages[1].second, "late");
  const auto clients = call(*publisher, {"CLIENT", "LIST"});
  EXPECT_NE(clients->text.find("name=parley:test:bus"), std::string::npos);
}

TEST_F(RedisClientTest, ALostRedisFailsCommandsAndIsReconnectedWithItsSubscriptions) {
  RedisProcess redis;
  int lost = 0;
  int readies = 0;
  std::vector<std::string> messages;
  auto subscriber = client(
      redis.url(),
      {.on_ready = [&] { ++readies; },
       .on_lost = [&](const std::string&) { ++lost; },
       .on_message = [&](std::string_view, std::string_view m) { messages.emplace_back(m); }});
  subscriber->subscribe("events");
  auto commands = client(redis.url());
  ASSERT_TRUE(run_until([&] { return subscriber->ready() && commands->ready(); }));
  EXPECT_EQ(readies, 1);

  redis.stop();
  ASSERT_TRUE(run_until([&] { return lost == 1 && !commands->ready(); }));
  std::optional<RedisReply> reply;
  commands->command({"PING"}, [&](const RedisReply& got) { reply = got; });
  ASSERT_TRUE(run_until([&] { return reply.has_value(); }));
  EXPECT_TRUE(reply->unanswered);

  // Back on the same port, empty: both clients return within the backoff's bound (1 s),
  // and the subscriber hears the channel again.
  redis.start();
  const auto back_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(run_until([&] { return subscriber->ready() && commands->ready(); }, 3s));
  EXPECT_LT(std::chrono::steady_clock::now() - back_at, 2s);
  EXPECT_EQ(readies, 2);
  EXPECT_EQ(call(*commands, {"PUBLISH", "events", "after"})->integer, 1);
  ASSERT_TRUE(run_until([&] { return messages.size() == 1; }));
  EXPECT_EQ(messages[0], "after");
}

TEST_F(RedisClientTest, CommandsInFlightWhenRedisDiesGetUnansweredErrors) {
  RedisProcess redis;
  auto commands = client(redis.url());
  ASSERT_TRUE(run_until([&] { return commands->ready(); }));
  auto pauser = client(redis.url());
  ASSERT_TRUE(run_until([&] { return pauser->ready(); }));
  EXPECT_TRUE(call(*pauser, {"CLIENT", "PAUSE", "3000"})->is_ok());
  int failed = 0;
  for (int i = 0; i < 10; ++i) {
    commands->command({"SET", "k", "v"},
                      [&](const RedisReply& reply) { failed += reply.unanswered; });
  }
  EXPECT_EQ(commands->pending(), 10U);  // sent, held by the pause
  redis.stop();
  ASSERT_TRUE(run_until([&] { return failed == 10; }));
  EXPECT_EQ(commands->pending(), 0U);
}

TEST_F(RedisClientTest, PendingCommandsAreBounded) {
  RedisProcess redis;
  auto commands = client(redis.url(), {}, {.max_pending = 5});
  auto pauser = client(redis.url());
  ASSERT_TRUE(run_until([&] { return commands->ready() && pauser->ready(); }));
  EXPECT_TRUE(call(*pauser, {"CLIENT", "PAUSE", "1000", "ALL"})->is_ok());
  int answered = 0;
  int refused = 0;
  for (int i = 0; i < 8; ++i) {
    commands->command({"INCR", "n"}, [&](const RedisReply& reply) {
      if (reply.unanswered) {
        ++refused;
        EXPECT_NE(reply.text.find("too many"), std::string::npos);
      } else {
        ++answered;
      }
    });
  }
  EXPECT_EQ(commands->pending(), 5U);
  ASSERT_TRUE(run_until([&] { return answered + refused == 8; }));
  EXPECT_EQ(answered, 5);
  EXPECT_EQ(refused, 3);
}

TEST_F(RedisClientTest, ARedisThatStopsAnsweringIsDroppedAfterTheReplyTimeout) {
  RedisProcess redis;
  int lost = 0;
  std::string why;
  auto commands = client(redis.url(),
                         {.on_lost =
                              [&](const std::string& reason) {
                                ++lost;
                                why = reason;
                              }},
                         {.reply_timeout = 400ms});
  auto pauser = client(redis.url());
  ASSERT_TRUE(run_until([&] { return commands->ready() && pauser->ready(); }));
  EXPECT_TRUE(call(*pauser, {"CLIENT", "PAUSE", "2000", "ALL"})->is_ok());
  std::optional<RedisReply> reply;
  commands->command({"PING"}, [&](const RedisReply& got) { reply = got; });
  ASSERT_TRUE(run_until([&] { return lost == 1; }, 1500ms));
  EXPECT_NE(why.find("no reply"), std::string::npos);
  ASSERT_TRUE(run_until([&] { return reply.has_value(); }));
  EXPECT_TRUE(reply->unanswered);
  // Once the pause ends it is back.
  EXPECT_TRUE(run_until([&] { return commands->ready(); }, 4s));
}

// Something that is not Redis at the address: hiredis's parser refuses its bytes.
TEST_F(RedisClientTest, AServerThatIsNotRedisIsRefusedAndRetried) {
  asio::ip::tcp::acceptor acceptor(io_, {asio::ip::make_address("127.0.0.1"), 0});
  int accepted = 0;
  std::vector<std::shared_ptr<asio::ip::tcp::socket>> sockets;
  std::function<void()> accept_next = [&] {
    auto socket = std::make_shared<asio::ip::tcp::socket>(io_);
    acceptor.async_accept(*socket, [&, socket](const boost::system::error_code& error) {
      if (error) return;
      ++accepted;
      sockets.push_back(socket);
      static const std::string garbage = "HTTP/1.1 400 Bad Request\r\n\r\n";
      asio::async_write(*socket, asio::buffer(garbage), [](auto&&...) {});
      accept_next();
    });
  };
  accept_next();
  auto commands = client("redis://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()),
                         {}, {.name = "needs-a-reply"});
  ASSERT_TRUE(run_until([&] { return accepted >= 3; }));
  EXPECT_FALSE(commands->ready());
}

TEST_F(RedisClientTest, AServerThatNeverAnswersTimesOutTheConnect) {
  asio::ip::tcp::acceptor acceptor(io_, {asio::ip::make_address("127.0.0.1"), 0});
  int accepted = 0;
  std::vector<std::shared_ptr<asio::ip::tcp::socket>> sockets;
  std::function<void()> accept_next = [&] {
    auto socket = std::make_shared<asio::ip::tcp::socket>(io_);
    acceptor.async_accept(*socket, [&, socket](const boost::system::error_code& error) {
      if (error) return;
      ++accepted;
      sockets.push_back(socket);  // held open, silent
      accept_next();
    });
  };
  accept_next();
  auto commands = client("redis://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()),
                         {}, {.name = "needs-a-reply", .connect_timeout = 200ms});
  ASSERT_TRUE(run_until([&] { return accepted >= 2; }));
  EXPECT_FALSE(commands->ready());
}

TEST_F(RedisClientTest, NothingListeningNeverBecomesReadyAndAStoppedClientRefusesCommands) {
  std::uint16_t port = 0;
  {
    RedisProcess gone;
    port = gone.port();
  }
  auto commands = client("redis://127.0.0.1:" + std::to_string(port));
  run_until([] { return false; }, 300ms);
  EXPECT_FALSE(commands->ready());
  commands->stop();
  std::optional<RedisReply> reply;
  commands->command({"PING"}, [&](const RedisReply& got) { reply = got; });
  ASSERT_TRUE(run_until([&] { return reply.has_value(); }));
  EXPECT_TRUE(reply->unanswered);
}

TEST_F(RedisClientTest, DestroyingAClientWithCommandsInFlightCallsNoHandler) {
  RedisProcess redis;
  auto commands = client(redis.url());
  ASSERT_TRUE(run_until([&] { return commands->ready(); }));
  bool called = false;
  for (int i = 0; i < 100; ++i)
    commands->command({"PING"}, [&](const RedisReply&) { called = true; });
  commands.reset();
  io_.poll();  // anything the destruction posted runs now
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace parley::server
