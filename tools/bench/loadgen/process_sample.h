// CPU time and memory of another process (the server under load), read from /proc.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace parley::bench {

struct ProcessSample {
  double cpu_seconds = 0;            // user + system since the process started
  std::uint64_t rss_bytes = 0;       // resident now (VmRSS)
  std::uint64_t peak_rss_bytes = 0;  // high-water mark (VmHWM)
};

// nullopt if the process is gone or /proc cannot be read.
std::optional<ProcessSample> sample_process(pid_t pid);

}  // namespace parley::bench
