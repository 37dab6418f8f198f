// A PeerConnection with a miniature JSEP: signaling states, implicit rollback of a local
// offer by a remote one, an operations chain, "negotiation needed" fired only when the
// chain is empty and the state stable (else re-checked when the chain empties, as the
// specification says), transceivers made by a remote offer, ICE restarts, candidates that
// need a remote description. Every asynchronous answer comes on the scheduler
// (advance(0ms) delivers them).
//
// SDP is a line the fake can read back: "fake offer kinds=audio,video ufrag=2".
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/ports/peer_connection.h"
#include "fake_data_channel.h"
#include "fake_scheduler.h"

namespace parley::fakes {

class FakePeerConnection final : public ports::PeerConnection {
 public:
  using SignalingState = ports::SignalingState;
  using MediaKind = ports::MediaKind;

  using Direction = ports::Direction;
  struct Transceiver {
    MediaKind kind = MediaKind::kAudio;
    Direction direction = Direction::kSendRecv;
    std::optional<Direction> current_direction{};  // set when an offer/answer settles
    bool from_remote_offer = false;
    bool negotiated = false;
    bool ever_sent = false;                // addTrack adopts only a transceiver that never sent
    std::optional<std::string> sending{};  // the track on its sender
  };

  // What tests inspect; outlives the connection.
  struct Record {
    Handlers handlers;
    ports::RtcConfiguration configuration;  // as made, then as setConfiguration() changed it
    int configurations_set = 0;
    bool offering = false;  // asked for as a connection whose session offers first
    SignalingState state = SignalingState::kStable;
    std::vector<Transceiver> transceivers;              // as getTransceivers() lists them
    std::vector<ports::IceCandidate> added_candidates;  // as the chain applied them
    int candidates_requested = 0;                       // addIceCandidate calls
    std::vector<std::string> chain;  // operations in the order they ran: "remote offer",
                                     // "local answer", "candidate", ...
    int ufrag = 1;
    int offers_made = 0;
    int answers_made = 0;
    int rollbacks = 0;
    int restarts_requested = 0;
    int key_frames_sent = 0;  // send_key_frame() calls
    int negotiation_needed_fired = 0;
    bool prepared = false;              // made from a ConnectionPlan (FakePeerConnectionFactory)
    bool prepared_offer_taken = false;  // the session took its prepared first offer
    bool closed = false;
    std::string stats_json = "[]";
    std::vector<std::shared_ptr<FakeDataChannel::Record>> channels;  // as created
    bool data_negotiated = false;  // an m=application line in an applied offer/answer
    std::optional<std::size_t> max_message_size = 262'144;  // Chrome's
    std::optional<ports::Failure> refuse_channels;
    std::optional<ports::Failure> refuse_remote_descriptions;  // as for an unusable SDP
    std::optional<ports::Failure> refuse_track_changes;        // replaceTrack rejects

    // The first transceiver of `kind` (the one media of that kind uses), or null.
    const Transceiver* transceiver(MediaKind kind) const {
      for (const auto& t : transceivers) {
        if (t.kind == kind && t.direction != Direction::kStopped) return &t;
      }
      return nullptr;
    }
    std::size_t count(MediaKind kind) const {
      std::size_t n = 0;
      for (const auto& t : transceivers) n += t.kind == kind ? 1 : 0;
      return n;
    }

    // The newest channel with this label.
    std::shared_ptr<FakeDataChannel::Record> channel(const std::string& label) const {
      for (auto it = channels.rbegin(); it != channels.rend(); ++it) {
        if ((*it)->init.label == label) return *it;
      }
      return nullptr;
    }
  };

  FakePeerConnection(FakeScheduler& scheduler, std::shared_ptr<Record> record)
      : scheduler_(scheduler), record_(std::move(record)) {}

  void set_local_description(
      std::function<void(std::variant<ports::SessionDescription, ports::Failure>)> done) override {
    // An answer under way: from now its transceivers count as sending (so addTrack would
    // add a second one), as they may in a browser by the time a later addTrack runs.
    if (record_->state == SignalingState::kHaveRemoteOffer) answer_begun_ = true;
    chained([this, done = std::move(done)] {
      auto& r = *record_;
      if (r.state == SignalingState::kHaveRemoteOffer) {
        answer_begun_ = false;
        r.chain.push_back("local answer");
        r.state = SignalingState::kStable;
        ++r.answers_made;
        mark_negotiated();
        done(ports::SessionDescription{ports::SessionDescription::Type::kAnswer, sdp("answer")});
        return;
      }
      r.chain.push_back("local offer");
      r.state = SignalingState::kHaveLocalOffer;
      ++r.offers_made;
      offered_data_ = !r.channels.empty();
      remote_offers_data_ = false;
      negotiation_needed_ = false;
      done(ports::SessionDescription{ports::SessionDescription::Type::kOffer, sdp("offer")});
    });
  }

  // As SparePeerConnection does for an offering plan: the plan's transceivers (sendrecv,
  // sending its tracks) and channels, then setLocalDescription() - unless `failure`
  // says preparing failed (the browser refused it: no offer exists).
  void begin_prepared_offer(const ports::ConnectionPlan& plan,
                            std::optional<ports::Failure> failure) {
    auto& r = *record_;
    r.prepared = true;
    for (const auto& [kind, track] :
         {std::pair{MediaKind::kAudio, plan.audio_track}, {MediaKind::kVideo, plan.video_track}}) {
      Transceiver transceiver;
      transceiver.kind = kind;
      transceiver.sending = track;
      transceiver.ever_sent = track.has_value();
      r.transceivers.push_back(transceiver);
    }
    for (const auto& init : plan.channels) {
      auto channel = std::make_shared<FakeDataChannel::Record>();
      channel->init = init;
      channel->scheduler = &scheduler_;
      channel->answers_before = r.answers_made;
      r.channels.push_back(channel);
      prepared_channels_[init.label] = channel;
    }
    prepared_offer_pending_ = true;
    if (failure) {
      prepared_result_ = *failure;
      return;
    }
    set_local_description([this](std::variant<ports::SessionDescription, ports::Failure> result) {
      prepared_result_ = std::move(result);
      if (prepared_taker_) std::exchange(prepared_taker_, nullptr)(*prepared_result_);
    });
  }

  bool has_prepared_offer() const override { return prepared_offer_pending_; }
  void take_prepared_offer(
      std::function<void(std::variant<ports::SessionDescription, ports::Failure>)> done) override {
    prepared_offer_pending_ = false;
    record_->prepared_offer_taken = true;
    if (!prepared_result_) {
      prepared_taker_ = std::move(done);  // still being set: answered when it is
      return;
    }
    later([result = *prepared_result_, done = std::move(done)] { done(result); });
  }

  void set_remote_description(const ports::SessionDescription& description, Done done) override {
    chained([this, description, done = std::move(done)] {
      auto& r = *record_;
      const bool offer = description.type == ports::SessionDescription::Type::kOffer;
      r.chain.push_back(offer ? "remote offer" : "remote answer");
      if (r.refuse_remote_descriptions) return done(*r.refuse_remote_descriptions);
      if (offer) {
        if (r.state == SignalingState::kHaveLocalOffer) {
          // Implicit rollback: what only the local offer carried must be offered again.
          ++r.rollbacks;
          for (const auto& transceiver : r.transceivers) {
            if (!transceiver.negotiated && !transceiver.from_remote_offer)
              negotiation_needed_ = true;
          }
        } else if (r.state != SignalingState::kStable) {
          return done(invalid_state("offer"));
        }
        r.state = SignalingState::kHaveRemoteOffer;
        remote_offers_data_ = description.sdp.find("m=application") != std::string::npos;
        for (const MediaKind kind : kinds_in(description.sdp)) {
          if (!r.transceiver(kind)) {
            r.transceivers.push_back(
                {.kind = kind, .direction = Direction::kRecvOnly, .from_remote_offer = true});
          }
        }
      } else {
        if (r.state != SignalingState::kHaveLocalOffer) return done(invalid_state("answer"));
        r.state = SignalingState::kStable;
        mark_negotiated();
      }
      has_remote_description_ = true;
      remote_sdps.push_back(description.sdp);
      done(std::nullopt);
    });
  }

  void add_ice_candidate(const ports::IceCandidate& candidate, Done done) override {
    ++record_->candidates_requested;
    chained([this, candidate, done = std::move(done)] {
      record_->chain.push_back("candidate");
      if (!has_remote_description_) return done(invalid_state("candidate"));
      record_->added_candidates.push_back(candidate);
      done(std::nullopt);
    });
  }

  void rollback(Done done) override {
    chained([this, done = std::move(done)] {
      auto& r = *record_;
      r.chain.push_back("rollback");
      if (r.state != SignalingState::kHaveLocalOffer) return done(invalid_state("rollback"));
      ++r.rollbacks;
      r.state = SignalingState::kStable;
      // What only the offer carried must be offered again.
      for (const auto& transceiver : r.transceivers) {
        if (!transceiver.negotiated) negotiation_needed_ = true;
      }
      done(std::nullopt);
    });
  }

  void restart_ice() override {
    ++record_->restarts_requested;
    ++record_->ufrag;
    need_negotiation();
  }

  void set_configuration(const ports::RtcConfiguration& configuration) override {
    if (record_->closed) return;
    record_->configuration = configuration;
    ++record_->configurations_set;
  }

  SignalingState signaling_state() const override { return record_->state; }

  std::variant<std::unique_ptr<ports::DataChannel>, ports::Failure> create_data_channel(
      const ports::DataChannelInit& init) override {
    if (record_->closed) return ports::Failure{"InvalidStateError", "the connection is closed"};
    if (record_->refuse_channels) return *record_->refuse_channels;
    if (const auto prepared = prepared_channels_.find(init.label);
        prepared != prepared_channels_.end()) {
      auto channel = prepared->second;  // made with the prepared offer: handed over
      prepared_channels_.erase(prepared);
      return std::make_unique<FakeDataChannel>(channel);
    }
    auto channel = std::make_shared<FakeDataChannel::Record>();
    channel->init = init;
    channel->scheduler = &scheduler_;
    channel->answers_before = record_->answers_made;
    record_->channels.push_back(channel);
    fire_negotiation_needed_if_due();  // the first channel needs an m=application line
    return std::make_unique<FakeDataChannel>(channel);
  }

  std::optional<std::size_t> max_message_size() const override {
    return record_->data_negotiated ? record_->max_message_size : std::nullopt;
  }

  std::vector<ports::TransceiverInfo> transceivers() const override {
    std::vector<ports::TransceiverInfo> out;
    for (const auto& t : record_->transceivers)
      out.push_back({t.kind, t.direction, t.current_direction, t.sending});
    return out;
  }

  void add_transceiver(MediaKind kind, std::optional<std::string> track_id,
                       Direction direction) override {
    record_->transceivers.push_back(
        {.kind = kind, .direction = direction, .sending = std::move(track_id)});
    need_negotiation();
  }

  void add_track(MediaKind kind, const std::string& track_id) override {
    auto& transceivers = record_->transceivers;
    for (auto& t : transceivers) {
      const bool never_sent = !t.ever_sent && !(answer_begun_ && t.from_remote_offer);
      if (t.kind != kind || t.sending || !never_sent || t.direction == Direction::kStopped)
        continue;
      t.sending = track_id;
      t.direction =
          t.direction == Direction::kInactive ? Direction::kSendOnly : Direction::kSendRecv;
      // Unnegotiated, an answer still to come carries it; else it changed what to send.
      if (t.negotiated && t.current_direction != t.direction) need_negotiation();
      return;
    }
    transceivers.push_back({.kind = kind, .sending = track_id});
    need_negotiation();
  }

  void replace_track(std::size_t index, std::optional<std::string> track_id, Done done) override {
    later([this, index, track_id = std::move(track_id), done = std::move(done)] {
      if (record_->refuse_track_changes) return done(*record_->refuse_track_changes);
      record_->transceivers.at(index).sending = track_id;  // replaceTrack needs no negotiation
      done(std::nullopt);
    });
  }

  void set_direction(std::size_t index, Direction direction) override {
    auto& t = record_->transceivers.at(index);
    if (t.direction == direction) return;
    t.direction = direction;
    if (t.negotiated) need_negotiation();
  }

  void send_key_frame() override {
    if (!record_->closed) ++record_->key_frames_sent;
  }

  void get_stats(std::function<void(std::variant<std::string, ports::Failure>)> done) override {
    later([this, done = std::move(done)] { done(record_->stats_json); });
  }

  void close() override {
    record_->closed = true;
    record_->state = SignalingState::kClosed;
  }

  std::vector<std::string> remote_sdps;

 private:
  // An operation on the chain: runs later, and when the chain empties the
  // negotiation-needed flag is checked again.
  void chained(std::function<void()> work) {
    ++pending_operations_;
    later([this, work = std::move(work)] {
      work();
      if (--pending_operations_ == 0) fire_negotiation_needed_if_due();
    });
  }
  void later(std::function<void()> work) {
    scheduler_.set_timeout(std::chrono::milliseconds(0),
                           [record = record_, work = std::move(work)] {
                             if (!record->closed) work();  // nothing is answered after close()
                           });
  }
  std::string sdp(const char* type) const {
    std::ostringstream out;
    out << "fake " << type << " kinds=";
    bool first = true;
    for (const auto& transceiver : record_->transceivers) {
      out << (first ? "" : ",") << (transceiver.kind == MediaKind::kAudio ? "audio" : "video");
      first = false;
    }
    const bool answer = std::string(type) == "answer";
    if (!record_->channels.empty() && (!answer || remote_offers_data_)) out << ",m=application";
    out << " ufrag=" << record_->ufrag;
    return out.str();
  }
  static std::vector<MediaKind> kinds_in(const std::string& sdp) {
    std::vector<MediaKind> kinds;
    if (sdp.find("audio") != std::string::npos) kinds.push_back(MediaKind::kAudio);
    if (sdp.find("video") != std::string::npos) kinds.push_back(MediaKind::kVideo);
    return kinds;
  }
  static std::optional<ports::Failure> invalid_state(const std::string& what) {
    return ports::Failure{"InvalidStateError", what + " in the wrong signaling state"};
  }
  void mark_negotiated() {
    for (auto& transceiver : record_->transceivers) {
      transceiver.negotiated = true;
      transceiver.current_direction = transceiver.direction;
      if (transceiver.sending) transceiver.ever_sent = true;
    }
    // The offer's SDP decides whether the data line exists: ours (made with a channel), or
    // the remote one - an answer accepts a remote data line without any channel of ours,
    // as Chromium does (the classic answerer only gets "datachannel" events).
    if (record_->state == SignalingState::kStable && (offered_data_ || remote_offers_data_))
      record_->data_negotiated = true;
  }
  bool data_needs_negotiation() const {
    return !record_->channels.empty() && !record_->data_negotiated;
  }
  void need_negotiation() {
    negotiation_needed_ = true;
    fire_negotiation_needed_if_due();
  }
  void fire_negotiation_needed_if_due() {
    const bool needed = negotiation_needed_ || data_needs_negotiation();
    if (!needed || record_->state != SignalingState::kStable || firing_) return;
    firing_ = true;
    later([this] {
      firing_ = false;
      // Dropped while an operation is pending: it is re-checked when the chain empties.
      if (!(negotiation_needed_ || data_needs_negotiation()) ||
          record_->state != SignalingState::kStable || pending_operations_ > 0)
        return;
      ++record_->negotiation_needed_fired;
      if (record_->handlers.on_negotiation_needed) record_->handlers.on_negotiation_needed();
    });
  }

  FakeScheduler& scheduler_;
  std::shared_ptr<Record> record_;
  bool has_remote_description_ = false;
  bool negotiation_needed_ = false;
  bool firing_ = false;
  bool answer_begun_ = false;        // setLocalDescription in have-remote-offer, not yet applied
  bool offered_data_ = false;        // our last offer had the data line
  bool remote_offers_data_ = false;  // the remote offer being answered has it
  int pending_operations_ = 0;
  bool prepared_offer_pending_ = false;  // begun, not yet taken
  std::optional<std::variant<ports::SessionDescription, ports::Failure>> prepared_result_;
  std::function<void(std::variant<ports::SessionDescription, ports::Failure>)> prepared_taker_;
  std::map<std::string, std::shared_ptr<FakeDataChannel::Record>> prepared_channels_;
};

// Makes FakePeerConnections and keeps their records, newest last.
class FakePeerConnectionFactory {
 public:
  explicit FakePeerConnectionFactory(FakeScheduler& scheduler) : scheduler_(scheduler) {}

  ports::PeerConnectionFactory factory() {
    return
        [this](const ports::ConnectionRequest& request, ports::PeerConnection::Handlers handlers) {
          auto record = std::make_shared<FakePeerConnection::Record>();
          record->handlers = std::move(handlers);
          record->configuration = request.configuration;
          record->offering = request.offering;
          records.push_back(record);
          auto connection = std::make_unique<FakePeerConnection>(scheduler_, record);
          // The spare is for the next request of its kind, as SparePeerConnection's is.
          if (spare_ && spare_->request.offering && request.offering) {
            connection->begin_prepared_offer(*spare_, std::exchange(spare_failure_, std::nullopt));
            spare_.reset();
          }
          return connection;
        };
  }

  // The next offering connection comes prepared from `plan` (its first offer begun), or
  // with its preparation failed.
  void prepare(const ports::ConnectionPlan& plan, std::optional<ports::Failure> failure = {}) {
    spare_ = plan;
    spare_failure_ = std::move(failure);
  }

  std::vector<std::shared_ptr<FakePeerConnection::Record>> records;

 private:
  FakeScheduler& scheduler_;
  std::optional<ports::ConnectionPlan> spare_;
  std::optional<ports::Failure> spare_failure_;
};

}  // namespace parley::fakes
