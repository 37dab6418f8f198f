#include "core/call/connection_rehearsal.h"

#include <utility>

#include "core/call/call.h"

namespace parley::call {

ConnectionRehearsal::ConnectionRehearsal(const ports::PeerConnectionFactory& factory,
                                         ports::Scheduler& scheduler,
                                         std::chrono::milliseconds limit,
                                         std::function<void(bool connected)> done)
    : scheduler_(scheduler), done_(std::move(done)), limit_(scheduler), delivery_(scheduler) {
  limit_.start(limit, [this] { finish(false); });
  open(answerer_, offerer_, false, factory);
  open(offerer_, answerer_, true, factory);
  offerer_.session->start_offering();
}

ConnectionRehearsal::~ConnectionRehearsal() {
  // Closed without a word: a rehearsal cut short has nobody to tell.
  offerer_.session.reset();
  answerer_.session.reset();
}

void ConnectionRehearsal::open(Side& self, Side& other, bool offering,
                               const ports::PeerConnectionFactory& factory) {
  PeerSession::Handlers handlers;
  // As the server relays it: the fields, the type and who sent it - a task later.
  handlers.send = [this, &self, &other](const std::string& type, const nlohmann::json& fields) {
    nlohmann::json message = fields;
    message["type"] = type;
    message["from"] = self.id;
    in_flight_.push_back([&other, type, message] {
      if (other.session) other.session->on_relayed(type, message);
    });
    if (!delivery_.running()) {
      delivery_.start({}, [this] {
        auto batch = std::exchange(in_flight_, {});
        for (auto& deliver : batch) {
          if (finished_) return;
          deliver();
        }
      });
    }
  };
  handlers.on_state = [this, &self](PeerSession::State state) {
    self.connected = state == PeerSession::State::kConnected;
    check_done();
  };
  handlers.on_data_channels_due = [this, &self] { open_channel(self); };
  self.session =
      std::make_unique<PeerSession>(PeerSession::Options{self.id, other.id, {}, {}, offering},
                                    factory, scheduler_, no_tracks_, std::move(handlers));
}

void ConnectionRehearsal::open_channel(Side& self) {
  auto made = self.session->create_data_channel(Call::kChatChannel);
  auto* channel = std::get_if<std::unique_ptr<ports::DataChannel>>(&made);
  if (channel == nullptr) return finish(false);
  self.channel = std::move(*channel);
  self.channel->set_handlers({.on_open =
                                  [this, &self] {
                                    self.channel_open = true;
                                    check_done();
                                  },
                              .on_close = {},
                              .on_text = {},
                              .on_binary = {},
                              .on_buffered_amount_low = {}});
  if (self.channel->ready_state() == ports::DataChannel::State::kOpen) self.channel_open = true;
}

void ConnectionRehearsal::check_done() {
  const auto ready = [](const Side& side) { return side.connected && side.channel_open; };
  if (ready(offerer_) && ready(answerer_)) finish(true);
}

void ConnectionRehearsal::finish(bool connected) {
  if (finished_) return;
  finished_ = true;
  limit_.stop();
  delivery_.stop();
  in_flight_.clear();
  for (Side* side : {&offerer_, &answerer_}) {
    if (side->channel) side->channel->close();
    if (side->session) side->session->close();
  }
  // A task later, not from inside a session's callback: `done` may destroy this.
  if (done_) scheduler_.set_timeout({}, [done = std::move(done_), connected] { done(connected); });
}

}  // namespace parley::call
