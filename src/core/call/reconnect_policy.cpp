#include "core/call/reconnect_policy.h"

#include <algorithm>

namespace parley::call {

std::chrono::milliseconds reconnect_delay(const ReconnectPolicy& policy, unsigned attempt,
                                          double random01) {
  auto step = policy.first_delay;
  for (unsigned i = 0; i < attempt && step < policy.max_delay; ++i) step *= 2;
  step = std::min(step, policy.max_delay);
  const double jitter = std::clamp(random01, 0.0, 1.0);
  return step / 2 + std::chrono::milliseconds(static_cast<long long>(
                        static_cast<double>((step - step / 2).count()) * jitter));
}

}  // namespace parley::call
