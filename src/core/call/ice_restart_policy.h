// When a peer connection restarts ICE, and when it gives up.
//
//   IceRestartPolicy policy(scheduler, {}, [&] { pc.restart_ice(); }, [&] { report_failed(); });
//   pc_handlers.on_ice_connection_state_change = [&](auto state) { policy.on_ice_state(state); };
//
// - failed: restart at once;
// - disconnected for 5 s (it often recovers by itself): restart;
// - a restart that has not connected within 15 s counts as failed: the next one starts;
// - after 3 restarts in a row without connecting: give up - "connection failed" - but not
//   for good: one more restart after 30 s, then after waits doubling to 5 minutes, and at
//   once when retry_now() says the network is back (the browser's "online" event);
// - network_changed() (the browser moved to another network: "online", or the connection
//   type changed): a connection that is down restarts at once as with retry_now(); one
//   that still looks up restarts too - its address may be gone, and ICE would take
//   seconds to notice - unless disconnections are waited out (below);
// - connected (or completed) resets the count and the waits;
// - with `wait_out_disconnections` (a peer not known to take a restart on the same
//   connection: the reference design's client answers every offer with a new
//   RTCPeerConnection and leaves the old one behind), a disconnected connection is left
//   to recover by itself - it usually does once packets flow again - and only a failed
//   one is restarted, by the rules above.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "core/ports/peer_connection.h"
#include "core/ports/scheduler.h"

namespace parley::call {

class IceRestartPolicy {
 public:
  struct Settings {
    std::chrono::milliseconds disconnected_grace{5000};
    std::chrono::milliseconds attempt_timeout{15000};
    unsigned max_attempts = 3;
    std::chrono::milliseconds retry_after_giving_up{30'000};
    std::chrono::milliseconds longest_retry_wait{300'000};
    bool wait_out_disconnections = false;
  };

  IceRestartPolicy(ports::Scheduler& scheduler, Settings settings, std::function<void()> restart,
                   std::function<void()> give_up);

  void on_ice_state(ports::IceConnectionState state);
  // The network may be back: a connection that is down restarts now.
  void retry_now();
  // The network changed: restart now, up or down (see above). The browser reports one
  // change as several events (offline, connection type, online): those within
  // kNetworkChangeSettles of a restart they caused make no other.
  void network_changed();
  static constexpr std::chrono::milliseconds kNetworkChangeSettles{2'000};
  // The peer takes restarts on the same connection: disconnections are restarted again.
  void peer_takes_restarts();
  void stop();  // the connection closed

  // Whether a restart for another reason (signaling back after an outage) suits the
  // peer now: always, unless disconnections are waited out and this is not a failure.
  bool may_restart_now() const { return !settings_.wait_out_disconnections || failed_; }
  unsigned attempts() const { return attempts_; }
  bool gave_up() const { return gave_up_; }

 private:
  void attempt();
  void late_retry();           // after giving up: one restart, then the next wait
  void schedule_late_retry();  // the next late retry, after the current wait

  ports::Scheduler& scheduler_;
  Settings settings_;
  std::function<void()> restart_;
  std::function<void()> give_up_;
  ports::Timer timer_;
  unsigned attempts_ = 0;
  bool gave_up_ = false;
  bool down_ = false;    // disconnected or failed, and not connected since
  bool failed_ = false;  // failed, and not connected since
  std::chrono::milliseconds retry_wait_ = settings_.retry_after_giving_up;
  std::optional<ports::Scheduler::Clock::time_point> network_restart_at_;
};

}  // namespace parley::call
