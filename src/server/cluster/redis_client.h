// One connection to Redis on the server's Asio event loop (hiredis's async API, driven by
// Asio descriptor waits), kept up for as long as the client lives: lost connections are
// made again with a short backoff, and subscriptions renewed.
//
//   RedisClient redis(io, {.endpoint = parsed, .name = "parley:a1:commands"},
//                     {.on_ready = ..., .on_lost = ..., .on_message = ...});
//   redis.start();
//   redis.command({"SET", "k", "v"}, [](const RedisReply& reply) { ... });
//   redis.subscribe("parley:to:a1");   // a client that subscribes runs no other commands
//
// Nothing blocks the event loop: host names are resolved with Asio's async resolver and
// hiredis is handed a numeric address. Every handler runs on the loop's thread. A command
// always gets its handler called once - with Redis's reply, or with an `unanswered` error
// when the client is not ready, too many commands are waiting, or the connection is lost
// (never from inside command() itself). A connection whose replies stop coming for
// Settings::reply_timeout is dropped and made again, so a silently dead path is noticed.
// Destroying the client drops unfinished commands without calling their handlers.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/cluster/redis_connection.h"
#include "server/cluster/redis_endpoint.h"
#include "server/cluster/redis_reply.h"

struct redisAsyncContext;
struct redisReply;

namespace parley::server {

class RedisClient final : public RedisConnection {
 public:
  using Clock = std::chrono::steady_clock;

  struct Settings {
    RedisEndpoint endpoint{};
    std::string name = "parley-server";  // CLIENT SETNAME: `CLIENT LIST` tells them apart
    std::chrono::milliseconds connect_timeout{2000};
    std::chrono::milliseconds reply_timeout{5000};
    std::chrono::milliseconds min_backoff{100};
    std::chrono::milliseconds max_backoff{1000};
    std::size_t max_pending = 10'000;  // commands sent and not yet answered
  };
  RedisClient(boost::asio::io_context& io, Settings settings, Callbacks callbacks);
  ~RedisClient() override;
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  void start() override;
  void stop() override;
  // Drops the connection (as if it were lost) and makes a new one.
  void reconnect(const std::string& why);

  bool ready() const override { return state_ == State::kReady; }
  void command(std::vector<std::string> arguments, ReplyHandler done) override;
  void subscribe(const std::string& channel) override;

  std::uint64_t connections_made() const override { return connections_made_; }
  std::size_t pending() const { return sent_at_.size(); }

 private:
  enum class State { kIdle, kResolving, kConnecting, kHandshake, kReady, kStopped };
  struct Pending;
  class Watcher;

  void connect();
  void connect_to(const boost::asio::ip::tcp::endpoint& address);
  void on_connected(int status);
  void on_disconnected(int status);
  void handshake();
  void subscribe_all();
  void become_ready();
  void lose(const std::string& why);  // tears the context down, schedules a new one
  void retry_later();
  void watch_health();
  bool send(const std::vector<std::string>& arguments, ReplyHandler done);
  void fail_later(ReplyHandler done, std::string why);
  void free_context();

  static void connect_callback(const redisAsyncContext* context, int status);
  static void disconnect_callback(const redisAsyncContext* context, int status);
  static void reply_callback(redisAsyncContext* context, void* reply, void* pending);
  static void message_callback(redisAsyncContext* context, void* reply, void* client);

  boost::asio::io_context& io_;
  const Settings settings_;
  const Callbacks callbacks_;
  State state_ = State::kIdle;
  redisAsyncContext* context_ = nullptr;
  std::shared_ptr<Watcher> watcher_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer retry_timer_;
  boost::asio::steady_timer connect_timer_;
  boost::asio::steady_timer health_timer_;
  std::chrono::milliseconds backoff_;
  std::uint64_t generation_ = 0;  // bumped per attempt: stale async results are ignored
  std::vector<std::string> channels_;
  std::size_t subscriptions_confirmed_ = 0;
  bool subscribing_ = false;               // subscribe_all() has sent its SUBSCRIBEs
  std::deque<Clock::time_point> sent_at_;  // replies come in order
  std::uint64_t connections_made_ = 0;
  bool destroying_ = false;
};

}  // namespace parley::server
