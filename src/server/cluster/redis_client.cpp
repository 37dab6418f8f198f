#include "server/cluster/redis_client.h"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <utility>

#include "server/log.h"

namespace parley::server {

namespace asio = boost::asio;

namespace {

RedisReply owned(const redisReply& reply) {
  RedisReply result;
  switch (reply.type) {
    case REDIS_REPLY_INTEGER:
      result.kind = RedisReply::Kind::kInteger;
      result.integer = reply.integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      result.kind = reply.type == REDIS_REPLY_STRING   ? RedisReply::Kind::kString
                    : reply.type == REDIS_REPLY_STATUS ? RedisReply::Kind::kStatus
                                                       : RedisReply::Kind::kError;
      result.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_ARRAY:
      result.kind = RedisReply::Kind::kArray;
      result.elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i)
        result.elements.push_back(owned(*reply.element[i]));
      break;
    default:
      result.kind = RedisReply::Kind::kNil;
  }
  return result;
}

}  // namespace

// hiredis's event hooks, on an Asio descriptor that does not own the socket (hiredis
// closes it). It lives until hiredis's cleanup hook, which may come after the client has
// moved on to a new connection (a free requested inside a hiredis callback is deferred).
class RedisClient::Watcher : public std::enable_shared_from_this<Watcher> {
 public:
  Watcher(asio::io_context& io, redisAsyncContext* context) : descriptor_(io), context_(context) {}

  void attach() {
    self_ = shared_from_this();
    descriptor_.assign(context_->c.fd);
    context_->ev.data = this;
    context_->ev.addRead = [](void* watcher) { static_cast<Watcher*>(watcher)->want(true, true); };
    context_->ev.delRead = [](void* watcher) { static_cast<Watcher*>(watcher)->want(true, false); };
    context_->ev.addWrite = [](void* watcher) {
      static_cast<Watcher*>(watcher)->want(false, true);
    };
    context_->ev.delWrite = [](void* watcher) {
      static_cast<Watcher*>(watcher)->want(false, false);
    };
    context_->ev.cleanup = [](void* watcher) { static_cast<Watcher*>(watcher)->cleanup(); };
  }

 private:
  void want(bool read, bool on) {
    (read ? want_read_ : want_write_) = on;
    if (on) arm(read);
  }

  void arm(bool read) {
    bool& waiting = read ? read_waiting_ : write_waiting_;
    if (context_ == nullptr || waiting) return;
    waiting = true;
    descriptor_.async_wait(
        read ? asio::posix::stream_descriptor::wait_read
             : asio::posix::stream_descriptor::wait_write,
        [self = shared_from_this(), read](const boost::system::error_code& error) {
          (read ? self->read_waiting_ : self->write_waiting_) = false;
          if (error || self->context_ == nullptr || !(read ? self->want_read_ : self->want_write_))
            return;
          // May free the context: cleanup() then clears context_, and nothing re-arms.
          if (read) {
            redisAsyncHandleRead(self->context_);
          } else {
            redisAsyncHandleWrite(self->context_);
          }
          if (read ? self->want_read_ : self->want_write_) self->arm(read);
        });
  }

  void cleanup() {
    context_ = nullptr;
    want_read_ = want_write_ = false;
    descriptor_.release();  // cancels the waits; hiredis closes the socket itself
    auto keep_until_return = std::move(self_);
  }

  asio::posix::stream_descriptor descriptor_;
  redisAsyncContext* context_;
  std::shared_ptr<Watcher> self_;
  bool want_read_ = false;
  bool want_write_ = false;
  bool read_waiting_ = false;
  bool write_waiting_ = false;
};

struct RedisClient::Pending {
  RedisClient* client;
  ReplyHandler done;
};

RedisClient::RedisClient(asio::io_context& io, Settings settings, Callbacks callbacks)
    : io_(io),
      settings_(std::move(settings)),
      callbacks_(std::move(callbacks)),
      resolver_(io),
      retry_timer_(io),
      connect_timer_(io),
      health_timer_(io),
      backoff_(settings_.min_backoff) {}

RedisClient::~RedisClient() {
  destroying_ = true;
  state_ = State::kStopped;
  free_context();
}

void RedisClient::start() {
  if (state_ != State::kIdle) return;
  connect();
  watch_health();
}

void RedisClient::stop() {
  if (state_ == State::kStopped) return;
  const bool was_ready = ready();
  state_ = State::kStopped;
  ++generation_;
  resolver_.cancel();
  retry_timer_.cancel();
  connect_timer_.cancel();
  health_timer_.cancel();
  sent_at_.clear();
  free_context();
  if (was_ready && callbacks_.on_lost) callbacks_.on_lost("stopped");
}

void RedisClient::reconnect(const std::string& why) {
  if (state_ == State::kStopped || state_ == State::kIdle) return;
  lose(why);
}

void RedisClient::connect() {
  state_ = State::kResolving;
  const auto attempt = ++generation_;
  resolver_.async_resolve(settings_.endpoint.host, std::to_string(settings_.endpoint.port),
                          [this, attempt](const boost::system::error_code& error,
                                          const asio::ip::tcp::resolver::results_type& results) {
                            if (error == asio::error::operation_aborted || attempt != generation_)
                              return;
                            if (error || results.empty()) {
                              log_event(LogLevel::kWarning, "redis-unreachable",
                                        {{"redis", settings_.endpoint.describe()},
                                         {"error", "cannot resolve: " + error.message()}});
                              return retry_later();
                            }
                            connect_to(results.begin()->endpoint());
                          });
}

void RedisClient::connect_to(const asio::ip::tcp::endpoint& address) {
  state_ = State::kConnecting;
  context_ = redisAsyncConnect(address.address().to_string().c_str(), address.port());
  if (context_ == nullptr || context_->err != 0) {
    const std::string why = context_ ? context_->errstr : "out of memory";
    free_context();
    log_event(LogLevel::kWarning, "redis-unreachable",
              {{"redis", settings_.endpoint.describe()}, {"error", why}});
    return retry_later();
  }
  context_->data = this;
  watcher_ = std::make_shared<Watcher>(io_, context_);
  watcher_->attach();
  // Both after attach(): setting the connect callback arms the first write wait.
  redisAsyncSetDisconnectCallback(context_, &RedisClient::disconnect_callback);
  redisAsyncSetConnectCallback(context_, &RedisClient::connect_callback);
  const auto attempt = generation_;
  connect_timer_.expires_after(settings_.connect_timeout);
  connect_timer_.async_wait([this, attempt](const boost::system::error_code& error) {
    if (error || attempt != generation_) return;
    if (state_ == State::kConnecting || state_ == State::kHandshake) lose("connect timed out");
  });
}

void RedisClient::connect_callback(const redisAsyncContext* context, int status) {
  if (auto* client = static_cast<RedisClient*>(context->data)) client->on_connected(status);
}

void RedisClient::disconnect_callback(const redisAsyncContext* context, int status) {
  if (auto* client = static_cast<RedisClient*>(context->data)) client->on_disconnected(status);
}

void RedisClient::on_connected(int status) {
  if (destroying_) return;
  if (status != REDIS_OK) {
    // hiredis frees the context after this callback.
    const std::string why = context_ && context_->errstr[0] ? context_->errstr : "connect failed";
    context_->data = nullptr;
    context_ = nullptr;
    log_event(LogLevel::kWarning, "redis-unreachable",
              {{"redis", settings_.endpoint.describe()}, {"error", why}});
    return retry_later();
  }
  redisEnableKeepAlive(&context_->c);  // TCP keepalive: a dead peer on an idle connection
  ++connections_made_;
  state_ = State::kHandshake;
  subscribing_ = false;
  handshake();
}

void RedisClient::on_disconnected(int status) {
  if (destroying_) return;
  // hiredis frees the context after this callback.
  const std::string why =
      status == REDIS_OK ? "disconnected" : (context_ ? context_->errstr : "connection lost");
  context_->data = nullptr;
  context_ = nullptr;
  if (state_ == State::kStopped) return;
  lose(why);
}

void RedisClient::handshake() {
  // Pipelined: AUTH, SELECT and CLIENT SETNAME, each checked as its reply comes.
  std::vector<std::vector<std::string>> steps;
  const auto& endpoint = settings_.endpoint;
  if (endpoint.password) {
    if (endpoint.user.empty()) {
      steps.push_back({"AUTH", *endpoint.password});
    } else {
      steps.push_back({"AUTH", endpoint.user, *endpoint.password});
    }
  }
  if (endpoint.db != 0) steps.push_back({"SELECT", std::to_string(endpoint.db)});
  if (!settings_.name.empty()) steps.push_back({"CLIENT", "SETNAME", settings_.name});
  if (steps.empty()) return subscribe_all();
  const auto attempt = generation_;
  auto remaining = std::make_shared<std::size_t>(steps.size());
  for (const auto& step : steps) {
    const std::string what = step.front() == "CLIENT" ? "CLIENT SETNAME" : step.front();
    send(step, [this, attempt, remaining, what](const RedisReply& reply) {
      if (reply.unanswered || attempt != generation_ || state_ != State::kHandshake) return;
      if (reply.is_error()) {
        // A wrong password or database is the operator's to fix: say so, keep trying.
        log_event(LogLevel::kError, "redis-refused",
                  {{"redis", settings_.endpoint.describe()},
                   {"command", what},
                   {"error", log_excerpt(reply.text, 200)}});
        return lose(what + " refused: " + reply.text);
      }
      if (--*remaining == 0) subscribe_all();
    });
  }
}

void RedisClient::subscribe_all() {
  subscriptions_confirmed_ = 0;
  subscribing_ = true;
  if (channels_.empty()) return become_ready();
  for (const auto& channel : channels_) {
    const char* arguments[] = {"SUBSCRIBE", channel.c_str()};
    const std::size_t lengths[] = {9, channel.size()};
    if (redisAsyncCommandArgv(context_, &RedisClient::message_callback, this, 2, arguments,
                              lengths) != REDIS_OK) {
      return lose("SUBSCRIBE could not be sent");
    }
  }
}

void RedisClient::subscribe(const std::string& channel) {
  for (const auto& known : channels_) {
    if (known == channel) return;
  }
  channels_.push_back(channel);
  // Not connected, or logging in: subscribe_all() will.
  if (context_ == nullptr || !(state_ == State::kReady || subscribing_)) return;
  const char* arguments[] = {"SUBSCRIBE", channel.c_str()};
  const std::size_t lengths[] = {9, channel.size()};
  if (redisAsyncCommandArgv(context_, &RedisClient::message_callback, this, 2, arguments,
                            lengths) != REDIS_OK) {
    lose("SUBSCRIBE could not be sent");
  }
}

void RedisClient::message_callback(redisAsyncContext*, void* raw_reply, void* raw_client) {
  if (raw_reply == nullptr) return;  // the connection is going
  auto* client = static_cast<RedisClient*>(raw_client);
  if (client->destroying_) return;
  const auto& reply = *static_cast<redisReply*>(raw_reply);
  if (reply.type != REDIS_REPLY_ARRAY || reply.elements < 3) return;
  const auto* kind = reply.element[0];
  const auto* channel = reply.element[1];
  const auto* payload = reply.element[2];
  if (kind->type != REDIS_REPLY_STRING || channel->type != REDIS_REPLY_STRING) return;
  const std::string_view kind_text(kind->str, kind->len);
  if (kind_text == "subscribe") {
    if (client->state_ == State::kHandshake &&
        ++client->subscriptions_confirmed_ == client->channels_.size()) {
      client->become_ready();
    }
    return;
  }
  if (kind_text != "message" || payload->type != REDIS_REPLY_STRING) return;
  if (client->callbacks_.on_message) {
    client->callbacks_.on_message(std::string_view(channel->str, channel->len),
                                  std::string_view(payload->str, payload->len));
  }
}

void RedisClient::become_ready() {
  connect_timer_.cancel();
  subscribing_ = false;
  state_ = State::kReady;
  backoff_ = settings_.min_backoff;
  log_event(LogLevel::kInfo, "redis-connected",
            {{"redis", settings_.endpoint.describe()}, {"client", settings_.name}});
  if (callbacks_.on_ready) callbacks_.on_ready();
}

void RedisClient::lose(const std::string& why) {
  const bool was_ready = state_ == State::kReady;
  ++generation_;
  sent_at_.clear();
  connect_timer_.cancel();
  free_context();
  if (was_ready) {
    log_event(
        LogLevel::kWarning, "redis-lost",
        {{"redis", settings_.endpoint.describe()}, {"client", settings_.name}, {"error", why}});
  }
  retry_later();
  if (was_ready && callbacks_.on_lost) callbacks_.on_lost(why);
}

void RedisClient::retry_later() {
  if (state_ == State::kStopped) return;
  state_ = State::kIdle;
  const auto attempt = ++generation_;
  retry_timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, settings_.max_backoff);
  retry_timer_.async_wait([this, attempt](const boost::system::error_code& error) {
    if (error || attempt != generation_ || state_ != State::kIdle) return;
    connect();
  });
}

void RedisClient::watch_health() {
  health_timer_.expires_after(
      std::min<std::chrono::milliseconds>(settings_.reply_timeout / 4, std::chrono::seconds(1)));
  health_timer_.async_wait([this](const boost::system::error_code& error) {
    if (error || state_ == State::kStopped) return;
    if (state_ == State::kReady && !sent_at_.empty() &&
        Clock::now() - sent_at_.front() > settings_.reply_timeout) {
      lose("no reply from redis for " + std::to_string(settings_.reply_timeout.count()) + " ms");
    }
    watch_health();
  });
}

void RedisClient::command(std::vector<std::string> arguments, ReplyHandler done) {
  if (state_ != State::kReady) return fail_later(std::move(done), "redis is not connected");
  if (sent_at_.size() >= settings_.max_pending) {
    return fail_later(std::move(done), "too many redis commands waiting");
  }
  send(arguments, std::move(done));
}

bool RedisClient::send(const std::vector<std::string>& arguments, ReplyHandler done) {
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
  pointers.reserve(arguments.size());
  lengths.reserve(arguments.size());
  for (const auto& argument : arguments) {
    pointers.push_back(argument.data());
    lengths.push_back(argument.size());
  }
  auto pending = std::make_unique<Pending>(Pending{this, std::move(done)});
  if (context_ == nullptr || redisAsyncCommandArgv(context_, &RedisClient::reply_callback,
                                                   pending.get(), static_cast<int>(pointers.size()),
                                                   pointers.data(), lengths.data()) != REDIS_OK) {
    fail_later(std::move(pending->done), "redis connection is closing");
    return false;
  }
  pending.release();  // reply_callback owns it now
  sent_at_.push_back(Clock::now());
  return true;
}

void RedisClient::reply_callback(redisAsyncContext*, void* raw_reply, void* raw_pending) {
  const std::unique_ptr<Pending> pending(static_cast<Pending*>(raw_pending));
  RedisClient* client = pending->client;
  if (client->destroying_) return;
  if (raw_reply == nullptr)
    return client->fail_later(std::move(pending->done), "redis connection lost");
  if (!client->sent_at_.empty()) client->sent_at_.pop_front();
  pending->done(owned(*static_cast<redisReply*>(raw_reply)));
}

void RedisClient::fail_later(ReplyHandler done, std::string why) {
  asio::post(io_, [done = std::move(done), why = std::move(why)] {
    if (done) done(RedisReply::failure(why));
  });
}

void RedisClient::free_context() {
  if (context_ == nullptr) return;
  auto* context = context_;
  context_ = nullptr;
  context->data = nullptr;  // its connect / disconnect callbacks are no longer ours
  redisAsyncFree(context);  // deferred by hiredis when called from its own callback
}

}  // namespace parley::server
