// The idle benchmark: `connections` clients connect and join rooms of two, then stay
// silent, as a server's population mostly is between calls. `on_held` is called once
// they all are connected and settled (to sample the server's memory), then all close.
#pragma once

#include <functional>
#include <string>

namespace parley::bench {

struct IdleLoadOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int connections = 10000;
  int concurrent_connects = 256;  // handshakes in flight at once
};

// Returns how many connections were held when on_held ran.
int run_idle_load(const IdleLoadOptions& options, const std::function<void()>& on_held);

}  // namespace parley::bench
