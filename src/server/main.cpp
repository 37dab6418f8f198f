// parley-server: serves the Parley web app (and, later, signaling) on one port.
#include <cstdio>
#include <exception>
#include <filesystem>

#include "server/server.h"
#include "server/server_options.h"

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
  try {
    Server server(parsed.options);
    std::printf("Parley is running at %s\n", server.url().c_str());
    std::fflush(stdout);
    server.run(/*stop_on_signals=*/true);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "parley-server: cannot serve on %s:%u: %s\n", parsed.options.host.c_str(),
                 static_cast<unsigned>(parsed.options.port), error.what());
    return 1;
  }
  return 0;
}
