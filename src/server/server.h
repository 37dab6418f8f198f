// parley-server as an object: bind, run, stop. main() and the integration tests use it.
//
//   Server server(options);          // binds now; throws with a clear message on failure
//   std::cout << server.url();       // the real port when options.port was 0
//   server.run();                    // returns after stop() (callable from any thread)
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "server/server_options.h"

namespace parley::server {

class Listener;

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();

  std::uint16_t port() const;
  std::string url() const;

  // Serves until stop() is called; with stop_on_signals, SIGINT/SIGTERM stop it too.
  void run(bool stop_on_signals = false);
  void stop();

 private:
  std::shared_ptr<const ServerOptions> options_;
  boost::asio::io_context io_;
  std::shared_ptr<Listener> listener_;
};

}  // namespace parley::server
