#include "core/call/peer_session.h"

#include <utility>

#include "core/call/send_plan.h"
#include "core/call/signaling_payloads.h"

namespace parley::call {
using ports::IceConnectionState;
using ports::MediaKind;
using ports::SessionDescription;

namespace {
// A peer that floods candidates before its offer cannot make us hold them all.
constexpr std::size_t kMaxPendingCandidates = 256;
}  // namespace

const char* to_string(PeerSession::State state) {
  switch (state) {
    case PeerSession::State::kNew:
      return "new";
    case PeerSession::State::kConnecting:
      return "connecting";
    case PeerSession::State::kConnected:
      return "connected";
    case PeerSession::State::kReconnecting:
      return "reconnecting";
    case PeerSession::State::kFailed:
      return "failed";
    case PeerSession::State::kClosed:
      return "closed";
  }
  return "unknown";
}

PeerSession::PeerSession(Options options, const ports::PeerConnectionFactory& factory,
                         ports::Scheduler& scheduler, const LocalTracks& local_tracks,
                         Handlers handlers)
    : options_(std::move(options)),
      local_tracks_(local_tracks),
      handlers_(std::move(handlers)),
      polite_(options_.self_id < options_.remote_id),
      ice_restart_(
          scheduler, options_.ice_restart, [this] { pc_->restart_ice(); },
          [this] {
            set_state(State::kFailed);
            report("the connection to " + options_.remote_id + " failed and " +
                   std::to_string(options_.ice_restart.max_attempts) +
                   " ICE restarts did not bring it back");
          }),
      key_frames_(scheduler, [this] { pc_->send_key_frame(); }),
      path_diagnosis_(options_.configuration),
      no_path_timer_(scheduler),
      answer_timer_(scheduler),
      answer_wait_(options_.answer_within) {
  pc_ = factory(
      {options_.configuration, options_.offering},
      {.on_negotiation_needed = [this] { on_negotiation_needed(); },
       .on_ice_candidate =
           [this](const ports::IceCandidate& candidate) {
             // End-of-candidates is not sent: reference clients cannot add it.
             if (!candidate.candidate.empty()) {
               path_diagnosis_.on_local_candidate(candidate.candidate);
               handlers_.send("ice-candidate", candidate_fields(candidate));
             }
           },
       .on_ice_connection_state_change = [this](IceConnectionState state) { on_ice_state(state); },
       .on_track =
           [this](const ports::RemoteTrack& track) {
             if (handlers_.on_track) handlers_.on_track(track);
           },
       .on_selected_path_change = [this] { key_frames_.on_path_selected(); }});
}

PeerSession::~PeerSession() {
  no_path_timer_.stop();
  answer_timer_.stop();
  ice_restart_.stop();
  if (state_ != State::kClosed) pc_->close();
}

void PeerSession::start_offering() {
  set_state(State::kConnecting);
  attach_local_tracks();
  data_channels_due();  // in the first offer
  // Offer now rather than on the browser's negotiationneeded, which comes a task later;
  // that event then finds the offer under way and is dropped (perfect negotiation's
  // making_offer_ covers the moment in between).
  on_negotiation_needed();
}

void PeerSession::attach_local_tracks() {
  send_now(MediaKind::kAudio, local_tracks_.audio);
  send_now(MediaKind::kVideo, local_tracks_.video);
}

void PeerSession::send_track(MediaKind kind, const std::optional<std::string>& track_id) {
  // Before the first negotiation the tracks are attached when it happens.
  if (state_ == State::kClosed || state_ == State::kNew) return;
  if (applying_remote_offer_) {
    tracks_held_ = true;
    return;
  }
  send_now(kind, track_id);
}

void PeerSession::send_now(MediaKind kind, const std::optional<std::string>& track_id) {
  const SendStep step =
      plan_send_track(kind, track_id, local_tracks_.wanted(kind), pc_->transceivers(),
                      pc_->signaling_state(), local_descriptions_pending_ > 0);
  switch (step.action) {
    case SendStep::Action::kNothing:
      return;
    case SendStep::Action::kAddTransceiver:
      return pc_->add_transceiver(kind, track_id, step.direction);
    case SendStep::Action::kAddTrack:
      return pc_->add_track(kind, *track_id);
    case SendStep::Action::kReplaceTrack:
      if (step.make_sendrecv) pc_->set_direction(step.transceiver, ports::Direction::kSendRecv);
      return pc_->replace_track(step.transceiver, track_id,
                                [this, kind](std::optional<ports::Failure> failure) {
                                  // What is sent did not change.
                                  if (failure) {
                                    report(std::string("could not send the ") +
                                           (kind == MediaKind::kAudio ? "microphone" : "camera") +
                                           " to " + options_.remote_id + ": " + failure->message);
                                  }
                                });
  }
}

void PeerSession::set_local_description(
    std::function<void(std::variant<SessionDescription, ports::Failure>)> done) {
  ++local_descriptions_pending_;
  pc_->set_local_description(
      [this, done = std::move(done)](std::variant<SessionDescription, ports::Failure> result) {
        --local_descriptions_pending_;
        if (const auto* made = std::get_if<SessionDescription>(&result))
          path_diagnosis_.on_local_description(made->sdp);
        done(std::move(result));
      });
}

// [SECTION] Perfect negotiation

void PeerSession::on_negotiation_needed() {
  making_offer_ = true;
  auto offered = [this](std::variant<SessionDescription, ports::Failure> result) {
    making_offer_ = false;
    if (const auto* failure = std::get_if<ports::Failure>(&result)) {
      return report("could not make an offer for " + options_.remote_id + ": " + failure->message);
    }
    const auto& description = std::get<SessionDescription>(result);
    handlers_.send(message_type(description.type), description_fields(description));
    if (description.type == SessionDescription::Type::kOffer) on_offer_sent();
  };
  if (pc_->has_prepared_offer()) {
    // Our first offer, begun before anyone waited for it (ports::ConnectionPlan), with
    // what start_offering attached since: it leaves now. If preparing it failed, there is
    // no offer yet and we make one.
    ++local_descriptions_pending_;
    return pc_->take_prepared_offer(
        [this, offered](std::variant<SessionDescription, ports::Failure> result) {
          --local_descriptions_pending_;
          if (std::holds_alternative<ports::Failure>(result)) return set_local_description(offered);
          path_diagnosis_.on_local_description(std::get<SessionDescription>(result).sdp);
          offered(std::move(result));
        });
  }
  set_local_description(std::move(offered));
}

void PeerSession::on_offer_sent() {
  offer_queued_ = handlers_.signaling_up && !handlers_.signaling_up();
  if (offer_queued_) return;  // signaling_back() starts the wait
  answer_timer_.start(answer_wait_, [this] { on_answer_overdue(); });
}

void PeerSession::on_answer_overdue() {
  if (state_ == State::kClosed || pc_->signaling_state() != ports::SignalingState::kHaveLocalOffer)
    return;
  answer_wait_ = std::min<std::chrono::milliseconds>(answer_wait_ * 2, kLongestAnswerWait);
  make_offer_again();
}

void PeerSession::make_offer_again() {
  // Back to stable, then an ICE restart: its negotiationneeded brings a fresh offer with
  // new credentials, which the peer answers even if it never saw the first one.
  pc_->rollback([this](std::optional<ports::Failure> failure) {
    if (failure) return;  // a remote offer came meanwhile and settled it
    pc_->restart_ice();
  });
}

void PeerSession::signaling_lost() {
  answer_timer_.stop();
}

void PeerSession::signaling_back() {
  if (state_ == State::kClosed) return;
  if (pc_->signaling_state() == ports::SignalingState::kHaveLocalOffer && !making_offer_) {
    if (std::exchange(offer_queued_, false)) return on_offer_sent();
    return make_offer_again();
  }
  if (state_ != State::kConnected && ice_restart_.may_restart_now()) pc_->restart_ice();
}

void PeerSession::on_relayed(const std::string& type, const nlohmann::json& message) {
  if (state_ == State::kClosed) return;
  if (type == "offer" || type == "answer") {
    const auto description = description_from(message);
    if (!description)
      return report(options_.remote_id + " sent an " + type + " without a usable SDP");
    return on_remote_description(*description);
  }
  if (type == "ice-candidate") {
    const auto field = message.find("candidate");
    if (field != message.end() && field->is_null()) return;  // end of candidates
    const auto candidate = candidate_from(message);
    if (!candidate) return report(options_.remote_id + " sent an unusable ICE candidate");
    return on_remote_candidate(*candidate);
  }
}

void PeerSession::on_remote_description(const SessionDescription& description) {
  path_diagnosis_.on_remote_description(description.sdp);
  if (state_ == State::kNew) set_state(State::kConnecting);
  if (description.type == SessionDescription::Type::kAnswer) {
    answer_timer_.stop();  // heard: the next offer waits the first bound again
    answer_wait_ = options_.answer_within;
  }
  const bool is_offer = description.type == SessionDescription::Type::kOffer;
  const bool ready_for_offer =
      !making_offer_ &&
      (pc_->signaling_state() == ports::SignalingState::kStable || setting_remote_answer_pending_);
  const bool offer_collision = is_offer && !ready_for_offer;
  ignore_offer_ = !polite_ && offer_collision;
  if (ignore_offer_) return;  // the impolite peer's own offer wins; the other side yields

  setting_remote_answer_pending_ = !is_offer;
  applying_remote_offer_ = is_offer;
  const bool has_data = description.sdp.find("m=application") != std::string::npos;
  pc_->set_remote_description(
      description, [this, is_offer, has_data](std::optional<ports::Failure> failure) {
        setting_remote_answer_pending_ = false;
        applying_remote_offer_ = false;
        if (failure) {
          if (is_offer) pending_candidates_.clear();  // they came with the refused offer
          if (std::exchange(tracks_held_, false)) attach_local_tracks();  // no answer to carry them
          return report("could not apply the " + std::string(is_offer ? "offer" : "answer") +
                        " from " + options_.remote_id + ": " + failure->message);
        }
        remote_description_applied_ = true;
        if (is_offer) answer(has_data);
      });
  if (!is_offer) add_pending_candidates();  // the browser applies them after the answer
}

void PeerSession::data_channels_due() {
  if (data_channels_due_) return;
  data_channels_due_ = true;
  if (handlers_.on_data_channels_due) handlers_.on_data_channels_due();
}

std::variant<std::unique_ptr<ports::DataChannel>, ports::Failure> PeerSession::create_data_channel(
    const ports::DataChannelInit& init) {
  if (state_ == State::kClosed) return ports::Failure{"InvalidStateError", "the session is closed"};
  return pc_->create_data_channel(init);
}

std::optional<std::size_t> PeerSession::max_message_size() const {
  return state_ == State::kClosed ? std::nullopt : pc_->max_message_size();
}

void PeerSession::answer(bool offer_has_data) {
  tracks_held_ = false;
  attach_local_tracks();  // onto the transceivers the offer made: the answer carries them
  set_local_description(
      [this, offer_has_data](std::variant<SessionDescription, ports::Failure> result) {
        if (const auto* failure = std::get_if<ports::Failure>(&result)) {
          return report("could not answer " + options_.remote_id + ": " + failure->message);
        }
        const auto& description = std::get<SessionDescription>(result);
        handlers_.send(message_type(description.type), description_fields(description));
        // Our channels open on the data line this answer accepted (no renegotiation). Made
        // only now: the browser's first createDataChannel blocks the page for up to 15 ms
        // (tools/bench/call-setup traces), which is better spent after the answer has gone.
        if (offer_has_data) data_channels_due();
      });
  add_pending_candidates();  // behind the answer, which needs none of them
}

void PeerSession::on_remote_candidate(const ports::IceCandidate& candidate) {
  path_diagnosis_.on_remote_candidate(candidate.candidate);
  const bool description_in_place_or_coming =
      remote_description_applied_ || setting_remote_answer_pending_;
  if (description_in_place_or_coming && !applying_remote_offer_) return add_candidate(candidate);
  if (pending_candidates_.size() >= kMaxPendingCandidates) {
    return report(options_.remote_id + " sent too many ICE candidates before its offer");
  }
  pending_candidates_.push_back(candidate);
}

void PeerSession::add_pending_candidates() {
  while (!pending_candidates_.empty()) {
    add_candidate(pending_candidates_.front());
    pending_candidates_.pop_front();
  }
}

void PeerSession::add_candidate(const ports::IceCandidate& candidate) {
  pc_->add_ice_candidate(candidate, [this](std::optional<ports::Failure> failure) {
    // Candidates of an offer we ignored are expected to fail, and so are those chained
    // behind a first description the browser refused (that refusal is the error to show).
    if (failure && !ignore_offer_ && remote_description_applied_) {
      report("could not add an ICE candidate from " + options_.remote_id + ": " + failure->message);
    }
  });
}

// [SECTION] Connection state

void PeerSession::on_ice_state(IceConnectionState state) {
  ice_restart_.on_ice_state(state);
  key_frames_.on_ice_state(state);
  if (!ever_connected_) {
    if (state == IceConnectionState::kChecking && !no_path_timer_.running() && !no_path_reported_)
      no_path_timer_.start(options_.no_path_within, [this] { report_no_path(); });
    if (state == IceConnectionState::kFailed) report_no_path();
  }
  if (state == IceConnectionState::kConnected || state == IceConnectionState::kCompleted)
    no_path_timer_.stop();
  if (ice_restart_.gave_up()) return set_state(State::kFailed);
  switch (state) {
    case IceConnectionState::kConnected:
    case IceConnectionState::kCompleted:
      ever_connected_ = true;
      return set_state(State::kConnected);
    case IceConnectionState::kNew:
    case IceConnectionState::kChecking:
      return set_state(ever_connected_ ? State::kReconnecting : State::kConnecting);
    case IceConnectionState::kDisconnected:
    case IceConnectionState::kFailed:
      return set_state(State::kReconnecting);  // the policy restarts or gives up
    case IceConnectionState::kClosed:
      return set_state(State::kClosed);
  }
}

void PeerSession::restart_ice() {
  if (state_ != State::kClosed) pc_->restart_ice();
}

void PeerSession::set_ice_servers(const std::vector<ports::IceServer>& servers) {
  options_.configuration.ice_servers = servers;
  if (state_ != State::kClosed) pc_->set_configuration(options_.configuration);
}

void PeerSession::peer_takes_restarts() {
  ice_restart_.peer_takes_restarts();
}

void PeerSession::network_back() {
  if (state_ != State::kClosed) ice_restart_.network_changed();
}

void PeerSession::get_stats(std::function<void(std::variant<std::string, ports::Failure>)> done) {
  if (state_ == State::kClosed) return done(ports::Failure{"InvalidStateError", "session closed"});
  pc_->get_stats(std::move(done));
}

void PeerSession::report_no_path() {
  no_path_timer_.stop();
  if (no_path_reported_ || ever_connected_ || state_ == State::kClosed) return;
  no_path_reported_ = true;
  if (handlers_.on_no_path) handlers_.on_no_path(path_diagnosis_.cause());
}

void PeerSession::close() {
  if (state_ == State::kClosed) return;
  no_path_timer_.stop();
  answer_timer_.stop();
  ice_restart_.stop();
  pc_->close();
  set_state(State::kClosed);
}

void PeerSession::set_state(State state) {
  if (state_ == state || state_ == State::kClosed) return;
  state_ = state;
  if (handlers_.on_state) handlers_.on_state(state);
}

void PeerSession::report(const std::string& message) {
  if (handlers_.on_error) handlers_.on_error(message);
}

}  // namespace parley::call
