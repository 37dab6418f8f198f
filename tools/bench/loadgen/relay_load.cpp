#include "relay_load.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <charconv>
#include <memory>
#include <vector>

#include "load_client.h"

namespace parley::bench {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kStampKey = "\"ts\":";

// {"type":..,"target":..,"ts":<ns>,"body":"xxx..."} padded to about `bytes`.
std::string message(std::string_view type, const std::string& target, std::int64_t sent_ns,
                    std::size_t bytes) {
  std::string text = "{\"type\":\"";
  text.append(type).append("\",\"target\":\"").append(target).append("\",");
  text.append(kStampKey).append(std::to_string(sent_ns));
  const char* field = type == "ice-candidate" ? ",\"candidate\":\"" : ",\"sdp\":\"";
  text.append(field);
  if (text.size() + 2 < bytes) text.append(bytes - text.size() - 2, 'a');
  text.append("\"}");
  return text;
}

// The send time stamped into a relayed message, or -1 if it carries none.
std::int64_t stamp_of(std::string_view frame) {
  const std::size_t at = frame.find(kStampKey);
  if (at == std::string_view::npos) return -1;
  std::int64_t value = -1;
  const char* begin = frame.data() + at + kStampKey.size();
  std::from_chars(begin, frame.data() + frame.size(), value);
  return value;
}

double percentile_ms(std::vector<std::int64_t>& latencies_ns, double fraction) {
  if (latencies_ns.empty()) return 0;
  const std::size_t index =
      std::min(latencies_ns.size() - 1,
               static_cast<std::size_t>(fraction * static_cast<double>(latencies_ns.size())));
  std::nth_element(latencies_ns.begin(), latencies_ns.begin() + static_cast<std::ptrdiff_t>(index),
                   latencies_ns.end());
  return static_cast<double>(latencies_ns[index]) / 1e6;
}

}  // namespace

RelayLoadResult run_relay_load(const RelayLoadOptions& options,
                               const std::function<void(bool window_start)>& on_window) {
  asio::io_context io(1);
  const auto origin = Clock::now();
  const auto now_ns = [&] {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - origin).count();
  };

  RelayLoadResult result;
  std::vector<std::int64_t> latencies_ns;
  bool measuring = false;
  int started = 0, failed = 0, pairs_ready = 0;
  const int pairs = options.clients / 2;
  std::vector<bool> pair_ready(static_cast<std::size_t>(pairs), false);

  std::vector<std::shared_ptr<LoadClient>> clients;
  for (int i = 0; i < pairs * 2; ++i) {
    clients.push_back(std::make_shared<LoadClient>(io, "c" + std::to_string(i),
                                                   "bench-" + std::to_string(i / 2)));
  }
  // Client i's port: members of one pair on different ports, or on the same one.
  const auto port_of = [&](int i) {
    const auto spread = static_cast<std::size_t>(options.split_pairs ? i : i / 2);
    return options.ports[spread % options.ports.size()];
  };
  for (int i = 0; i < pairs * 2; ++i) {
    const int pair = i / 2;
    clients[static_cast<std::size_t>(i)]->start(
        options.host, port_of(i),
        [&](bool ok) {
          ++started;
          if (!ok) ++failed;
        },
        [&, pair](std::string_view frame) {
          if (!pair_ready[static_cast<std::size_t>(pair)] &&
              frame.find("\"peer-joined\"") != std::string_view::npos) {
            pair_ready[static_cast<std::size_t>(pair)] = true;
            ++pairs_ready;
            return;
          }
          const std::int64_t stamp = stamp_of(frame);
          if (stamp < 0 || !measuring) return;
          ++result.delivered;
          latencies_ns.push_back(now_ns() - stamp);
        });
  }

  // Everyone connected and every pair met, within a bound.
  const auto join_deadline = Clock::now() + options.join_timeout;
  while ((started < pairs * 2 || pairs_ready < pairs) && failed == 0 &&
         Clock::now() < join_deadline) {
    io.run_one_for(std::chrono::milliseconds(100));
  }
  if (failed > 0 || pairs_ready < pairs) return result;
  result.connected = true;

  // Each client sends on its own timer; starts are staggered over one interval.
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(static_cast<double>(pairs * 2) / options.messages_per_second));
  const auto send_start = Clock::now();
  const auto window_start = send_start + options.warmup;
  const auto window_end = window_start + options.duration;
  std::vector<std::unique_ptr<asio::steady_timer>> timers;
  std::vector<std::uint64_t> sequence(clients.size(), 0);
  std::function<void(std::size_t, Clock::time_point)> schedule = [&](std::size_t i,
                                                                     Clock::time_point at) {
    timers[i]->expires_at(at);
    timers[i]->async_wait([&, i, at](boost::system::error_code error) {
      if (error || Clock::now() >= window_end) return;
      auto& client = *clients[i];
      const std::string& partner = clients[i ^ 1]->peer_id();
      const std::uint64_t n = sequence[i]++;
      const bool description =
          n % static_cast<std::uint64_t>(options.candidates_per_description + 1) == 0;
      const std::string_view type =
          !description ? "ice-candidate" : (i % 2 == 0 ? "offer" : "answer");
      client.send(message(type, partner, now_ns(),
                          description ? options.sdp_bytes : options.candidate_bytes));
      result.max_backlog = std::max<std::uint64_t>(result.max_backlog, client.queued());
      if (measuring) ++result.sent;
      schedule(i, at + interval);
    });
  };
  for (std::size_t i = 0; i < clients.size(); ++i) {
    timers.push_back(std::make_unique<asio::steady_timer>(io));
    schedule(i, send_start + interval * static_cast<int>(i) / static_cast<int>(clients.size()));
  }

  asio::steady_timer window(io);
  window.expires_at(window_start);
  window.async_wait([&](boost::system::error_code) {
    on_window(true);
    measuring = true;
    window.expires_at(window_end);
    window.async_wait([&](boost::system::error_code) {
      measuring = false;
      on_window(false);
    });
  });
  // Run to the end of the window, then let in-flight relays land (not counted).
  io.run_until(window_end + std::chrono::milliseconds(500));
  for (auto& client : clients) client->close();
  io.run_for(std::chrono::seconds(2));

  result.seconds = std::chrono::duration<double>(options.duration).count();
  result.p50_ms = percentile_ms(latencies_ns, 0.50);
  result.p99_ms = percentile_ms(latencies_ns, 0.99);
  result.max_ms =
      latencies_ns.empty()
          ? 0
          : static_cast<double>(*std::max_element(latencies_ns.begin(), latencies_ns.end())) / 1e6;
  return result;
}

}  // namespace parley::bench
