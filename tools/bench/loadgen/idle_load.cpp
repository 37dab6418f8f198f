#include "idle_load.h"

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <vector>

#include "load_client.h"

namespace parley::bench {

int run_idle_load(const IdleLoadOptions& options, const std::function<void()>& on_held) {
  boost::asio::io_context io(1);
  std::vector<std::shared_ptr<LoadClient>> clients;
  int in_flight = 0, held = 0, failed = 0, next = 0;

  std::function<void()> start_more = [&] {
    while (in_flight < options.concurrent_connects && next < options.connections) {
      const int i = next++;
      auto client = std::make_shared<LoadClient>(io, "i" + std::to_string(i),
                                                 "idle-" + std::to_string(i / 2));
      clients.push_back(client);
      ++in_flight;
      client->start(
          options.host, options.port,
          [&](bool ok) {
            --in_flight;
            ok ? ++held : ++failed;
            start_more();
          },
          [](std::string_view) {});
    }
  };
  start_more();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (held + failed < options.connections && std::chrono::steady_clock::now() < deadline) {
    io.run_one_for(std::chrono::milliseconds(100));
  }
  // Let joins and the server's answers settle before measuring.
  io.run_for(std::chrono::seconds(2));
  on_held();
  for (auto& client : clients) client->close();
  io.run_for(std::chrono::seconds(3));
  return held;
}

}  // namespace parley::bench
