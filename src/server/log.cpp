#include "server/log.h"

#include <chrono>
#include <cstdio>
#include <mutex>

namespace parley::server {

void log_event(LogLevel level, std::string_view event, nlohmann::json fields) {
  static std::mutex mutex;
  const auto now = std::chrono::system_clock::now();
  const double seconds = std::chrono::duration<double>(now.time_since_epoch()).count();
  fields["ts"] = seconds;
  fields["level"] = level == LogLevel::kInfo      ? "info"
                    : level == LogLevel::kWarning ? "warning"
                                                  : "error";
  fields["event"] = event;
  const std::string line = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::lock_guard lock(mutex);
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

}  // namespace parley::server
