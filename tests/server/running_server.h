// A parley-server running on a free loopback port in a background thread, for tests.
#pragma once

#include <memory>
#include <thread>

#include "server/server.h"

namespace parley::server::testing {

class RunningServer {
 public:
  explicit RunningServer(ServerOptions options)
      : server_(std::make_unique<Server>(std::move(options))),
        thread_([this] { server_->run(); }) {}
  ~RunningServer() { stop(); }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  // Graceful stop; returns when run() has returned.
  void stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }
  Server& operator*() { return *server_; }
  Server* operator->() { return server_.get(); }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

}  // namespace parley::server::testing
