// parley-server: serves the Parley web app and its signaling WebSocket on one port.
#include <sys/resource.h>

#include <cstdio>
#include <exception>
#include <filesystem>

#include "server/log.h"
#include "server/server.h"
#include "server/server_options.h"

namespace {

// Each connection is a file descriptor; the usual soft limit (1024) would cap the server
// far below --max-connections. Raising it up to the hard limit needs no privilege.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char* argv[]) {
  using namespace parley::server;
  const ParsedServerOptions parsed = parse_server_options(argc, argv, process_environment);
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "parley-server: %s\n", parsed.error.c_str());
    return 2;
  }
  if (parsed.show_help) {
    std::fputs(parsed.help.c_str(), stdout);
    return 0;
  }
  const auto index = parsed.options.web_root / "index.html";
  if (!std::filesystem::is_regular_file(index)) {
    std::fprintf(stderr,
                 "parley-server: no web app at %s (build it with `cmake --build --preset wasm`, "
                 "or pass --web-root)\n",
                 index.c_str());
    return 2;
  }
  if (const auto warning = deployment_warning(parsed.options); !warning.empty()) {
    std::fprintf(stderr, "parley-server: warning: %s\n", warning.c_str());
  }
  raise_open_file_limit();
  try {
    Server server(parsed.options);
    std::printf("Parley is running at %s\n", server.url().c_str());
    std::fflush(stdout);
    server.run(/*stop_on_signals=*/true);
  } catch (const std::exception& error) {
    flush_log();
    std::fprintf(stderr, "parley-server: cannot serve on %s:%u: %s\n", parsed.options.host.c_str(),
                 static_cast<unsigned>(parsed.options.port), error.what());
    return 1;
  }
  flush_log();  // the last lines ("stopping") are written by the log's own thread
  return 0;
}
