// Rooms shared by every parley-server instance that points at the same Redis
// (`--redis`): the RoomBus and RoomCluster of a clustered server.
//
//   RedisRooms rooms(io, {.endpoint = redis, .instance_id = "a"});
//   SignalingHub hub(limits, rooms, ..., &rooms);   // publishes to it, admits through it
//   rooms.start();
//
// Membership lives in Redis (membership_scripts.h): a join is admitted by one atomic
// script, so capacity and peer ids hold across instances. Each instance subscribes to its
// own channel, `parley:to:<node>`, and sends a delivery to the instances its room's members
// are connected to (one PUBLISH per instance; Redis keeps the order of one connection's
// publishes, so frames from one sender to one target stay in order). For the rooms it has
// members in, an instance keeps a view of where every member is connected, from the join
// script's answer and the joins, leaves and moves the others announce.
//
// Instances announce they are alive (`parley:node:<node>`, every 2 s, expiring after
// 10 s); one that stops is found by the others, which take its members out of their rooms
// (peer-left) within about 12 s. An instance that finds Redis empty after a reconnect puts
// its members back without a word to anyone.
//
// Everything runs on the server's event loop thread.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/cluster/bus_envelope.h"
#include "server/cluster/redis_connection.h"
#include "server/cluster/redis_endpoint.h"
#include "server/room_bus.h"
#include "server/room_cluster.h"

namespace parley::server {

class RedisRooms final : public RoomBus, public RoomCluster {
 public:
  using Clock = std::chrono::steady_clock;
  // How long an envelope waits for its node: longer than a Redis restart and a node's
  // reconnect, no longer than the node's liveness key lasts once it is gone.
  static constexpr std::chrono::seconds kMaxWait{20};

  struct Settings {
    RedisEndpoint endpoint{};
    std::string instance_id{};  // [A-Za-z0-9_.-], at most 64
    std::chrono::milliseconds heartbeat{2000};
    std::chrono::milliseconds node_ttl{10000};
    // Envelopes for other instances kept while Redis is unreachable, sent in order when it
    // is back; past this, relays to other instances are refused (unavailable).
    std::size_t buffer_bytes = 4 * 1024 * 1024;
  };

  struct Counters {
    std::atomic<std::uint64_t> published{0};  // envelopes sent to other instances
    std::atomic<std::uint64_t> received{0};   // envelopes from other instances
    std::atomic<std::uint64_t> dropped{0};    // not sent: Redis was not reachable
    std::atomic<std::uint64_t> malformed{0};  // received, not a valid envelope
    std::atomic<std::uint64_t> reaped{0};     // members of stopped instances taken out
    std::atomic<std::uint64_t> evicted{0};    // members here the others had taken out
    // Cross-instance latency (ClusterFigures::kLatencyBoundsSeconds), in microseconds.
    std::array<std::atomic<std::uint64_t>, ClusterFigures::kLatencyBoundsSeconds.size()>
        latency_at_most{};
    std::atomic<std::uint64_t> latency_count{0};
    std::atomic<std::uint64_t> latency_sum_us{0};
  };

  RedisRooms(boost::asio::io_context& io, Settings settings);
  // With connections from `connect` instead of RedisClients to settings.endpoint (tests).
  RedisRooms(boost::asio::io_context& io, Settings settings, const RedisConnectionFactory& connect);
  ~RedisRooms() override;

  void start();
  // Stops announcing this instance and says it is gone, so the others take its members
  // out at once (after a graceful shutdown, its clients are on their way elsewhere);
  // `done` runs once Redis has heard it or could not be told.
  void stop(std::function<void()> done = {});

  const std::string& node() const { return node_; }
  // A drain begins: this instance is no longer one to send clients to (it leaves the
  // registry of live instances), though it keeps its members until they move.
  void begin_drain();
  // Whether an instance that is not draining is alive (a drain has somewhere to send its
  // clients); false when Redis cannot say. `done` runs on the loop, never inside this call.
  void any_other_node_alive(std::function<void(bool)> done);
  bool connected() const { return connected_.load(); }
  const Counters& counters() const { return counters_; }

  // RoomBus
  void publish(RoomDelivery delivery) override;
  void subscribe(Handler handler) override { deliver_locally_ = std::move(handler); }

  // RoomCluster
  void admit(AdmitRequest request, AdmitHandler done) override;
  void withdraw(const std::string& room, const std::string& peer) override;
  bool has_remote_member(std::string_view room, std::string_view peer) const override;
  bool can_send_remote(std::size_t bytes) const override;
  void on_replaced(ReplacedHandler handler) override { replaced_ = std::move(handler); }
  void on_evicted(ReplacedHandler handler) override { evicted_ = std::move(handler); }
  void mark_away(const std::string& room, const std::string& peer) override;
  ClusterFigures figures() const override;

 private:
  struct RoomView {
    std::map<std::string, std::string, std::less<>> node_of;  // peer -> node
    struct Mine {
      std::string record;   // as Redis has it, to put back after Redis lost its data
      long long order = 0;  // its join order in the room
      bool away = false;    // its connection is lost and its seat held (mark_away)
    };
    std::map<std::string, Mine, std::less<>> mine;  // members connected here
  };

  void on_commands_ready();
  void announce_alive();
  void on_message(std::string_view channel, std::string_view payload);
  void take_envelope(BusEnvelope envelope);
  void take_admission(const AdmitRequest& request, const RedisReply& reply,
                      const AdmitHandler& done);
  void finish_admitting(const std::string& room, std::uint64_t admission);
  void claim_away_seat(const std::string& room, const std::string& peer,
                       const std::string& previous);
  void send_replaced(const std::string& node, const std::string& room, const std::string& peer);
  void count_latency(std::int64_t sent_at_us);
  void heartbeat();
  void check_nodes();
  void reap(const std::string& node);
  void leave(RoomDelivery delivery);
  void send(const std::string& node, BusEnvelope envelope);
  void publish_now(const std::string& node, std::uint64_t seq, std::string payload);
  void hold(const std::string& node, std::uint64_t seq, std::string payload);
  void resend(const std::string& node);
  void schedule_resend();
  // Every other node with a member in `view`.
  std::set<std::string> other_nodes(const RoomView& view) const;
  void deliver_frame(const RoomDelivery& delivery);
  // Replaces the view's node_of with the members a script returned (peer, record, ...).
  void take_roster(RoomView& view, const std::vector<RedisReply>& pairs, std::size_t from);
  void forget_room_if_unused(const std::string& room);
  void restore_members();
  // Whether the others reaped this node while it lived (reap() leaves a mark): then its
  // members are evicted (on_evicted) rather than kept or restored; then `done`.
  void check_reaped(std::function<void()> done);
  void evict_all();
  void send_away(const std::string& room, const std::string& peer);  // kAway for a member here
  void update_connected();

  boost::asio::io_context& io_;
  const Settings settings_;
  const std::string node_;
  std::unique_ptr<RedisConnection> commands_;
  std::unique_ptr<RedisConnection> listener_;
  boost::asio::steady_timer heartbeat_timer_;
  Handler deliver_locally_;
  ReplacedHandler replaced_;
  ReplacedHandler evicted_;
  std::map<std::string, RoomView, std::less<>> rooms_;  // rooms with members here
  std::set<std::string> reaping_;
  // Rooms with joins waiting for Redis's answer (by admission number), and the envelopes
  // for them meanwhile, each with the last join it waits for: it waits for the joins that
  // were pending when it came, not for later ones (joins that keep coming must not hold a
  // room's envelopes back for ever).
  struct Admitting {
    std::set<std::uint64_t> pending;
    std::deque<std::pair<std::uint64_t, BusEnvelope>> early;
  };
  std::map<std::string, Admitting, std::less<>> admitting_;
  std::uint64_t next_admission_ = 0;
  std::vector<std::pair<std::string, std::string>> unfinished_leaves_;  // room, peer
  // Envelopes another node has not taken yet (Redis unreachable, or the node's channel had
  // no subscriber: it is reconnecting too), in the order they were sent; sent one at a time
  // until the node takes them, for at most kMaxWait.
  struct Waiting {
    std::map<std::uint64_t, std::pair<Clock::time_point, std::string>> envelopes;  // by seq
    bool sending = false;
  };
  std::map<std::string, Waiting, std::less<>> waiting_;  // by node
  std::uint64_t next_seq_ = 0;
  std::atomic<std::size_t> buffered_bytes_{0};
  boost::asio::steady_timer retry_timer_;
  bool retry_scheduled_ = false;
  Clock::time_point reap_after_{};  // no node is judged dead before (see on_commands_ready)
  bool was_connected_ = false;
  bool stopped_ = false;
  bool draining_ = false;
  std::atomic<bool> connected_{false};
  Counters counters_;
};

}  // namespace parley::server
