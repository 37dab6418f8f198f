#include "process_sample.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace parley::bench {

namespace {

// "VmRSS:     1234 kB" -> bytes.
std::optional<std::uint64_t> status_kilobytes(const std::string& status, const std::string& key) {
  const std::size_t at = status.find("\n" + key + ":");
  if (at == std::string::npos) return std::nullopt;
  std::istringstream line(status.substr(at + key.size() + 2));
  std::uint64_t kilobytes = 0;
  line >> kilobytes;
  return kilobytes * 1024;
}

}  // namespace

std::optional<ProcessSample> sample_process(pid_t pid) {
  const std::string base = "/proc/" + std::to_string(pid);
  std::ifstream stat_file(base + "/stat");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const std::size_t close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 2));
  std::string skip;
  for (int field = 3; field < 14; ++field) fields >> skip;  // state .. cmajflt
  unsigned long user_ticks = 0, system_ticks = 0;
  fields >> user_ticks >> system_ticks;
  if (!fields) return std::nullopt;

  std::ifstream status_file(base + "/status");
  const std::string status = "\n" + std::string((std::istreambuf_iterator<char>(status_file)),
                                                std::istreambuf_iterator<char>());
  const auto rss = status_kilobytes(status, "VmRSS");
  const auto peak = status_kilobytes(status, "VmHWM");
  if (!rss || !peak) return std::nullopt;

  const double ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
  return ProcessSample{static_cast<double>(user_ticks + system_ticks) / ticks_per_second, *rss,
                       *peak};
}

}  // namespace parley::bench
