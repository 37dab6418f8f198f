// parley-loadgen: the signaling load generator behind tools/bench/signaling. Prints one
// JSON object of figures. The server's CPU and memory are read from /proc/<server-pid>.
//
//   parley-loadgen relay --port 8080 --server-pid 1234 [--clients 200 --rate 20000 --seconds 10]
//   parley-loadgen relay --port 8081 --port 8082 --server-pid 11 --server-pid 12
//                        --redis-pid 10 [--spread split|together]     (a cluster's instances)
//   parley-loadgen idle  --port 8080 --server-pid 1234 [--connections 10000]
//   parley-loadgen ping-flood --port 8080 --server-pid 1234 [--pings 2000000 --seconds 20]
#include <sys/resource.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "idle_load.h"
#include "ping_flood.h"
#include "process_sample.h"
#include "relay_load.h"

namespace po = boost::program_options;
using namespace parley::bench;
using nlohmann::json;

namespace {

void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

ProcessSample must_sample(pid_t pid) {
  const auto sample = sample_process(pid);
  if (!sample) {
    std::fprintf(stderr, "parley-loadgen: cannot read /proc/%d (did the server exit?)\n", pid);
    std::exit(1);
  }
  return *sample;
}

std::vector<unsigned short> ports_of(const po::variables_map& values) {
  if (!values.count("port")) return {8080};
  return values["port"].as<std::vector<unsigned short>>();
}

// CPU seconds per 100k delivered messages.
double per_100k(double cpu_seconds, std::uint64_t delivered) {
  return delivered ? cpu_seconds * 100000.0 / static_cast<double>(delivered) : 0.0;
}

int relay(const po::variables_map& values, const std::vector<pid_t>& servers) {
  RelayLoadOptions options;
  options.host = values["host"].as<std::string>();
  options.ports = ports_of(values);
  const std::string spread = values["spread"].as<std::string>();
  if (spread != "split" && spread != "together") {
    std::fprintf(stderr, "parley-loadgen: --spread must be split or together\n");
    return 2;
  }
  options.split_pairs = spread == "split";
  options.clients = values["clients"].as<int>();
  options.messages_per_second = values["rate"].as<double>();
  options.duration =
      std::chrono::milliseconds(static_cast<long>(values["seconds"].as<double>() * 1000));
  // Every server's and Redis's CPU time at the start and end of the measured window.
  std::vector<pid_t> sampled = servers;
  const bool with_redis = values.count("redis-pid") > 0;
  if (with_redis) sampled.push_back(values["redis-pid"].as<int>());
  std::vector<ProcessSample> at_start(sampled.size()), at_end(sampled.size());
  const auto result = run_relay_load(options, [&](bool window_start) {
    for (std::size_t i = 0; i < sampled.size(); ++i) {
      (window_start ? at_start : at_end)[i] = must_sample(sampled[i]);
    }
  });
  if (!result.connected) {
    std::fprintf(stderr, "parley-loadgen: not every client could connect and join\n");
    return 1;
  }
  double cpu = 0;  // all servers together
  std::uint64_t rss = 0, peak_rss = 0;
  json per_server = json::array();
  for (std::size_t i = 0; i < servers.size(); ++i) {
    const double own = at_end[i].cpu_seconds - at_start[i].cpu_seconds;
    cpu += own;
    rss += at_end[i].rss_bytes;
    peak_rss += at_end[i].peak_rss_bytes;
    per_server.push_back({{"pid", servers[i]},
                          {"cpu_seconds", own},
                          {"cpu_seconds_per_100k", per_100k(own, result.delivered)},
                          {"rss_bytes", at_end[i].rss_bytes}});
  }
  json out{{"mode", "relay"},
           {"clients", options.clients},
           {"offered_per_second", options.messages_per_second},
           {"sent", result.sent},
           {"delivered", result.delivered},
           {"delivered_per_second", static_cast<double>(result.delivered) / result.seconds},
           {"p50_ms", result.p50_ms},
           {"p99_ms", result.p99_ms},
           {"max_ms", result.max_ms},
           {"max_client_backlog", result.max_backlog},
           {"server_cpu_seconds", cpu},
           {"server_cpu_seconds_per_100k", per_100k(cpu, result.delivered)},
           {"server_rss_bytes", rss},
           {"server_peak_rss_bytes", peak_rss},
           {"servers", per_server}};
  if (with_redis) {
    const double redis_cpu = at_end.back().cpu_seconds - at_start.back().cpu_seconds;
    out["redis_cpu_seconds"] = redis_cpu;
    out["redis_cpu_seconds_per_100k"] = per_100k(redis_cpu, result.delivered);
  }
  std::cout << out.dump() << std::endl;
  return 0;
}

int idle(const po::variables_map& values, pid_t server) {
  IdleLoadOptions options;
  options.host = values["host"].as<std::string>();
  options.port = ports_of(values).front();
  options.connections = values["connections"].as<int>();
  const ProcessSample before = must_sample(server);
  ProcessSample held_sample;
  const int held = run_idle_load(options, [&] { held_sample = must_sample(server); });
  if (held < options.connections) {
    std::fprintf(stderr, "parley-loadgen: held only %d of %d connections\n", held,
                 options.connections);
    return 1;
  }
  const double per_connection =
      (static_cast<double>(held_sample.rss_bytes) - static_cast<double>(before.rss_bytes)) / held;
  std::cout << json{{"mode", "idle"},
                    {"connections", held},
                    {"server_rss_before_bytes", before.rss_bytes},
                    {"server_rss_held_bytes", held_sample.rss_bytes},
                    {"rss_bytes_per_connection", per_connection}}
                   .dump()
            << std::endl;
  return 0;
}

int ping_flood(const po::variables_map& values, pid_t server) {
  PingFloodOptions options;
  options.host = values["host"].as<std::string>();
  options.port = ports_of(values).front();
  options.pings = values["pings"].as<std::uint64_t>();
  options.time_limit =
      std::chrono::milliseconds(static_cast<long>(values["seconds"].as<double>() * 1000));
  const auto result = run_ping_flood(options, server);
  if (!result.connected) {
    std::fprintf(stderr, "parley-loadgen: could not connect\n");
    return 1;
  }
  json out{{"mode", "ping-flood"},
           {"pings_sent", result.pings_sent},
           {"seconds", result.seconds},
           {"closed", result.seconds_until_closed.has_value()},
           {"server_rss_before_bytes", result.server_rss_before_bytes},
           {"server_rss_max_bytes", result.server_rss_max_bytes}};
  if (result.seconds_until_closed) out["seconds_until_closed"] = *result.seconds_until_closed;
  std::cout << out.dump() << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
  po::options_description options("Usage: parley-loadgen relay|idle|ping-flood [options]\nOptions");
  // clang-format off
  options.add_options()
      ("help,h", "print this help and exit")
      ("mode", po::value<std::string>(), "relay or idle")
      ("host", po::value<std::string>()->default_value("127.0.0.1"), "server address")
      ("port", po::value<std::vector<unsigned short>>()->composing(), "server port (8080); relay: repeat it for a cluster's instances")
      ("server-pid", po::value<std::vector<int>>()->composing(), "the server's process id, for its CPU time and RSS (required); relay: repeat it for every instance")
      ("redis-pid", po::value<int>(), "relay: redis-server's process id, for its CPU time")
      ("spread", po::value<std::string>()->default_value("split"), "relay with several ports: split (a room's two members on different instances) or together")
      ("clients", po::value<int>()->default_value(200), "relay: clients, in rooms of two")
      ("rate", po::value<double>()->default_value(20000), "relay: messages per second offered, all clients together")
      ("seconds", po::value<double>()->default_value(10), "relay: measured seconds (after 1 s of warm-up); ping-flood: the longest it runs")
      ("connections", po::value<int>()->default_value(10000), "idle: connections to hold")
      ("pings", po::value<std::uint64_t>()->default_value(2'000'000), "ping-flood: empty pings to send, never reading");
  // clang-format on
  po::positional_options_description positional;
  positional.add("mode", 1);
  po::variables_map values;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).positional(positional).run(),
              values);
    po::notify(values);
  } catch (const po::error& error) {
    std::fprintf(stderr, "parley-loadgen: %s\n", error.what());
    return 2;
  }
  if (values.count("help") || !values.count("mode") || !values.count("server-pid")) {
    std::cerr << options;
    return values.count("help") ? 0 : 2;
  }
  raise_open_file_limit();
  const auto server_pids = values["server-pid"].as<std::vector<int>>();
  const std::vector<pid_t> servers(server_pids.begin(), server_pids.end());
  const pid_t server = servers.front();
  const std::string mode = values["mode"].as<std::string>();
  if (mode == "relay") return relay(values, servers);
  if (mode == "idle") return idle(values, server);
  if (mode == "ping-flood") return ping_flood(values, server);
  std::fprintf(stderr, "parley-loadgen: mode must be relay, idle or ping-flood\n");
  return 2;
}
