#include "fake_redis.h"

#include <boost/asio/post.hpp>
#include <iterator>
#include <nlohmann/json.hpp>
#include <utility>

#include "server/cluster/membership_scripts.h"

namespace parley::server::testing {
namespace asio = boost::asio;
using nlohmann::json;

namespace {

RedisReply integer(long long value) {
  RedisReply reply;
  reply.kind = RedisReply::Kind::kInteger;
  reply.integer = value;
  return reply;
}
RedisReply text(std::string value) {
  RedisReply reply;
  reply.kind = RedisReply::Kind::kString;
  reply.text = std::move(value);
  return reply;
}
RedisReply status(std::string value) {
  RedisReply reply = text(std::move(value));
  reply.kind = RedisReply::Kind::kStatus;
  return reply;
}
RedisReply error(std::string why) {
  RedisReply reply = text(std::move(why));
  reply.kind = RedisReply::Kind::kError;
  return reply;
}
RedisReply array(std::vector<RedisReply> elements) {
  RedisReply reply;
  reply.kind = RedisReply::Kind::kArray;
  reply.elements = std::move(elements);
  return reply;
}

// A ZRANGEBYSCORE-style bound: "-inf", "+inf", "12" (inclusive) or "(12" (exclusive).
bool above_min(double score, const std::string& min) {
  if (min == "-inf") return true;
  if (min.rfind('(', 0) == 0) return score > std::stod(min.substr(1));
  return score >= std::stod(min);
}
bool below_max(double score, const std::string& max) {
  if (max == "+inf") return true;
  if (max.rfind('(', 0) == 0) return score < std::stod(max.substr(1));
  return score <= std::stod(max);
}

}  // namespace

class FakeRedis::Connection final : public RedisConnection {
 public:
  Connection(FakeRedis& redis, std::string name, Callbacks callbacks)
      : redis_(redis), name_(std::move(name)), callbacks_(std::move(callbacks)) {
    redis_.connections_.insert(this);
  }
  ~Connection() override {
    *alive_ = false;
    redis_.connections_.erase(this);
  }

  void start() override {
    started_ = true;
    connect_later();
  }
  void stop() override {
    stopped_ = true;
    lose("stopped", /*tell=*/false);
  }
  bool ready() const override { return ready_; }

  void command(std::vector<std::string> arguments, ReplyHandler done) override {
    if (!ready_) {
      asio::post(redis_.io_, [done = std::move(done)] { done(RedisReply::failure("not ready")); });
      return;
    }
    // Redis runs it now; its reply travels back later (and is lost if the connection is).
    const auto id = next_id_++;
    in_flight_.emplace(id, std::make_pair(std::move(done), redis_.run(arguments)));
    if (holding_) {
      held_.push_back(id);
    } else {
      reply_later(id);
    }
  }

  void hold() { holding_ = true; }
  void release() {
    holding_ = false;
    for (const auto id : std::exchange(held_, {})) reply_later(id);
  }

  void reply_later(std::uint64_t id) {
    asio::post(redis_.io_, [this, alive = alive_, id] {
      if (!*alive) return;
      const auto entry = in_flight_.find(id);
      if (entry == in_flight_.end()) return;  // lost with the connection: already failed
      auto [handler, reply] = std::move(entry->second);
      in_flight_.erase(entry);
      handler(reply);
    });
  }

  void subscribe(const std::string& channel) override { channels_.insert(channel); }
  std::uint64_t connections_made() const override { return connections_made_; }

  const std::string& name() const { return name_; }

  // A message published to one of its channels while it is connected.
  bool hear(const std::string& channel, const std::string& payload) {
    if (!ready_ || !channels_.count(channel)) return false;
    asio::post(redis_.io_, [this, alive = alive_, generation = generation_, channel, payload] {
      if (!*alive || generation != generation_ || !callbacks_.on_message) return;
      callbacks_.on_message(channel, payload);
    });
    return true;
  }

  void connect_later() {
    asio::post(redis_.io_, [this, alive = alive_] {
      if (!*alive || !started_ || stopped_ || ready_ || !redis_.up_ || !redis_.may_connect(name_))
        return;
      ready_ = true;
      ++connections_made_;
      if (callbacks_.on_ready) callbacks_.on_ready();
    });
  }

  void lose(const std::string& why, bool tell = true) {
    if (!ready_) return;
    ready_ = false;
    ++generation_;  // messages on their way to it are lost too
    auto lost = std::exchange(in_flight_, {});
    for (auto& [id, entry] : lost) {
      asio::post(redis_.io_, [handler = std::move(entry.first), why] {
        handler(RedisReply::failure("connection lost: " + why));
      });
    }
    if (tell && callbacks_.on_lost) callbacks_.on_lost(why);
  }

 private:
  FakeRedis& redis_;
  const std::string name_;
  const Callbacks callbacks_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool started_ = false, stopped_ = false, ready_ = false, holding_ = false;
  std::vector<std::uint64_t> held_;  // replies waiting for release()
  std::uint64_t generation_ = 0, connections_made_ = 0, next_id_ = 0;
  std::set<std::string> channels_;
  std::map<std::uint64_t, std::pair<ReplyHandler, RedisReply>> in_flight_;
};

FakeRedis::~FakeRedis() {
  // Connections outliving their Redis must not reach back into it.
  for (auto* connection : connections_) connection->lose("fake redis destroyed", false);
}

RedisConnectionFactory FakeRedis::factory() {
  return [this](const std::string& name, RedisConnection::Callbacks callbacks) {
    return std::make_unique<Connection>(*this, name, std::move(callbacks));
  };
}

void FakeRedis::go_away() {
  up_ = false;
  for (auto* connection : std::set<Connection*>(connections_)) connection->lose("redis went away");
}

void FakeRedis::come_back(bool empty) {
  if (empty) {
    strings_.clear();
    hashes_.clear();
    sorted_sets_.clear();
  }
  up_ = true;
  for (auto* connection : connections_) connection->connect_later();
}

void FakeRedis::let_connect(const std::string& name_part) {
  kept_away_.erase(name_part);
  for (auto* connection : connections_) connection->connect_later();
}

bool FakeRedis::may_connect(const std::string& name) const {
  for (const auto& part : kept_away_) {
    if (name.find(part) != std::string::npos) return false;
  }
  return true;
}

void FakeRedis::drop_connections(const std::string& name_part) {
  for (auto* connection : std::set<Connection*>(connections_)) {
    if (connection->name().find(name_part) == std::string::npos) continue;
    connection->lose("dropped by the test");
    connection->connect_later();
  }
}

void FakeRedis::hold_replies(const std::string& name_part) {
  for (auto* connection : connections_) {
    if (connection->name().find(name_part) != std::string::npos) connection->hold();
  }
}

void FakeRedis::release_replies(const std::string& name_part) {
  for (auto* connection : connections_) {
    if (connection->name().find(name_part) != std::string::npos) connection->release();
  }
}

long long FakeRedis::publish(const std::string& channel, const std::string& payload) {
  published_.emplace_back(channel, payload);
  long long heard = 0;
  for (auto* connection : connections_) heard += connection->hear(channel, payload) ? 1 : 0;
  return heard;
}

std::map<std::string, std::string> FakeRedis::members(const std::string& room) const {
  const auto hash = hashes_.find("parley:{" + room + "}:members");
  return hash == hashes_.end() ? std::map<std::string, std::string>{} : hash->second;
}

std::vector<std::string> FakeRedis::published_to(const std::string& channel) const {
  std::vector<std::string> payloads;
  for (const auto& [to, payload] : published_) {
    if (to == channel) payloads.push_back(payload);
  }
  return payloads;
}

RedisReply FakeRedis::run(const std::vector<std::string>& arguments) {
  ++commands_run_;
  const std::string& name = arguments.at(0);
  const auto argument = [&](std::size_t i) -> const std::string& { return arguments.at(i); };
  if (name == "SET") {
    strings_[argument(1)] = argument(2);
    return status("OK");
  }
  if (name == "DEL") {
    long long removed = 0;
    for (std::size_t i = 1; i < arguments.size(); ++i) {
      removed += static_cast<long long>(strings_.erase(argument(i)) + hashes_.erase(argument(i)) +
                                        sorted_sets_.erase(argument(i)));
    }
    return integer(removed);
  }
  if (name == "EXISTS") return integer(strings_.count(argument(1)) + hashes_.count(argument(1)));
  if (name == "ZADD") {
    const bool added = sorted_sets_[argument(1)].count(argument(3)) == 0;
    sorted_sets_[argument(1)][argument(3)] = std::stod(argument(2));
    return integer(added ? 1 : 0);
  }
  if (name == "ZREM") {
    const auto set = sorted_sets_.find(argument(1));
    return integer(
        set == sorted_sets_.end() ? 0 : static_cast<long long>(set->second.erase(argument(2))));
  }
  if (name == "ZREMRANGEBYSCORE" || name == "ZCOUNT") {
    long long counted = 0;
    auto& set = sorted_sets_[argument(1)];
    for (auto member = set.begin(); member != set.end();) {
      const bool in =
          above_min(member->second, argument(2)) && below_max(member->second, argument(3));
      counted += in ? 1 : 0;
      member = in && name == "ZREMRANGEBYSCORE" ? set.erase(member) : std::next(member);
    }
    return integer(counted);
  }
  if (name == "PUBLISH") return integer(publish(argument(1), argument(2)));
  if (name == "EVAL") return run_script(arguments);
  return error("ERR unknown command '" + name + "' (the fake knows only what RedisRooms sends)");
}

RedisReply FakeRedis::run_script(const std::vector<std::string>& arguments) {
  if (arguments.size() < 5 || arguments[2] != "2") return error("ERR wrong number of keys");
  const std::string& members = arguments[3];
  const std::string& order = arguments[4];
  const std::vector<std::string> argv(arguments.begin() + 5, arguments.end());
  const std::string& script = arguments[1];
  if (script == membership_scripts::kJoin) return join(members, order, argv);
  if (script == membership_scripts::kLeave) return leave(members, order, argv);
  if (script == membership_scripts::kReap) return reap(members, order, argv.at(0));
  if (script == membership_scripts::kRestore) return restore(members, order, argv);
  if (script == membership_scripts::kAway) return away(members, argv);
  return error("NOSCRIPT the fake does not know this script");
}

// kJoin. ARGV: peer, node, name, capacity, presented secret hash, new secret hash, "1" if
// a token binds the peer id.
RedisReply FakeRedis::join(const std::string& members, const std::string& order,
                           const std::vector<std::string>& argv) {
  auto& hash = hashes_[members];
  std::string result = "joined", previous;
  long long place = 0;
  if (const auto existing = hash.find(argv.at(0)); existing != hash.end()) {
    const auto record = json::parse(existing->second);
    previous = record.at("i").get<std::string>();
    if (!argv.at(4).empty() && record.at("s") == argv.at(4)) {
      result = "resumed";
      place = record.at("o").get<long long>();
    } else if (record.value("a", 0) == 1 && argv.size() > 6 && argv[6] == "1") {
      result = "claimed";
    } else {
      return array({text("id-taken")});
    }
  } else if (hash.size() >= std::stoul(argv.at(3))) {
    return array({text("room-full")});
  }
  if (place == 0) {
    place = (strings_.count(order) ? std::stoll(strings_[order]) : 0) + 1;
    strings_[order] = std::to_string(place);
  }
  hash[argv.at(0)] =
      json{{"i", argv.at(1)}, {"n", argv.at(2)}, {"s", argv.at(5)}, {"o", place}}.dump();
  RedisReply reply = all_members(members);
  reply.elements.insert(reply.elements.begin(), {text(result), text(previous)});
  return reply;
}

// kLeave. ARGV: peer, node.
RedisReply FakeRedis::leave(const std::string& members, const std::string& order,
                            const std::vector<std::string>& argv) {
  auto& hash = hashes_[members];
  long long removed = 0;
  if (const auto existing = hash.find(argv.at(0));
      existing != hash.end() && json::parse(existing->second).at("i") == argv.at(1)) {
    hash.erase(existing);
    removed = 1;
  }
  if (hash.empty()) {
    hashes_.erase(members);
    strings_.erase(order);
  }
  RedisReply reply = all_members(members);
  reply.elements.insert(reply.elements.begin(), integer(removed));
  return reply;
}

// kReap. ARGV: the dead node.
RedisReply FakeRedis::reap(const std::string& members, const std::string& order,
                           const std::string& node) {
  auto& hash = hashes_[members];
  std::vector<RedisReply> removed;
  for (auto member = hash.begin(); member != hash.end();) {
    if (json::parse(member->second).at("i") == node) {
      removed.push_back(text(member->first));
      member = hash.erase(member);
    } else {
      ++member;
    }
  }
  if (hash.empty()) {
    hashes_.erase(members);
    strings_.erase(order);
  }
  return array({array(std::move(removed)), all_members(members)});
}

// kAway. ARGV: peer, node.
RedisReply FakeRedis::away(const std::string& members, const std::vector<std::string>& argv) {
  const auto hash = hashes_.find(members);
  if (hash == hashes_.end()) return integer(0);
  const auto existing = hash->second.find(argv.at(0));
  if (existing == hash->second.end()) return integer(0);
  auto record = json::parse(existing->second);
  if (record.at("i") != argv.at(1)) return integer(0);
  record["a"] = 1;
  existing->second = record.dump();
  return integer(1);
}

// kRestore. ARGV: peer, record.
RedisReply FakeRedis::restore(const std::string& members, const std::string& order,
                              const std::vector<std::string>& argv) {
  const bool written = hashes_[members].emplace(argv.at(0), argv.at(1)).second;
  if (written) {
    const auto place = json::parse(argv.at(1)).at("o").get<long long>();
    const long long counter = strings_.count(order) ? std::stoll(strings_[order]) : 0;
    if (place > counter) strings_[order] = std::to_string(place);
  }
  return integer(written ? 1 : 0);
}

RedisReply FakeRedis::all_members(const std::string& members) const {
  std::vector<RedisReply> pairs;
  if (const auto hash = hashes_.find(members); hash != hashes_.end()) {
    for (const auto& [peer, record] : hash->second) {
      pairs.push_back(text(peer));
      pairs.push_back(text(record));
    }
  }
  return array(std::move(pairs));
}

}  // namespace parley::server::testing
