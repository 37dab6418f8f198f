#include "server/server.h"

#include <algorithm>
#include <array>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <random>

#include "core/protocol/room_link.h"
#include "server/event_loop.h"
#include "server/listener.h"
#include "server/log.h"
#include "server/tls_context.h"

namespace parley::server {
namespace asio = boost::asio;

namespace {

constexpr auto kShutdownGrace = std::chrono::seconds(3);
constexpr auto kShutdownPoll = std::chrono::milliseconds(20);
// How often connections check their liveness: a quarter of the idle timeout, at most 1 s.
std::chrono::steady_clock::duration keep_alive_interval(std::chrono::seconds idle_timeout) {
  return std::clamp<std::chrono::steady_clock::duration>(
      idle_timeout / 4, std::chrono::milliseconds(100), std::chrono::seconds(1));
}
constexpr std::size_t kPeerIdRandomBytes = 10;  // 80 bits -> 16 base32 characters

std::string random_peer_id() {
  static std::random_device device;  // getrandom() on Linux
  std::array<std::uint8_t, kPeerIdRandomBytes> bytes{};
  for (auto& byte : bytes) byte = static_cast<std::uint8_t>(device());
  return room_id_from_random(bytes);
}

HubLimits hub_limits(const ServerOptions& options) {
  HubLimits limits;
  limits.protocol.max_message_bytes = options.max_message_bytes;
  limits.rooms.room_capacity = options.room_capacity;
  limits.rooms.id_hold = options.id_hold;
  limits.messages_per_second = options.messages_per_second;
  limits.message_burst = options.message_burst;
  limits.join_timeout = options.join_timeout;
  return limits;
}

}  // namespace

Server::Server(ServerOptions options)
    : options_(std::make_shared<const ServerOptions>(std::move(options))),
      slots_({options_->max_connections, options_->max_connections_per_address}),
      cluster_(options_->redis
                   ? std::make_unique<RedisRooms>(
                         io_, RedisRooms::Settings{.endpoint = *options_->redis,
                                                   .instance_id = options_->instance_id,
                                                   .buffer_bytes = options_->redis_buffer_bytes})
                   : nullptr),
      hub_(hub_limits(*options_), cluster_ ? static_cast<RoomBus&>(*cluster_) : bus_,
           random_peer_id,
           JoinAccess(options_->auth_secret, options_->ice, WallClock::now,
                      options_->max_token_lifetime),
           cluster_.get()),
      keep_alive_timer_(io_) {
  const auto address = asio::ip::make_address(options_->host);
  std::shared_ptr<asio::ssl::context> tls;
  if (options_->tls)
    tls = make_tls_context(options_->tls->certificate_chain, options_->tls->private_key);
  listener_ = std::make_shared<Listener>(io_, asio::ip::tcp::endpoint(address, options_->port),
                                         options_, hub_, slots_, std::move(tls));
  if (options_->metrics_listen) {
    metrics_listener_ = std::make_shared<Listener>(
        io_,
        asio::ip::tcp::endpoint(asio::ip::make_address(options_->metrics_listen->host),
                                options_->metrics_listen->port),
        options_, hub_, metrics_slots_, nullptr, HttpRole::kMetrics);
  }
}

Server::~Server() = default;

std::uint16_t Server::port() const {
  return listener_->local_endpoint().port();
}

std::optional<std::uint16_t> Server::metrics_port() const {
  if (!metrics_listener_) return std::nullopt;
  return metrics_listener_->local_endpoint().port();
}

std::string Server::url() const {
  const auto endpoint = listener_->local_endpoint();
  const std::string host = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                                      : endpoint.address().to_string();
  return std::string(options_->tls ? "https://" : "http://") + host + ":" +
         std::to_string(endpoint.port()) + "/";
}

void Server::run(bool stop_on_signals) {
  asio::signal_set signals(io_);
  if (stop_on_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([this](const boost::system::error_code& error, int signal) {
      if (error) return;
      log_event(LogLevel::kInfo, "stopping", {{"signal", signal}});
      stop();
    });
  }
  if (cluster_) cluster_->start();
  listener_->start();
  if (metrics_listener_) metrics_listener_->start();
  schedule_keep_alive();
  log_event(LogLevel::kInfo, "listening",
            {{"url", url()}, {"web_root", options_->web_root.string()}});
  run_events(io_, options_->batch_window);
}

void Server::schedule_keep_alive() {
  keep_alive_timer_.expires_after(keep_alive_interval(options_->idle_timeout));
  keep_alive_timer_.async_wait([this](const boost::system::error_code& error) {
    if (error) return;
    hub_.keep_alive(std::chrono::steady_clock::now());
    schedule_keep_alive();
  });
}

void Server::stop() {
  asio::post(io_, [this] {
    if (shutdown_timer_) return;  // already stopping
    shutdown_timer_ = std::make_unique<asio::steady_timer>(io_);
    // The main port takes no new connection (a balancer's next one goes elsewhere); the
    // metrics port stays open to the end, so a readiness probe there reads 503.
    listener_->stop();
    hub_.shutdown();
    const auto now = std::chrono::steady_clock::now();
    if (!cluster_) return wait_for_clients_then_stop(now + kShutdownGrace);
    // A cluster member drains: the clients it sent away resume on other instances, which
    // take their seats (or the holds run out); it goes once none is left here, or once no
    // instance is left to take them (the whole cluster is stopping).
    cluster_->begin_drain();
    drain_waits_for_seats_ = true;
    const auto drain_limit = std::max<std::chrono::steady_clock::duration>(
        kShutdownGrace, options_->id_hold + std::chrono::seconds(2));
    wait_for_clients_then_stop(now + drain_limit);
  });
}

void Server::wait_for_clients_then_stop(std::chrono::steady_clock::time_point deadline) {
  const auto now = std::chrono::steady_clock::now();
  const bool drained =
      hub_.connection_count() == 0 && (!drain_waits_for_seats_ || hub_.seats_sent_away() == 0);
  if (drained || now >= deadline) {
    if (!cluster_) return io_.stop();
    // The others are told this instance is gone (they take its members out at once).
    return cluster_->stop([this] { io_.stop(); });
  }
  if (drain_waits_for_seats_ && now >= next_drain_check_) {
    // Is anyone left to take the seats? Asked once a second.
    next_drain_check_ = now + std::chrono::seconds(1);
    cluster_->any_other_node_alive([this](bool others) {
      if (others || !drain_waits_for_seats_) return;
      drain_waits_for_seats_ = false;
      log_event(LogLevel::kInfo, "drain-ends", {{"why", "no other instance is alive"}});
    });
  }
  shutdown_timer_->expires_after(kShutdownPoll);
  shutdown_timer_->async_wait([this, deadline](const boost::system::error_code& error) {
    if (!error) wait_for_clients_then_stop(deadline);
  });
}

}  // namespace parley::server
