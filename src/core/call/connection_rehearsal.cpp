#include "core/call/connection_rehearsal.h"

#include <utility>
#include <vector>

namespace parley::call {
namespace {
// How often it looks whether both chat links are up (they raise no event of their own).
constexpr std::chrono::milliseconds kCheckEvery{10};
}  // namespace

// A rehearsal has no camera or microphone: each Call joins receive-only, as a person
// without devices does, and never touches the page's real ones. Its answers come at once
// rather than a task later, so none can outlive the Call that asked.
class ConnectionRehearsal::NoDevices final : public ports::MediaDevices {
 public:
  void get_user_media(
      const ports::MediaRequest& /*request*/,
      std::function<void(std::variant<std::vector<ports::CapturedTrack>, ports::Failure>)> done)
      override {
    done(ports::Failure{"NotFoundError", "a rehearsal has no devices"});
  }
  void get_display_media(
      std::function<void(std::variant<ports::CapturedTrack, ports::Failure>)> done) override {
    done(ports::Failure{"NotFoundError", "a rehearsal has no screen"});
  }
  void enumerate_devices(std::function<void(std::vector<ports::MediaDeviceInfo>)> done) override {
    done({});
  }
  void set_enabled(const std::string& /*track_id*/, bool /*enabled*/) override {}
  void stop(const std::string& /*track_id*/) override {}
  void on_ended(const std::string& /*track_id*/, std::function<void()> /*callback*/) override {}
};

ConnectionRehearsal::ConnectionRehearsal(ports::PeerConnectionFactory peer_connections,
                                         ports::Scheduler& scheduler, ports::Hasher& hasher,
                                         std::chrono::milliseconds limit,
                                         std::function<void(bool connected)> done)
    : scheduler_(scheduler),
      done_(std::move(done)),
      limit_(scheduler),
      checks_(scheduler),
      room_(scheduler),
      devices_(std::make_unique<NoDevices>()) {
  first_ = make_call("first", peer_connections, hasher);
  second_ = make_call("second", std::move(peer_connections), hasher);
  limit_.start(limit, [this] { finish(false); });
  first_->join();  // the room hears it first: it offers to the second
  second_->join();
  checks_.start(kCheckEvery, [this] { check_done(); });
}

ConnectionRehearsal::~ConnectionRehearsal() {
  // Cut short: the Calls' sessions close as they go, without a word to anyone.
  first_.reset();
  second_.reset();
}

std::unique_ptr<Call> ConnectionRehearsal::make_call(const char* name,
                                                     ports::PeerConnectionFactory peer_connections,
                                                     ports::Hasher& hasher) {
  Call::Options options;
  options.signaling_url = "rehearsal:";
  options.room = "rehearsal";
  options.name = name;
  Call::Platform platform{room_.sockets(),
                          std::move(peer_connections),
                          *devices_,
                          scheduler_,
                          [] { return 0.5; },
                          [] { return std::int64_t{0}; },
                          hasher,
                          [](const std::string& /*key*/) -> std::unique_ptr<ports::FileSink> {
                            return nullptr;  // nobody sends a file in a rehearsal
                          },
                          {}};
  return std::make_unique<Call>(std::move(options), std::move(platform),
                                [this](const CallEvent& /*event*/) { check_done(); });
}

void ConnectionRehearsal::check_done() {
  if (finished_) return;
  const auto ready = [](Call& call) {
    const auto peers = call.peers();
    return peers.size() == 1 && peers.front().state == PeerSession::State::kConnected &&
           call.chat_ready(peers.front().peer_id);
  };
  if (ready(*first_) && ready(*second_)) return finish(true);
  if (!checks_.running()) checks_.start(kCheckEvery, [this] { check_done(); });
}

void ConnectionRehearsal::finish(bool connected) {
  if (finished_) return;
  finished_ = true;
  limit_.stop();
  checks_.stop();
  first_->leave();
  second_->leave();
  // A task later, not from inside a Call's event: `done` may destroy this.
  if (done_) scheduler_.set_timeout({}, [done = std::move(done_), connected] { done(connected); });
}

}  // namespace parley::call
