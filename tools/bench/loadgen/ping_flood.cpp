#include "ping_flood.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "process_sample.h"

namespace parley::bench {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kPingsPerWrite = 10'000;

// An empty ping as a client must send it: FIN + opcode 9, masked, no payload.
constexpr char kEmptyPing[] = {'\x89', '\x80', '\x12', '\x34', '\x56', '\x78'};

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t written = ::send(fd, data, size, MSG_NOSIGNAL);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

bool peer_has_shut_down(int fd) {
  pollfd check{fd, POLLRDHUP, 0};
  return ::poll(&check, 1, 0) > 0 && (check.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

}  // namespace

PingFloodResult run_ping_flood(const PingFloodOptions& options, pid_t server) {
  PingFloodResult result;
  if (const auto sample = sample_process(server))
    result.server_rss_before_bytes = sample->rss_bytes;
  result.server_rss_max_bytes = result.server_rss_before_bytes;

  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(options.port);
  ::inet_pton(AF_INET, options.host.c_str(), &address.sin_addr);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (fd >= 0) ::close(fd);
    return result;
  }
  result.connected = true;
  const std::string upgrade =
      "GET / HTTP/1.1\r\nHost: " + options.host +
      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  std::vector<char> batch;
  batch.reserve(sizeof kEmptyPing * kPingsPerWrite);
  for (std::size_t i = 0; i < kPingsPerWrite; ++i) {
    batch.insert(batch.end(), std::begin(kEmptyPing), std::end(kEmptyPing));
  }

  const auto started = Clock::now();
  auto next_sample = started;
  bool open = write_all(fd, upgrade.data(), upgrade.size());
  while (open && Clock::now() - started < options.time_limit) {
    if (Clock::now() >= next_sample) {
      if (const auto sample = sample_process(server)) {
        result.server_rss_max_bytes = std::max(result.server_rss_max_bytes, sample->rss_bytes);
      }
      next_sample += std::chrono::milliseconds(50);
    }
    if (!result.seconds_until_closed && peer_has_shut_down(fd)) {
      result.seconds_until_closed = std::chrono::duration<double>(Clock::now() - started).count();
      break;
    }
    if (result.pings_sent >= options.pings) {
      ::usleep(50'000);  // all sent: keep watching the server until the time limit
      continue;
    }
    open = write_all(fd, batch.data(), batch.size());
    if (open) result.pings_sent += kPingsPerWrite;
  }
  if (!open && !result.seconds_until_closed) {  // a write failed: the server reset us
    result.seconds_until_closed = std::chrono::duration<double>(Clock::now() - started).count();
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (const auto sample = sample_process(server)) {
    result.server_rss_max_bytes = std::max(result.server_rss_max_bytes, sample->rss_bytes);
  }
  ::close(fd);
  return result;
}

}  // namespace parley::bench
