// A real redis-server for tests: on a free loopback port, no persistence, stopped (and
// waited for) when the object goes. stop() and start() again keep the port, as a
// restarted Redis has.
//
//   RedisProcess redis;                       // started, answering PING
//   RedisProcess locked({"--requirepass", "s3cret-pass"});
//   redis.stop(); redis.start();
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace parley::server::testing {

class RedisProcess {
 public:
  explicit RedisProcess(std::vector<std::string> extra_arguments = {});
  ~RedisProcess();
  RedisProcess(const RedisProcess&) = delete;
  RedisProcess& operator=(const RedisProcess&) = delete;

  void start();  // throws when it does not come up within a few seconds
  void stop();   // SIGKILL: as a crash or `kill -9` ends it, nothing flushed
  std::uint16_t port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

 private:
  std::vector<std::string> extra_arguments_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace parley::server::testing
