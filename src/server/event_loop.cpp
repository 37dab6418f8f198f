#include "server/event_loop.h"

#include <thread>

namespace parley::server {

namespace {
using Clock = std::chrono::steady_clock;

// Load is judged over short periods: at least this many handlers in one period (one
// message takes one or two) is heavy load - 5,000 a second - and turns batching on for
// the next period. A few clients joining at once stay far below it.
constexpr auto kLoadPeriod = std::chrono::milliseconds(10);
constexpr std::size_t kHeavyLoadHandlers = 50;
}  // namespace

void run_events(boost::asio::io_context& io, std::chrono::microseconds batch_window) {
  if (batch_window.count() <= 0) {
    io.run();
    return;
  }
  bool heavy = false;
  std::size_t handled_in_period = 0;
  auto period_start = Clock::now();
  while (!io.stopped()) {
    std::size_t handled = io.poll();  // everything ready now, without blocking
    if (io.stopped()) break;
    if (heavy) {
      std::this_thread::sleep_for(batch_window);  // let the next batch gather
    } else if (handled == 0) {
      if (io.run_one() == 0) break;  // quiet: block until the next event; 0: stopped
      handled = 1;
    }
    handled_in_period += handled;
    if (const auto now = Clock::now(); now - period_start >= kLoadPeriod) {
      heavy = handled_in_period >= kHeavyLoadHandlers;
      handled_in_period = 0;
      period_start = now;
    }
  }
}

}  // namespace parley::server
