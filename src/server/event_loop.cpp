#include "server/event_loop.h"

#include <thread>

namespace parley::server {

namespace {
// Handlers one non-blocking pass must run for the load to count as heavy. One message
// takes one or two handlers, so this is a few messages arriving within one pass.
constexpr std::size_t kBusyPass = 4;
}  // namespace

void run_events(boost::asio::io_context& io, std::chrono::microseconds batch_window) {
  if (batch_window.count() <= 0) {
    io.run();
    return;
  }
  while (!io.stopped()) {
    const std::size_t handled = io.poll();  // everything ready now, without blocking
    if (io.stopped()) break;
    if (handled >= kBusyPass) {
      std::this_thread::sleep_for(batch_window);
    } else if (io.run_one() == 0) {  // quiet: block until the next event
      break;                         // stopped, or out of work
    }
  }
}

}  // namespace parley::server
