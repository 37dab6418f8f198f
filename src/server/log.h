// One JSON object per line on stderr: {"ts":..., "level":"info", "event":"listening", ...}.
// Machine-readable for operators, still plain to read.
//
//   log_event(LogLevel::kWarning, "origin-refused", {{"origin", log_excerpt(origin)}});
//
// Logging is safe to call on the I/O thread whatever clients do:
// - Each kind of event (its name) is rate-limited (log_rate_limiter.h); the next line of
//   a kind that was held back says how many were ("suppressed": N).
// - Strings longer than kMaxLoggedString are cut; text a client chose (a header, a
//   reason) should go through log_excerpt(), which keeps a short prefix.
// - Lines are written by a background thread from a bounded queue: a stderr that blocks
//   (a full pipe nobody reads) never blocks the caller; lines past the queue's bound are
//   dropped and counted ("dropped": N on the next line written).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace parley::server {

enum class LogLevel { kInfo, kWarning, kError };

inline constexpr std::size_t kMaxLoggedString = 256;

void log_event(LogLevel level, std::string_view event,
               nlohmann::json fields = nlohmann::json::object());

// At most `max_bytes` of `text` (cut on a UTF-8 character boundary), with "…" when cut.
std::string log_excerpt(std::string_view text, std::size_t max_bytes = 64);

// Waits up to `limit` for every line logged so far to be written; false if they were not.
bool flush_log(std::chrono::milliseconds limit = std::chrono::seconds(1));

struct LogCounters {
  std::uint64_t written = 0;     // lines written to stderr
  std::uint64_t suppressed = 0;  // held back by the rate limit
  std::uint64_t dropped = 0;     // lost because the queue was full
};
LogCounters log_counters();

}  // namespace parley::server
