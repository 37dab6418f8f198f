// An in-memory Redis for unit tests of the cluster's bus protocol: the few commands
// RedisRooms sends (SET/DEL/EXISTS, the node registry's sorted set, PUBLISH/SUBSCRIBE, and
// the membership scripts, which it runs as C++ that follows each script's documented
// contract in membership_scripts.h), on the test's io_context, with faults a test can
// cause at an exact step: Redis gone and back (empty or not), one connection dropped
// (commands it had in flight were run but their replies are lost), a node's liveness key
// expired, a raw payload published by anyone.
//
// Replies and messages are posted to the io_context in the order Redis would send them;
// nothing happens inside command(). Timers are the test's (it runs the io_context).
#pragma once

#include <boost/asio/io_context.hpp>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "server/cluster/redis_connection.h"

namespace parley::server::testing {

class FakeRedis {
 public:
  explicit FakeRedis(boost::asio::io_context& io) : io_(io) {}
  FakeRedis(const FakeRedis&) = delete;
  FakeRedis& operator=(const FakeRedis&) = delete;
  ~FakeRedis();

  // Connections to this Redis (for RedisRooms's test constructor).
  RedisConnectionFactory factory();

  // Every connection is lost (replies in flight too); none is made until back().
  void go_away();
  // Redis answers again; with `empty`, it lost everything meanwhile (no persistence).
  void come_back(bool empty);
  // The connections whose name contains `name_part` cannot connect (when Redis comes back,
  // they stay away) until let_connect() - an instance that reconnects later than others.
  void keep_away(const std::string& name_part) { kept_away_.insert(name_part); }
  void let_connect(const std::string& name_part);
  // Drops the connections whose name contains `name_part` (each reconnects at once).
  void drop_connections(const std::string& name_part);
  // Replies to the connections whose name contains `name_part` wait (Redis has run the
  // commands) until released: a slow reply on one connection while others go on.
  void hold_replies(const std::string& name_part);
  void release_replies(const std::string& name_part);
  // Removes a key, as if it expired (a node's liveness key: `parley:node:<node>`).
  void expire(const std::string& key) { strings_.erase(key); }
  // Publishes as any client could; returns how many subscribers it reached.
  long long publish(const std::string& channel, const std::string& payload);

  // What Redis holds and saw.
  std::map<std::string, std::string> members(const std::string& room) const;  // peer -> record
  std::vector<std::string> published_to(const std::string& channel) const;
  std::size_t commands_run() const { return commands_run_; }
  bool has_key(const std::string& key) const { return strings_.count(key) > 0; }
  bool up() const { return up_; }

 private:
  class Connection;
  friend class Connection;

  RedisReply run(const std::vector<std::string>& arguments);
  RedisReply run_script(const std::vector<std::string>& arguments);
  RedisReply join(const std::string& members, const std::string& order,
                  const std::vector<std::string>& argv);
  RedisReply leave(const std::string& members, const std::string& order,
                   const std::vector<std::string>& argv);
  RedisReply reap(const std::string& members, const std::string& order, const std::string& node);
  RedisReply away(const std::string& members, const std::vector<std::string>& argv);
  RedisReply restore(const std::string& members, const std::string& order,
                     const std::vector<std::string>& argv);
  RedisReply all_members(const std::string& members) const;  // peer, record, ... (HGETALL)

  bool may_connect(const std::string& name) const;

  boost::asio::io_context& io_;
  bool up_ = true;
  std::set<std::string> kept_away_;  // name parts
  std::set<Connection*> connections_;
  std::map<std::string, std::string> strings_;
  std::map<std::string, std::map<std::string, std::string>> hashes_;
  std::map<std::string, std::map<std::string, double>> sorted_sets_;  // member -> score
  std::vector<std::pair<std::string, std::string>> published_;        // channel, payload
  std::size_t commands_run_ = 0;
};

}  // namespace parley::server::testing
