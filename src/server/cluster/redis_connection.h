// What the cluster needs of one connection to Redis: commands with one reply each,
// subscriptions, and word of the connection coming and going. RedisClient is the real
// one (hiredis on the event loop); tests put a fake Redis behind the same interface to
// drive the bus protocol step by step (tests/server/cluster/fake_redis.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/cluster/redis_reply.h"

namespace parley::server {

class RedisConnection {
 public:
  using ReplyHandler = std::function<void(const RedisReply&)>;
  struct Callbacks {
    std::function<void()> on_ready{};                       // logged in (and subscribed)
    std::function<void(const std::string& why)> on_lost{};  // was ready, is not any more
    std::function<void(std::string_view channel, std::string_view message)> on_message{};
  };

  virtual ~RedisConnection() = default;

  virtual void start() = 0;
  // Disconnects for good; unfinished commands get `unanswered` errors.
  virtual void stop() = 0;
  virtual bool ready() const = 0;
  // `done` is called exactly once, never from inside this call: with Redis's reply, or an
  // `unanswered` error when not ready or when the connection is lost first.
  virtual void command(std::vector<std::string> arguments, ReplyHandler done) = 0;
  // Subscribes now when ready, and again after every reconnect.
  virtual void subscribe(const std::string& channel) = 0;
  virtual std::uint64_t connections_made() const = 0;
};

// Makes a connection for RedisRooms; `name` is its CLIENT SETNAME.
using RedisConnectionFactory = std::function<std::unique_ptr<RedisConnection>(
    const std::string& name, RedisConnection::Callbacks callbacks)>;

}  // namespace parley::server
