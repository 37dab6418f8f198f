// parley-server as an object: bind, run, stop. main() and the integration tests use it.
//
//   Server server(options);          // binds now; throws with a clear message on failure
//   std::cout << server.url();       // the real port when options.port was 0
//   server.run();                    // returns after stop() (callable from any thread)
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "server/cluster/redis_rooms.h"
#include "server/connection_slots.h"
#include "server/room_bus.h"
#include "server/server_options.h"
#include "server/signaling_hub.h"

namespace parley::server {

class Listener;

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();

  std::uint16_t port() const;
  std::optional<std::uint16_t> metrics_port() const;  // with --metrics-listen
  std::string url() const;

  // Serves until stop() is called; with stop_on_signals, SIGINT/SIGTERM stop it too.
  void run(bool stop_on_signals = false);

  // Graceful: stops accepting, tells every signaling client "server-shutdown", closes
  // them with 1001 and returns from run() once they are gone (or after kShutdownGrace).
  // With --redis it drains: while another instance is alive, it also waits (up to
  // --id-hold + 2 s) until the members it sent away resumed there or their holds ran out.
  void stop();

  const SignalingHub& hub() const { return hub_; }
  // With --redis: the shared rooms (connected() may be read from any thread).
  const RedisRooms* cluster() const { return cluster_.get(); }

 private:
  void wait_for_clients_then_stop(std::chrono::steady_clock::time_point deadline);
  void schedule_keep_alive();

  std::shared_ptr<const ServerOptions> options_;
  ConnectionSlots slots_;  // before io_: sessions still in io_ give theirs back when it goes
  // --metrics-listen: its own small set of slots, so a crowd on the main port cannot keep
  // monitoring out.
  ConnectionSlots metrics_slots_{{.total = 64, .per_address = 16}};
  boost::asio::io_context io_;
  InProcessRoomBus bus_;
  std::unique_ptr<RedisRooms> cluster_;  // with --redis; the hub's bus then
  SignalingHub hub_;
  std::shared_ptr<Listener> listener_;
  std::shared_ptr<Listener> metrics_listener_;
  std::unique_ptr<boost::asio::steady_timer> shutdown_timer_;
  // A draining cluster member also waits until the members it sent away resumed elsewhere,
  // while some other instance is alive to take them.
  bool drain_waits_for_seats_ = false;
  std::chrono::steady_clock::time_point next_drain_check_{};
  boost::asio::steady_timer keep_alive_timer_;
};

}  // namespace parley::server
