// parley-server out of file descriptors: it must neither spin nor flood its log, and it
// must serve again as soon as descriptors are free. The server runs as its own process
// under a small RLIMIT_NOFILE, so the test's own sockets are not limited with it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "temp_web_root.h"

namespace parley::server {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr rlim_t kDescriptorLimit = 48;

// parley-server in a child process with stdout read for its URL and stderr in a file.
class ServerProcess {
 public:
  ServerProcess(const std::filesystem::path& web_root, const std::filesystem::path& log) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe");
    const std::vector<std::string> args = {PARLEY_SERVER_BINARY, "--port", "0", "--web-root",
                                           web_root.string()};
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    pid_ = fork();
    if (pid_ == 0) {  // only async-signal-safe calls until exec
      const rlimit limit{kDescriptorLimit, kDescriptorLimit};
      setrlimit(RLIMIT_NOFILE, &limit);
      dup2(out[1], STDOUT_FILENO);
      dup2(log_fd, STDERR_FILENO);
      execv(argv[0], argv.data());
      _exit(127);
    }
    ::close(out[1]);
    ::close(log_fd);
    std::string printed;
    char c;
    while (printed.find('\n') == std::string::npos && ::read(out[0], &c, 1) == 1) printed += c;
    ::close(out[0]);
    const auto colon = printed.rfind(':');
    if (colon == std::string::npos) throw std::runtime_error("no URL printed: " + printed);
    port_ = static_cast<std::uint16_t>(std::stoi(printed.substr(colon + 1)));
  }
  ~ServerProcess() { stop(); }

  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  std::uint16_t port() const { return port_; }

  // User + system CPU time the process has used.
  std::chrono::milliseconds cpu_time() const {
    std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));  // after "(comm)"
    std::string field;
    long ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14 || i == 15) ticks += std::stol(field);  // utime, stime
    }
    return std::chrono::milliseconds(ticks * 1000 / sysconf(_SC_CLK_TCK));
  }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

std::size_t count_lines_with(const std::filesystem::path& file, std::string_view text) {
  std::ifstream in(file);
  std::size_t count = 0;
  for (std::string line; std::getline(in, line);) count += line.find(text) != std::string::npos;
  return count;
}

// GET /healthz on a fresh connection; true when it answers 200 within `timeout`.
bool healthy(std::uint16_t port, std::chrono::milliseconds timeout) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  asio::steady_timer deadline(io, timeout);
  deadline.async_wait([&](boost::system::error_code error) {
    if (!error) socket.close();
  });
  std::string response(64, '\0');
  bool ok = false;
  socket.async_connect({asio::ip::make_address("127.0.0.1"), port}, [&](auto error) {
    if (error) return;
    static const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    asio::async_write(socket, asio::buffer(request), [&](auto write_error, std::size_t) {
      if (write_error) return;
      socket.async_read_some(asio::buffer(response), [&](auto read_error, std::size_t size) {
        ok = !read_error && response.compare(0, 12, "HTTP/1.1 200") == 0 && size > 0;
        deadline.cancel();
      });
    });
  });
  io.run();
  return ok;
}

TEST(DescriptorExhaustion, TheServerPausesInsteadOfSpinningAndServesAgainOnceDescriptorsFree) {
  testing::TempWebRoot root;
  root.add("index.html", "ok");
  const auto log = root.path().parent_path() / "server.log";
  ServerProcess server(root.path(), log);
  ASSERT_TRUE(healthy(server.port(), 2s));

  // Far more connections than the server has descriptors: it runs out while they stay.
  asio::io_context io;
  std::vector<asio::ip::tcp::socket> hogs;
  for (int i = 0; i < 120; ++i) {
    hogs.emplace_back(io);
    hogs.back().connect({asio::ip::make_address("127.0.0.1"), server.port()});
  }
  const auto exhausted_since = std::chrono::steady_clock::now();
  for (int i = 0; i < 250 && count_lines_with(log, "Too many open files") == 0; ++i) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_GT(count_lines_with(log, "Too many open files"), 0u) << "it never ran out: no test";

  // Out of descriptors for two seconds: the server waits; before the fix it spun at 100%.
  const auto cpu_before = server.cpu_time();
  std::this_thread::sleep_for(2s);
  const auto cpu_spent = server.cpu_time() - cpu_before;
  EXPECT_LT(cpu_spent, 500ms) << "the server spun while out of descriptors";

  hogs.clear();  // descriptors come free
  const auto released = std::chrono::steady_clock::now();
  bool back = false;
  while (!back && std::chrono::steady_clock::now() - released < 3s)
    back = healthy(server.port(), 200ms);
  const auto recovery = std::chrono::steady_clock::now() - released;
  ASSERT_TRUE(back);
  EXPECT_LT(recovery, 1s) << "service came back only after "
                          << std::chrono::duration_cast<std::chrono::milliseconds>(recovery).count()
                          << " ms";

  const auto exhausted_for = std::chrono::duration<double>(released - exhausted_since).count();
  server.stop();  // flushes the log
  const std::size_t lines = count_lines_with(log, "Too many open files");
  // A burst of 20, then 5 a second (log_rate_limiter.h).
  EXPECT_LE(lines, 20 + static_cast<std::size_t>(5 * (exhausted_for + 1))) << "the log was flooded";
}

}  // namespace
}  // namespace parley::server
