// When a peer connection restarts ICE, and when it gives up.
//
//   IceRestartPolicy policy(scheduler, {}, [&] { pc.restart_ice(); }, [&] { report_failed(); });
//   pc_handlers.on_ice_connection_state_change = [&](auto state) { policy.on_ice_state(state); };
//
// - failed: restart at once;
// - disconnected for 5 s (it often recovers by itself): restart;
// - a restart that has not connected within 15 s counts as failed: the next one starts;
// - after 3 restarts in a row without connecting: give up - "connection failed";
// - connected (or completed) resets the count.
#pragma once

#include <chrono>
#include <functional>

#include "core/ports/peer_connection.h"
#include "core/ports/scheduler.h"

namespace parley::call {

class IceRestartPolicy {
 public:
  struct Settings {
    std::chrono::milliseconds disconnected_grace{5000};
    std::chrono::milliseconds attempt_timeout{15000};
    unsigned max_attempts = 3;
  };

  IceRestartPolicy(ports::Scheduler& scheduler, Settings settings, std::function<void()> restart,
                   std::function<void()> give_up);

  void on_ice_state(ports::IceConnectionState state);
  void stop();  // the connection closed

  unsigned attempts() const { return attempts_; }
  bool gave_up() const { return gave_up_; }

 private:
  void attempt();

  Settings settings_;
  std::function<void()> restart_;
  std::function<void()> give_up_;
  ports::Timer timer_;
  unsigned attempts_ = 0;
  bool gave_up_ = false;
};

}  // namespace parley::call
