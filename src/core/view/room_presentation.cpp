#include "core/view/room_presentation.h"

#include <algorithm>
#include <utility>

#include "core/base/overloaded.h"

namespace parley::view {

namespace {

template <class List>
auto find_participant(List& list, const std::string& peer_id) {
  return std::find_if(list.begin(), list.end(),
                      [&](const auto& p) { return p.peer_id == peer_id; });
}

}  // namespace

const RoomPresentation::Participant* RoomPresentation::participant(
    const std::string& peer_id) const {
  const auto it = find_participant(participants_, peer_id);
  return it == participants_.end() ? nullptr : &*it;
}

RoomPresentation::Participant& RoomPresentation::participant_for(const std::string& peer_id) {
  const auto it = find_participant(participants_, peer_id);
  if (it != participants_.end()) return *it;
  Participant& added = participants_.emplace_back();
  added.peer_id = peer_id;
  return added;
}

std::string RoomPresentation::display_name(const std::string& peer_id) const {
  const Participant* person = participant(peer_id);
  return person && !person->name.empty() ? person->name : peer_id;
}

void RoomPresentation::apply(const CallEvent& event, Clock now) {
  std::visit(Overloaded{
                 [&](const events::Joined& joined) {
                   self_id_ = joined.peer_id;
                   if (joined.rejoined) reconnected_at_ = now;
                 },
                 [&](const events::PeerJoined& joined) {
                   participant_for(joined.peer_id).name = joined.name;
                 },
                 [&](const events::PeerLeft& left) {
                   std::erase_if(participants_,
                                 [&](const Participant& p) { return p.peer_id == left.peer_id; });
                 },
                 [&](const events::ConnectionState& state) { on_connection_state(state, now); },
                 [&](const events::Track& track) {
                   Participant& person = participant_for(track.peer_id);
                   if (track.track.kind == ports::MediaKind::kVideo)
                     person.video_track = track.track.id;
                   else
                     person.has_audio = true;
                 },
                 [&](const events::LocalTracksChanged&) {},
                 [&](const events::Chat&) {},      // the chat panel reads the call's log
                 [&](const events::Transfer&) {},  // the files panel reads the hub
                 [&](const events::PeerMedia& media) {
                   if (participant(media.peer_id) == nullptr) return;
                   Participant& person = participant_for(media.peer_id);
                   person.microphone_on = media.microphone;
                   person.camera_on = media.camera;
                 },
                 [&](const events::Error& error) {
                   // A message to someone who just left or is away (a lost connection,
                   // its seat held) is a race the call recovers from, not news: the
                   // API still reports it, the screen does not.
                   if (error.code == "unknown-target") return;
                   // No path to someone lasts until they connect: a banner, not a toast.
                   if (error.code == "no-route" && participant(error.peer_id) != nullptr) {
                     participant_for(error.peer_id).no_route = error.message;
                     return;
                   }
                   notices_.push_back({error.code, error.message});
                   if (error.fatal) ended_because_ = error.message;
                 },
                 [&](const events::Left&) {},     // the error before it said why
                 [&](const events::Quality&) {},  // the tiles rate the latest stats sample
             },
             event);
}

void RoomPresentation::on_connection_state(const events::ConnectionState& state, Clock now) {
  if (!state.peer_id.empty()) {
    // Only people already announced get tiles; a late state of a departed peer is dropped.
    if (participant(state.peer_id) == nullptr) return;
    Participant& person = participant_for(state.peer_id);
    person.connection = state.state;
    if (state.state == "connected") person.no_route.reset();
    if (state.state == "failed") {
      notices_.push_back({"peer-connection-failed",
                          "The connection to " + display_name(state.peer_id) + " failed."});
    }
    return;
  }
  signaling_ = state.state;
  if (state.state == "reconnecting") {
    was_reconnecting_ = true;
    reconnected_at_.reset();
  } else if (state.state == "joined" && was_reconnecting_) {
    was_reconnecting_ = false;
    reconnected_at_ = now;
  } else if (state.state == "failed" && !ended_because_) {
    ended_because_ = "The signaling server could not be reached.";
  }
}

std::optional<std::string> RoomPresentation::banner(Clock now) const {
  if (!joined() && signaling_ == "reconnecting") {
    return "The server cannot be reached. Trying again... (check your connection, or leave)";
  }
  if (signaling_ == "reconnecting" || (was_reconnecting_ && signaling_ != "joined")) {
    return "Reconnecting to the server... the call goes on peer to peer meanwhile.";
  }
  for (const Participant& person : participants_)
    if (person.no_route) return *person.no_route;
  if (reconnected_at_ && now - *reconnected_at_ < kReconnectedBannerFor) return "Reconnected.";
  return std::nullopt;
}

std::vector<RoomPresentation::Notice> RoomPresentation::take_notices() {
  return std::exchange(notices_, {});
}

}  // namespace parley::view
