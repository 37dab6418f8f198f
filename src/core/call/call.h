// One person's part in a room: signaling, a PeerSession per other peer (full mesh), and
// the local media - the object behind both the JavaScript API and the ImGui app.
//
//   Call call(options, {sockets, peer_connections, media_devices, scheduler, random01, now_ms},
//             [](const CallEvent& event) { ... });
//   call.join();            // the room, and camera/mic (with fallbacks) at the same time
//   call.media().set_camera(false);
//   call.send_chat("hello");  // to everyone, over the peers' chat data channels
//   call.leave();
//
// Event handlers may call back into the Call (leave() included), but must not destroy it.
//
// Who offers: a peer already in the room offers to each newcomer (the reference flow),
// so reference clients interoperate; later negotiations use perfect negotiation.
// After a lost signaling connection the client rejoins with "resume"; sessions then:
// - listed in the new welcome: kept; an offer still unanswered is made again if it went
//   into the lost connection, or waits for its answer from the flush if it was queued
//   (PeerSession::signaling_back); one that is not connected restarts ICE;
// - not listed but still connected: kept for a grace period - the peer may be rejoining
//   too (a server restart) - and closed if it does not come back or its connection
//   fails; not listed and not connected: closed at once. No ghosts, no duplicates.
// A peer-joined for a peer we already have: "resumed" keeps the session; otherwise the
// peer is a new instance with the same id (a reference client reloaded) and gets a
// fresh session, its chat numbering and file offers starting afresh. A data-channel
// hello naming a new session does the same for chat and files (ChannelLink).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/call/call_events.h"
#include "core/call/ice_restart_policy.h"
#include "core/call/local_media.h"
#include "core/call/peer_session.h"
#include "core/call/signaling_client.h"
#include "core/call/stats_history.h"
#include "core/chat/chat_room.h"
#include "core/data/channel_link.h"
#include "core/ports/media_devices.h"
#include "core/transfer/transfer_hub.h"

namespace parley::call {

class Call {
 public:
  struct Options {
    std::string signaling_url;
    std::string room;
    std::string name;
    std::optional<std::string> token;
    std::optional<std::vector<ports::IceServer>> ice_servers;  // overrides the server's list
    bool audio = true;
    bool video = true;
    std::optional<std::string> audio_device_id;  // none: the browser's default
    std::optional<std::string> video_device_id;
    CameraSize camera_size;  // ideal capture size
    ReconnectPolicy reconnect;
    IceRestartPolicy::Settings ice_restart;
    std::chrono::milliseconds rejoin_grace{15'000};
    std::chrono::milliseconds stats_interval{1'000};  // getStats() per peer
  };

  struct Platform {
    ports::SignalingSocketFactory sockets;
    ports::PeerConnectionFactory peer_connections;
    ports::MediaDevices& media_devices;
    ports::Scheduler& scheduler;
    std::function<double()> random01;
    std::function<std::int64_t()> now_ms;  // wall clock (Date.now()): chat timestamps
    ports::Hasher& hasher;                 // SHA-256 for file transfers
    // Where incoming transfer `key`'s file is assembled.
    std::function<std::unique_ptr<ports::FileSink>(const std::string& key)> make_sink;
    // A hint: a peer connection for this plan will likely be asked of peer_connections
    // soon, so it can be made while nothing waits for it (a browser blocks for
    // milliseconds to make one, and an offering one's offer can be ready); nullopt: none
    // will be. May be empty.
    std::function<void(const std::optional<ports::ConnectionPlan>&)> prepare_peer_connection;
  };

  struct PeerView {
    std::string peer_id;
    std::string name;
    PeerSession::State state;
  };

  static constexpr std::chrono::milliseconds kPrepareNextConnectionAfter{2'000};

  Call(Options options, Platform platform, std::function<void(const CallEvent&)> on_event);
  ~Call();
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  void join();
  // Ends the call (events::Left "left"); the camera and microphone stop, as they do when a
  // fatal error ends it.
  void leave();
  bool ended() const { return left_; }
  // The browser says the network is back ("online"): signaling and every peer connection
  // that is down try again now rather than after their backoff.
  void network_back();
  static inline const std::string kLeftOnPurpose = "left";

  LocalMedia& media() { return media_; }
  SignalingClient::State signaling_state() const { return signaling_.state(); }
  const std::optional<std::string>& self_id() const { return signaling_.peer_id(); }
  std::vector<PeerView> peers() const;
  PeerSession* session(const std::string& peer_id);
  // The figures sampled from this peer's connection (the last minute), or null.
  const StatsHistory* stats(const std::string& peer_id) const;

  // Our chat message, to every peer (events::Chat reports it, and each one that arrives).
  std::variant<chat::ChatMessage, chat::ChatError> send_chat(std::string_view text);
  chat::ChatLog& chat_log() { return chat_.log(); }
  // Whether the peer's chat channel works (false for clients without one).
  bool chat_ready(const std::string& peer_id) const;
  // Test hook: closes this peer's data channels as a broken path would; they reopen.
  void cut_data_channels(const std::string& peer_id);

  // Offers a file to one peer (events::Transfer follows it); the key, or why not.
  std::variant<std::string, transfer::TransferHub::Refused> send_file(
      const std::string& peer_id, std::unique_ptr<ports::FileSource> file);
  transfer::TransferHub& files() { return files_; }

  static inline const ports::DataChannelInit kChatChannel{"parley-chat", 126};
  static inline const ports::DataChannelInit kFilesChannel{"parley-files", 127};
  static constexpr std::chrono::milliseconds kChatResendInterval{2'000};

 private:
  struct Peer {
    std::string name;
    std::unique_ptr<PeerSession> session;
    bool confirmed = true;  // false: not in the welcome after a rejoin, not back yet
    std::unique_ptr<StatsHistory> stats = std::make_unique<StatsHistory>();
    std::unique_ptr<data::ChannelLink> chat_link;
    std::unique_ptr<data::ChannelLink> files_link;
    std::string remote_session;  // named in its links' hellos; empty until heard
    ConnectionQuality quality = ConnectionQuality::kUnknown;  // as last told
  };

  // Closes every session and the local media, then emits events::Left{reason}.
  void end(const std::string& reason);
  void on_welcome(const protocol::Welcome& welcome, bool rejoined);
  void on_peer_joined(const protocol::PeerJoined& joined);
  void on_relayed(const protocol::Relayed& relayed);
  void reconcile(const protocol::Welcome& welcome);
  // New ICE servers for every session and the next one; false (nothing changed) when the
  // embedder gave its own.
  bool use_ice_servers(const std::vector<ports::IceServer>& servers);
  // The connection the next peer will need, made ahead (Platform::prepare_peer_connection).
  void prepare_spare(bool offering);
  void drop_unconfirmed();
  // `offering`: we make the first offer (the peer joined after us).
  Peer& add_peer(const std::string& peer_id, const std::string& name, bool offering);
  // What to prepare a connection for: an offering one for the next newcomer, or one
  // that answers (when the peers already here are about to offer to us).
  ports::ConnectionPlan connection_plan(bool offering) const;
  void remove_peer(const std::string& peer_id);
  // Closes a session and frees it on the next turn of the event loop: it may be the one
  // whose callback we are in.
  void retire(std::unique_ptr<PeerSession> session);
  void on_session_state(const std::string& peer_id, PeerSession::State state);
  void emit(CallEvent event);
  void sample_stats();
  // Tells one peer (or, without an id, every peer) whether our microphone and camera are on.
  void send_media_state(const std::string& peer_id = "");
  void on_media_state(const protocol::Relayed& relayed);
  void open_data_channels(const std::string& peer_id);
  // Sends unacknowledged chat messages again, every few seconds, to peers whose link is up.
  void resend_chat();
  // Opens `init` on the peer's current session (it may have been replaced since).
  data::ChannelLink::Opener opener(const std::string& peer_id, ports::DataChannelInit init);
  std::unique_ptr<data::ChannelLink> open_files_link(const std::string& peer_id);
  data::ChannelLink* files_link(const std::string& peer_id);
  // A hello named the peer's session: a different one than before is a new instance.
  void on_peer_session(const std::string& peer_id, const std::string& session);

  Options options_;
  Platform platform_;
  const std::string session_id_;  // ours: a peer tells this Call from a later one under our id
  std::function<void(const CallEvent&)> on_event_;
  LocalMedia media_;
  SignalingClient signaling_;
  chat::ChatRoom chat_;
  transfer::TransferHub files_;
  ports::RtcConfiguration rtc_configuration_;
  bool spare_offering_ = true;  // the kind of spare connection asked for last
  std::map<std::string, Peer> peers_;
  std::map<std::string, std::string> names_;  // display names the server told us
  ports::Timer rejoin_grace_timer_;
  std::vector<std::unique_ptr<PeerSession>> retired_;
  ports::Timer retired_cleanup_;
  ports::Timer stats_timer_;
  ports::Timer chat_resend_timer_;
  ports::Timer prepare_connection_timer_;
  bool joining_ = false;
  bool left_ = false;
};

}  // namespace parley::call
