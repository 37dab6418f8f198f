#include "core/call/call.h"

#include <algorithm>
#include <set>

#include "core/call/send_plan.h"
#include "core/text/display_text.h"

namespace parley::call {
namespace {

// Sixteen base-36 characters: enough that two instances of one peer id never share one.
std::string new_session_id(const std::function<double()>& random01) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string id;
  for (int i = 0; i < 16; ++i) {
    const double r = random01 ? random01() : 0.0;
    id += kDigits[std::min(35, static_cast<int>(r * 36))];
  }
  return id;
}

}  // namespace

Call::Call(Options options, Platform platform, std::function<void(const CallEvent&)> on_event)
    : options_(std::move(options)),
      platform_(std::move(platform)),
      session_id_(new_session_id(platform_.random01)),
      on_event_(std::move(on_event)),
      media_(platform_.media_devices,
             {.on_tracks_changed =
                  [this](const LocalTracks& tracks) {
                    for (auto& [id, peer] : peers_) {
                      peer.session->send_track(ports::MediaKind::kAudio, tracks.audio);
                      peer.session->send_track(ports::MediaKind::kVideo, tracks.video);
                    }
                    emit(events::LocalTracksChanged{tracks});
                    send_media_state();
                  },
              .on_problem =
                  [this](const MediaFailureReport& report) {
                    emit(events::Error{report.code, report.message, "", false});
                  },
              .on_switches_changed = [this] { send_media_state(); }},
             options_.camera_size),
      signaling_(
          SignalingClient::Options{options_.signaling_url, options_.room, options_.name,
                                   std::nullopt, options_.token, options_.reconnect},
          platform_.sockets, platform_.scheduler, platform_.random01,
          {.on_state =
               [this](SignalingClient::State state) {
                 emit(events::ConnectionState{"", to_string(state)});
                 if (state == SignalingClient::State::kWaitingToReconnect) {
                   for (auto& [id, peer] : peers_) peer.session->signaling_lost();
                 }
               },
           .on_welcome = [this](const protocol::Welcome& welcome,
                                bool rejoined) { on_welcome(welcome, rejoined); },
           .on_peer_joined = [this](const protocol::PeerJoined& joined) { on_peer_joined(joined); },
           .on_peer_left = [this](const protocol::PeerLeft& left) { remove_peer(left.peer_id); },
           .on_relayed = [this](const protocol::Relayed& relayed) { on_relayed(relayed); },
           .on_error =
               [this](const SignalingClient::Error& error) {
                 emit(events::Error{error.code, error.message, "", error.fatal});
                 // Nothing more can come of this call: its media must not stay live.
                 if (error.fatal && !left_) end(error.code);
               },
           .on_ice_servers =
               [this](const std::vector<ports::IceServer>& servers) {
                 if (!use_ice_servers(servers)) return;
                 // The spare connection was made with the old ones: the next one gets these.
                 if (!left_) prepare_spare(spare_offering_);
               }}),
      chat_({.send =
                 [this](const std::string& peer_id, const std::string& frame) {
                   const auto it = peers_.find(peer_id);
                   return it != peers_.end() && it->second.chat_link &&
                          !it->second.chat_link->send_text(frame);
                 },
             .on_message =
                 [this](const chat::ChatMessage& message, bool own) {
                   emit(events::Chat{message, own});
                 },
             .on_problem =
                 [this](const std::string& peer_id, const chat::ChatError& problem) {
                   emit(events::Error{"chat-" + problem.code, problem.message, peer_id, false});
                 },
             .name_of =
                 [this](const std::string& peer_id) {
                   const auto it = names_.find(peer_id);
                   return it == names_.end() ? std::string() : it->second;
                 }}),
      files_({platform_.hasher, platform_.scheduler, platform_.make_sink},
             {.on_change =
                  [this](const transfer::TransferView& view) { emit(events::Transfer{view}); },
              .on_problem =
                  [this](const std::string& peer_id, const std::string& problem) {
                    emit(events::Error{"file-transfer", problem, peer_id, false});
                  }}),
      rejoin_grace_timer_(platform_.scheduler),
      retired_cleanup_(platform_.scheduler),
      stats_timer_(platform_.scheduler),
      chat_resend_timer_(platform_.scheduler),
      prepare_connection_timer_(platform_.scheduler) {}

Call::~Call() {
  // Sessions close their connections; nothing is emitted while tearing down.
  on_event_ = nullptr;
  peers_.clear();
}

void Call::join() {
  if (joining_ || left_) return;
  joining_ = true;
  media_.prefer_devices(options_.audio_device_id, options_.video_device_id);
  // Media and signaling start together: every session negotiates sendrecv transceivers,
  // so tracks that arrive after the first offer or answer are sent with replaceTrack and
  // no renegotiation. Nobody waits for a permission prompt to see the room.
  media_.acquire(options_.audio, options_.video, [] {});
  signaling_.start();
}

void Call::leave() {
  if (left_) return;
  end(kLeftOnPurpose);
}

void Call::network_back() {
  if (left_) return;
  signaling_.network_back();
  for (auto& [id, peer] : peers_) peer.session->network_back();
}

void Call::end(const std::string& reason) {
  left_ = true;
  rejoin_grace_timer_.stop();
  stats_timer_.stop();
  chat_resend_timer_.stop();
  prepare_connection_timer_.stop();
  if (platform_.prepare_peer_connection) platform_.prepare_peer_connection(std::nullopt);
  auto peers = std::move(peers_);
  peers_.clear();
  for (auto& [id, peer] : peers) {
    files_.peer_gone(id, "you left the call");
    retire(std::move(peer.session));
  }
  if (reason == kLeftOnPurpose) signaling_.leave();  // a failed client closed its socket
  media_.close();
  emit(events::Left{reason});
}

void Call::on_welcome(const protocol::Welcome& welcome, bool rejoined) {
  // Names are what another client chose: shown without controls or bidi overrides.
  for (const auto& peer : welcome.peers) names_[peer.peer_id] = text::display_name(peer.name);
  chat_.set_self(welcome.self.peer_id, options_.name);
  // A rejoin's welcome carries fresh TURN credentials: the sessions that lived through the
  // outage restart ICE with them.
  if (rejoined) {
    use_ice_servers(welcome.ice_servers);
  } else {
    rtc_configuration_.ice_servers = options_.ice_servers.value_or(welcome.ice_servers);
  }
  emit(events::Joined{welcome.room, welcome.self.peer_id, rejoined});
  if (!stats_timer_.running())
    stats_timer_.start(options_.stats_interval, [this] { sample_stats(); });
  if (!chat_resend_timer_.running())
    chat_resend_timer_.start(kChatResendInterval, [this] { resend_chat(); });
  // The first connection is needed as soon as someone joins or offers: made while we wait
  // for it. The peers listed are about to offer to us; in an empty room, the next person
  // to come gets our offer, which can be ready for them.
  prepare_spare(welcome.peers.empty());
  // The peers already here offer to us (reference flow); their sessions start with
  // their offers. Only a rejoin has sessions to reconcile.
  if (rejoined) reconcile(welcome);
}

// TURN credentials expire (the server's --turn-ttl): an allocation made with them lives
// on, but an ICE restart after the expiry must allocate again, with fresh ones.
bool Call::use_ice_servers(const std::vector<ports::IceServer>& servers) {
  if (options_.ice_servers) return false;  // the embedder's own, which the server cannot renew
  rtc_configuration_.ice_servers = servers;
  for (auto& [id, peer] : peers_) peer.session->set_ice_servers(servers);
  return true;
}

void Call::prepare_spare(bool offering) {
  spare_offering_ = offering;
  if (platform_.prepare_peer_connection)
    platform_.prepare_peer_connection(connection_plan(offering));
}

void Call::reconcile(const protocol::Welcome& welcome) {
  std::set<std::string> listed;
  for (const auto& peer : welcome.peers) listed.insert(peer.peer_id);
  std::vector<std::string> gone;
  bool waiting = false;
  for (auto& [id, peer] : peers_) {
    if (listed.count(id)) {
      peer.confirmed = true;
      // A negotiation the outage cut short is started again (an unanswered offer: made
      // again, or its wait starts now that it leaves the queue).
      peer.session->signaling_back();
    } else if (!welcome.resumed && peer.session->state() == PeerSession::State::kConnected) {
      peer.confirmed = false;  // the server restarted: maybe rejoining too, wait for it
      waiting = true;
    } else {
      gone.push_back(id);  // it left while we were away (its peer-left never reached us)
    }
  }
  for (const auto& id : gone) remove_peer(id);
  if (waiting) rejoin_grace_timer_.start(options_.rejoin_grace, [this] { drop_unconfirmed(); });
  if (!welcome.resumed) return;  // anyone new to us hears our peer-joined and offers
  // The server kept our seat and told the room nothing: whoever joined meanwhile was
  // told we are here and waits for our offer, as newcomers do.
  for (const auto& peer : welcome.peers) {
    if (peers_.count(peer.peer_id)) continue;
    emit(events::PeerJoined{peer.peer_id, names_[peer.peer_id]});
    add_peer(peer.peer_id, names_[peer.peer_id], true).session->start_offering();
  }
}

void Call::drop_unconfirmed() {
  std::vector<std::string> gone;
  for (const auto& [id, peer] : peers_) {
    if (!peer.confirmed) gone.push_back(id);
  }
  for (const auto& id : gone) remove_peer(id);
}

void Call::on_peer_joined(const protocol::PeerJoined& joined) {
  const auto it = peers_.find(joined.peer.peer_id);
  if (it != peers_.end()) {
    if (joined.resumed) {  // the same client, back after an outage: its session lives on
      it->second.confirmed = true;
      return;
    }
    remove_peer(joined.peer.peer_id);  // a new instance under the same id
  }
  const std::string& name = names_[joined.peer.peer_id] = text::display_name(joined.peer.name);
  emit(events::PeerJoined{joined.peer.peer_id, name});
  add_peer(joined.peer.peer_id, name, true).session->start_offering();
}

void Call::on_relayed(const protocol::Relayed& relayed) {
  if (relayed.type == "media-state") return on_media_state(relayed);
  auto it = peers_.find(relayed.from);
  if (it == peers_.end()) {
    // A peer that was here before us offers (or trickles ahead of its offer).
    if (relayed.type != "offer" && relayed.type != "ice-candidate") return;
    const std::string& name = names_[relayed.from];
    emit(events::PeerJoined{relayed.from, name});
    add_peer(relayed.from, name, false);
    it = peers_.find(relayed.from);
  }
  it->second.session->on_relayed(relayed.type, relayed.message);
}

Call::Peer& Call::add_peer(const std::string& peer_id, const std::string& name, bool offering) {
  PeerSession::Handlers handlers{
      .send = [this, peer_id](
                  const std::string& type,
                  const nlohmann::json& fields) { signaling_.send(peer_id, type, fields); },
      .on_state = [this, peer_id](PeerSession::State state) { on_session_state(peer_id, state); },
      .on_track =
          [this, peer_id](const ports::RemoteTrack& track) {
            emit(events::Track{peer_id, track});
          },
      .on_error =
          [this, peer_id](const std::string& message) {
            emit(events::Error{"peer-connection", message, peer_id, false});
          },
      .on_no_path =
          [this, peer_id](const std::string& cause) {
            const auto it = peers_.find(peer_id);
            const std::string& shown =
                it == peers_.end() || it->second.name.empty() ? peer_id : it->second.name;
            emit(events::Error{"no-route", "No connection to " + shown + ": " + cause + ".",
                               peer_id, false});
          },
      .on_data_channels_due = [this, peer_id] { open_data_channels(peer_id); },
      .signaling_up = [this] { return signaling_.state() == SignalingClient::State::kJoined; }};
  // Until the peer shows it is a Parley client (its first media-state), its disconnections
  // are waited out: a reference client answers a restart's offer with a second connection.
  IceRestartPolicy::Settings ice_restart = options_.ice_restart;
  ice_restart.wait_out_disconnections = true;
  Peer peer;
  peer.name = name;
  peer.session = std::make_unique<PeerSession>(
      PeerSession::Options{signaling_.peer_id().value_or(""), peer_id, rtc_configuration_,
                           ice_restart, offering},
      platform_.peer_connections, platform_.scheduler, media_.tracks(), std::move(handlers));
  chat_.add_peer(peer_id);
  // The next newcomer's, once this setup is no longer busy.
  if (platform_.prepare_peer_connection) {
    prepare_connection_timer_.start(kPrepareNextConnectionAfter, [this] { prepare_spare(true); });
  }
  return peers_.insert_or_assign(peer_id, std::move(peer)).first->second;
}

ports::ConnectionPlan Call::connection_plan(bool offering) const {
  ports::ConnectionPlan plan{{rtc_configuration_, offering}, std::nullopt, std::nullopt, {}};
  if (offering) {  // what PeerSession::start_offering's first offer carries
    const LocalTracks& tracks = media_.tracks();
    plan.audio_track = tracks.audio;
    plan.video_track = tracks.video;
    plan.audio_direction = first_direction(tracks.audio, tracks.audio_wanted);
    plan.video_direction = first_direction(tracks.video, tracks.video_wanted);
    plan.channels = {kChatChannel, kFilesChannel};
  }
  return plan;
}

// [SECTION] Data channels

data::ChannelLink::Opener Call::opener(const std::string& peer_id, ports::DataChannelInit init) {
  return
      [this, peer_id, init]() -> std::variant<std::unique_ptr<ports::DataChannel>, ports::Failure> {
        PeerSession* current = session(peer_id);
        if (!current) return ports::Failure{"InvalidStateError", peer_id + " is not in the call"};
        return current->create_data_channel(init);
      };
}

void Call::open_data_channels(const std::string& peer_id) {
  const auto it = peers_.find(peer_id);
  if (it == peers_.end()) return;
  it->second.chat_link = std::make_unique<data::ChannelLink>(
      opener(peer_id, kChatChannel), platform_.scheduler,
      data::ChannelLink::Handlers{
          .on_up = [this, peer_id] { chat_.on_link_up(peer_id); },
          .on_down = [] {},  // unacknowledged messages wait in the outbox
          .on_text =
              [this, peer_id](const std::string& frame) {
                chat_.on_frame(peer_id, frame, platform_.scheduler.now());
              },
          .on_binary =
              [this, peer_id](const ports::BytesRef&) {
                emit(events::Error{"chat-bad-message",
                                   peer_id + " sent binary data on the chat channel", peer_id,
                                   false});
              },
          .on_writable = [] {},
          .on_error =
              [this, peer_id](const std::string& message) {
                emit(events::Error{"data-channel", message, peer_id, false});
              },
          .on_peer_session =
              [this, peer_id](const std::string& session) { on_peer_session(peer_id, session); }},
      data::ChannelLink::Settings{.session = session_id_});
  it->second.files_link = open_files_link(peer_id);
}

void Call::resend_chat() {
  // A message can be lost without the link noticing (sent just as the peer's end was
  // replaced); the receiver keeps each one once, so sending again is safe.
  for (const auto& [id, peer] : peers_) {
    if (peer.chat_link && peer.chat_link->up() && chat_.pending_for(id) > 0) chat_.on_link_up(id);
  }
  chat_resend_timer_.start(kChatResendInterval, [this] { resend_chat(); });
}

std::variant<chat::ChatMessage, chat::ChatError> Call::send_chat(std::string_view text) {
  return chat_.post(text, platform_.now_ms ? platform_.now_ms() : 0);
}

bool Call::chat_ready(const std::string& peer_id) const {
  const auto it = peers_.find(peer_id);
  return it != peers_.end() && it->second.chat_link && it->second.chat_link->up();
}

void Call::cut_data_channels(const std::string& peer_id) {
  const auto it = peers_.find(peer_id);
  if (it == peers_.end()) return;
  if (it->second.chat_link) it->second.chat_link->cut();
  if (it->second.files_link) it->second.files_link->cut();
}

data::ChannelLink* Call::files_link(const std::string& peer_id) {
  const auto it = peers_.find(peer_id);
  return it == peers_.end() ? nullptr : it->second.files_link.get();
}

std::unique_ptr<data::ChannelLink> Call::open_files_link(const std::string& peer_id) {
  // The hub reaches the link by peer id, never by pointer: links go with their peer.
  transfer::TransferHub::Link link{
      .send_text = [this, peer_id](const std::string& text) -> std::optional<ports::Failure> {
        auto* files = files_link(peer_id);
        if (!files) return ports::Failure{"InvalidStateError", peer_id + " left"};
        return files->send_text(text);
      },
      .send_binary = [this, peer_id](const std::string& head,
                                     const ports::BytesRef& body) -> std::optional<ports::Failure> {
        auto* files = files_link(peer_id);
        if (!files) return ports::Failure{"InvalidStateError", peer_id + " left"};
        return files->send_binary(head, body);
      },
      .buffered_amount = [this, peer_id]() -> std::size_t {
        auto* files = files_link(peer_id);
        return files ? files->buffered_amount() : 0;
      }};
  return std::make_unique<data::ChannelLink>(
      opener(peer_id, kFilesChannel), platform_.scheduler,
      data::ChannelLink::Handlers{
          .on_up = [this, peer_id, link] { files_.link_up(peer_id, link); },
          .on_down = [this, peer_id] { files_.link_down(peer_id); },
          .on_text = [this, peer_id](const std::string& frame) { files_.on_text(peer_id, frame); },
          .on_binary =
              [this, peer_id](const ports::BytesRef& bytes) { files_.on_binary(peer_id, bytes); },
          .on_writable = [this, peer_id] { files_.on_writable(peer_id); },
          .on_error =
              [this, peer_id](const std::string& message) {
                emit(events::Error{"data-channel", message, peer_id, false});
              },
          .on_peer_session =
              [this, peer_id](const std::string& session) { on_peer_session(peer_id, session); }},
      data::ChannelLink::Settings{
          .buffered_amount_low_threshold = transfer::TransferHub::Settings{}.low_water_bytes,
          .session = session_id_});
}

void Call::on_peer_session(const std::string& peer_id, const std::string& session) {
  const auto it = peers_.find(peer_id);
  if (it == peers_.end() || session.empty()) return;
  std::string& known = it->second.remote_session;
  const bool restarted = !known.empty() && known != session;
  known = session;
  if (!restarted) return;
  // Another page under the same id on this very session (the server did not tell us it
  // left): nothing of the old instance's chat numbering or transfers carries over.
  const std::string& name = it->second.name.empty() ? peer_id : it->second.name;
  chat_.peer_restarted(peer_id);
  files_.peer_restarted(peer_id, name + " reloaded the call");
}

std::variant<std::string, transfer::TransferHub::Refused> Call::send_file(
    const std::string& peer_id, std::unique_ptr<ports::FileSource> file) {
  const auto it = peers_.find(peer_id);
  if (it == peers_.end()) return transfer::TransferHub::Refused{peer_id + " is not in the call"};
  if (!it->second.files_link) {
    const std::string& name = it->second.name.empty() ? peer_id : it->second.name;
    return transfer::TransferHub::Refused{name + "'s app cannot receive files"};
  }
  // Until the data transport is up its limit is unknown: 64 KiB fits every browser.
  const std::size_t max_message = it->second.session->max_message_size().value_or(64 * 1024);
  return files_.send_file(peer_id, std::move(file), max_message);
}

void Call::send_media_state(const std::string& peer_id) {
  const nlohmann::json state = {{"microphone", media_.sending_sound()},
                                {"camera", media_.sending_picture()}};
  if (!peer_id.empty()) return signaling_.send(peer_id, "media-state", state);
  for (const auto& [id, peer] : peers_) {
    if (peer.session->state() == PeerSession::State::kConnected)
      signaling_.send(id, "media-state", state);
  }
}

void Call::on_media_state(const protocol::Relayed& relayed) {
  const auto peer = peers_.find(relayed.from);
  if (peer == peers_.end()) return;  // not (or no longer) someone we call
  // Only Parley clients send media-state, and they take ICE restarts on the same connection.
  peer->second.session->peer_takes_restarts();
  const auto flag = [&](const char* name) {
    const auto field = relayed.message.find(name);
    return field == relayed.message.end() || !field->is_boolean() || field->get<bool>();
  };
  emit(events::PeerMedia{relayed.from, flag("microphone"), flag("camera")});
}

void Call::on_session_state(const std::string& peer_id, PeerSession::State state) {
  emit(events::ConnectionState{peer_id, to_string(state)});
  // Newly connected: it learns whether it will see and hear us.
  if (state == PeerSession::State::kConnected) send_media_state(peer_id);
  const auto it = peers_.find(peer_id);
  if (it == peers_.end()) return;
  if (state == PeerSession::State::kFailed)
    files_.peer_gone(
        peer_id,
        "the connection to " + (it->second.name.empty() ? peer_id : it->second.name) + " failed");
  const bool broken = state == PeerSession::State::kFailed || state == PeerSession::State::kClosed;
  if (broken && !it->second.confirmed) remove_peer(peer_id);  // it did not come back
}

void Call::remove_peer(const std::string& peer_id) {
  const auto it = peers_.find(peer_id);
  if (it == peers_.end()) return;
  const std::string& name = it->second.name.empty() ? peer_id : it->second.name;
  files_.peer_gone(peer_id, name + " left the call");
  auto session = std::move(it->second.session);
  peers_.erase(it);
  names_.erase(peer_id);
  chat_.remove_peer(peer_id);
  retire(std::move(session));
  emit(events::PeerLeft{peer_id});
}

void Call::retire(std::unique_ptr<PeerSession> session) {
  session->close();
  retired_.push_back(std::move(session));
  if (!retired_cleanup_.running()) {
    retired_cleanup_.start(std::chrono::milliseconds(0), [this] { retired_.clear(); });
  }
}

std::vector<Call::PeerView> Call::peers() const {
  std::vector<PeerView> views;
  for (const auto& [id, peer] : peers_) views.push_back({id, peer.name, peer.session->state()});
  return views;
}

void Call::sample_stats() {
  for (auto& [id, peer] : peers_) {
    // Until a session connects there is nothing to measure, and getStats() would only
    // compete with its setup for the browser's network thread.
    if (!peer.session->ever_connected()) continue;
    // The history is the peer's: if the peer is replaced meanwhile, the answer is dropped.
    peer.session->get_stats([this, id = id, history = peer.stats.get()](
                                std::variant<std::string, ports::Failure> report) {
      const auto it = peers_.find(id);
      if (it == peers_.end() || it->second.stats.get() != history) return;
      const auto* json = std::get_if<std::string>(&report);
      if (!json || !history->add(*json, platform_.scheduler.now())) return;
      const PeerFigures* latest = history->latest();
      const ConnectionQuality rated = rate_connection(latest);
      if (rated == it->second.quality) return;
      it->second.quality = rated;
      emit(events::Quality{id, rated, latest->rtt_ms, latest->packet_loss_percent});
    });
  }
  stats_timer_.start(options_.stats_interval, [this] { sample_stats(); });
}

const StatsHistory* Call::stats(const std::string& peer_id) const {
  const auto it = peers_.find(peer_id);
  return it == peers_.end() ? nullptr : it->second.stats.get();
}

PeerSession* Call::session(const std::string& peer_id) {
  const auto it = peers_.find(peer_id);
  return it == peers_.end() ? nullptr : it->second.session.get();
}

void Call::emit(CallEvent event) {
  if (on_event_) on_event_(event);
}

}  // namespace parley::call
