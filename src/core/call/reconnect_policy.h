// How long a client waits before reconnecting to the signaling server.
//
//   const auto delay = reconnect_delay(policy, attempt, random01());   // attempt 0, 1, 2, ...
//
// Exponential backoff - 0.5 s doubling to 30 s by default - with "equal jitter": the
// delay is drawn from [half, whole] of the step, so clients cut off together (a server
// restart) do not all come back in the same instant.
#pragma once

#include <chrono>

namespace parley::call {

struct ReconnectPolicy {
  std::chrono::milliseconds first_delay{500};
  std::chrono::milliseconds max_delay{30'000};
};

// `random01` is uniform in [0, 1), from the platform.
std::chrono::milliseconds reconnect_delay(const ReconnectPolicy& policy, unsigned attempt,
                                          double random01);

}  // namespace parley::call
