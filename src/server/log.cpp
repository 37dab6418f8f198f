#include "server/log.h"

#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "server/log_rate_limiter.h"

namespace parley::server {

namespace {

constexpr std::size_t kMaxQueuedLines = 4096;

// Cuts every string longer than kMaxLoggedString, however deep.
void cut_long_strings(nlohmann::json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > kMaxLoggedString) value = log_excerpt(text, kMaxLoggedString);
  } else if (value.is_structured()) {
    for (auto& item : value) cut_long_strings(item);
  }
}

// Hands lines to a writer thread. Created on first use and never destroyed, so lines
// logged while the process exits (other static destructors) are still safe.
class LogWriter {
 public:
  LogWriter() : thread_([this] { run(); }) { thread_.detach(); }

  // The line, rate-limited and queued; never waits for stderr.
  void log(std::string_view kind, nlohmann::json& fields) {
    std::unique_lock lock(mutex_);
    const auto held_back = limiter_.admit(kind, LogRateLimiter::Clock::now());
    if (!held_back) {
      ++counters_.suppressed;
      return;
    }
    if (lines_.size() >= kMaxQueuedLines) {
      ++counters_.dropped;
      ++dropped_unreported_;
      return;
    }
    if (*held_back > 0) fields["suppressed"] = *held_back;
    if (dropped_unreported_ > 0) fields["dropped"] = std::exchange(dropped_unreported_, 0);
    lock.unlock();  // formatting needs no lock
    cut_long_strings(fields);
    std::string line = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
    lock.lock();
    lines_.push_back(std::move(line));
    ++queued_total_;
    wake_.notify_one();
  }

  bool flush(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = queued_total_;
    return drained_.wait_for(lock, limit, [&] { return written_total_ >= target; });
  }

  LogCounters counters() {
    const std::lock_guard lock(mutex_);
    return counters_;
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return !lines_.empty(); });
      std::deque<std::string> batch;
      batch.swap(lines_);
      lock.unlock();
      std::string text;
      for (const auto& line : batch) text += line;
      write_all(text);
      lock.lock();
      written_total_ += batch.size();
      counters_.written += batch.size();
      drained_.notify_all();
    }
  }

  // Straight to the descriptor, not through stdio: no FILE lock is ever held by this
  // thread, so nothing else that prints can be made to wait on it.
  static void write_all(std::string_view text) {
    while (!text.empty()) {
      const ssize_t written = ::write(STDERR_FILENO, text.data(), text.size());
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) return;  // stderr is gone: the lines are lost, the server is not
      text.remove_prefix(static_cast<std::size_t>(written));
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable drained_;
  std::deque<std::string> lines_;
  LogRateLimiter limiter_;
  LogCounters counters_;
  std::uint64_t dropped_unreported_ = 0;
  std::uint64_t queued_total_ = 0;
  std::uint64_t written_total_ = 0;
  std::thread thread_;
};

LogWriter& writer() {
  static LogWriter* const instance = new LogWriter();  // intentionally never destroyed
  return *instance;
}

}  // namespace

std::string log_excerpt(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Back up to the start of a UTF-8 character (continuation bytes are 10xxxxxx).
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "\u2026";
}

void log_event(LogLevel level, std::string_view event, nlohmann::json fields) {
  const auto now = std::chrono::system_clock::now();
  fields["ts"] = std::chrono::duration<double>(now.time_since_epoch()).count();
  fields["level"] = level == LogLevel::kInfo      ? "info"
                    : level == LogLevel::kWarning ? "warning"
                                                  : "error";
  fields["event"] = event;
  writer().log(event, fields);  // cuts long strings once the line is let through
}

bool flush_log(std::chrono::milliseconds limit) {
  return writer().flush(limit);
}

LogCounters log_counters() {
  return writer().counters();
}

}  // namespace parley::server
