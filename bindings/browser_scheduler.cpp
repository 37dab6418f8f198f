#include "bindings/browser_scheduler.h"

#include <emscripten/eventloop.h>

#include <unordered_set>

namespace parley::bindings {
// Timers carry (scheduler, id) through setTimeout's user data; a scheduler that is gone
// must not be touched, so live schedulers are tracked.
struct BrowserScheduler::Fired {
  BrowserScheduler* scheduler;
  ports::Scheduler::TimerId id;
};

namespace {

std::unordered_set<BrowserScheduler*>& live_schedulers() {
  static std::unordered_set<BrowserScheduler*> live;
  return live;
}

}  // namespace

BrowserScheduler::~BrowserScheduler() {
  for (const auto& [id, pending] : pending_) {
    emscripten_clear_timeout(pending.browser_id);
    delete pending.user_data;
  }
  live_schedulers().erase(this);
}

ports::Scheduler::TimerId BrowserScheduler::set_timeout(Clock::duration delay,
                                                        std::function<void()> callback) {
  live_schedulers().insert(this);
  const TimerId id = next_id_++;
  const double milliseconds = std::chrono::duration<double, std::milli>(delay).count();
  auto* fired = new Fired{this, id};
  const long browser_id = emscripten_set_timeout(&BrowserScheduler::fire, milliseconds, fired);
  pending_.emplace(id, Pending{browser_id, fired, std::move(callback)});
  return id;
}

void BrowserScheduler::clear_timeout(TimerId id) {
  const auto it = pending_.find(id);
  if (it == pending_.end()) return;
  emscripten_clear_timeout(it->second.browser_id);
  delete it->second.user_data;
  pending_.erase(it);
}

void BrowserScheduler::fire(void* user_data) {
  // Only pending timers fire (cleared ones were cancelled with the browser), so the
  // scheduler is alive and the record is still ours to free.
  const Fired fired = *static_cast<Fired*>(user_data);
  if (!live_schedulers().count(fired.scheduler)) return;
  auto& pending = fired.scheduler->pending_;
  const auto it = pending.find(fired.id);
  if (it == pending.end()) return;
  auto callback = std::move(it->second.callback);
  delete it->second.user_data;
  pending.erase(it);
  callback();
}

}  // namespace parley::bindings
