// ports::PeerConnection over the browser's RTCPeerConnection.
#pragma once

#include <emscripten/val.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bindings/js_function.h"
#include "bindings/media_registry.h"
#include "bindings/spare_peer_connection.h"
#include "core/ports/peer_connection.h"

namespace parley::bindings {

class BrowserPeerConnection final : public ports::PeerConnection {
 public:
  // `prepared`: a new RTCPeerConnection, perhaps with its first offer ready (see
  // SparePeerConnection).
  BrowserPeerConnection(PreparedConnection prepared, Handlers handlers, MediaRegistry& media);
  ~BrowserPeerConnection() override;

  void set_local_description(
      std::function<void(std::variant<ports::SessionDescription, ports::Failure>)> done) override;
  bool has_prepared_offer() const override { return !prepared_offer_.isNull(); }
  void take_prepared_offer(
      std::function<void(std::variant<ports::SessionDescription, ports::Failure>)> done) override;
  void set_remote_description(const ports::SessionDescription& description, Done done) override;
  void add_ice_candidate(const ports::IceCandidate& candidate, Done done) override;
  void restart_ice() override;
  void set_configuration(const ports::RtcConfiguration& configuration) override;
  void rollback(Done done) override;
  ports::SignalingState signaling_state() const override;
  std::vector<ports::TransceiverInfo> transceivers() const override;
  void add_transceiver(ports::MediaKind kind, std::optional<std::string> track_id,
                       ports::Direction direction) override;
  void add_track(ports::MediaKind kind, const std::string& track_id) override;
  void replace_track(std::size_t transceiver, std::optional<std::string> track_id,
                     Done done) override;
  void set_direction(std::size_t transceiver, ports::Direction direction) override;
  void send_key_frame() override;
  std::variant<std::unique_ptr<ports::DataChannel>, ports::Failure> create_data_channel(
      const ports::DataChannelInit& init) override;
  std::optional<std::size_t> max_message_size() const override;
  void get_stats(std::function<void(std::variant<std::string, ports::Failure>)> done) override;
  void close() override;

  static ports::PeerConnectionFactory factory(MediaRegistry& media, SparePeerConnection& spare);

 private:
  struct Shared {
    Handlers handlers;
    bool closed = false;
  };
  // Settles `done` unless the connection was closed meanwhile.
  void settle(const emscripten::val& promise, Done done);
  // Answers `done` with the local description once `applied` (a setLocalDescription
  // promise) settles.
  void finish_local_description(
      const emscripten::val& applied,
      std::function<void(std::variant<ports::SessionDescription, ports::Failure>)> done);
  // Listens for the ICE transport's selected path, once it exists.
  void watch_ice_transport();

  std::shared_ptr<Shared> shared_;
  MediaRegistry& media_;
  emscripten::val pc_;
  emscripten::val prepared_offer_;  // see PreparedConnection; null once used
  std::map<std::string, emscripten::val> prepared_channels_;
  JsFunction on_negotiation_needed_;
  JsFunction on_ice_candidate_;
  JsFunction on_ice_state_;
  JsFunction on_track_;
  JsFunction on_selected_path_;
  emscripten::val ice_transport_ = emscripten::val::null();  // watched once found
};

}  // namespace parley::bindings
