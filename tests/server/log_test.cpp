// Logging that a client cannot turn against the server: rate-limited per kind, client
// text cut short.
#include "server/log.h"

#include <gtest/gtest.h>

#include "server/log_rate_limiter.h"

namespace parley::server {
namespace {
using namespace std::chrono_literals;

TEST(LogRateLimiterTest, AKindGetsItsBurstThenItsRateAndSaysHowManyWereHeldBack) {
  LogRateLimiter limiter({.lines_per_second = 2, .burst = 3});
  const LogRateLimiter::Clock::time_point start{};
  int written = 0;
  for (int i = 0; i < 100; ++i) written += limiter.admit("out-of-descriptors", start).has_value();
  EXPECT_EQ(written, 3);
  EXPECT_EQ(limiter.admit("connection-refused", start), 0u) << "other kinds have their own";
  EXPECT_FALSE(limiter.admit("out-of-descriptors", start + 100ms));
  const auto next = limiter.admit("out-of-descriptors", start + 500ms);
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, 98u) << "the line after a silence counts what it replaced";
  EXPECT_EQ(limiter.admit("out-of-descriptors", start + 1000ms), 0u);
}

TEST(LogExcerptTest, ClientTextIsCutToAShortPrefixOnACharacterBoundary) {
  EXPECT_EQ(log_excerpt("https://app.example.org"), "https://app.example.org");
  const std::string huge(8000, 'A');
  EXPECT_EQ(log_excerpt(huge), std::string(64, 'A') + "\u2026");
  // "é" is two bytes; a cut inside it backs up to before it.
  EXPECT_EQ(log_excerpt("abc\u00e9def", 4), "abc\u2026");
}

TEST(LogTest, AFloodOfOneKindWritesABurstThenAFewLinesASecond) {
  const LogCounters before = log_counters();
  const auto started = std::chrono::steady_clock::now();
  const std::string header(1000, 'x');
  for (int i = 0; i < 100'000; ++i) {
    log_event(LogLevel::kWarning, "log-test-flood", {{"header", header}});
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(flush_log(5s));
  const LogCounters after = log_counters();
  const auto written = after.written - before.written;
  // The default limits: a burst of 20, then 5 lines a second.
  EXPECT_LE(written, 20 + static_cast<std::uint64_t>(5 * seconds) + 1) << seconds << " s";
  EXPECT_EQ(written + (after.suppressed - before.suppressed), 100'000u);
}

}  // namespace
}  // namespace parley::server
