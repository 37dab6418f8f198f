#include "app/call_session.h"

#include <ctime>
#include <utility>

#include "bindings/browser_files.h"
#include "core/base/overloaded.h"
#include "core/call/connection_quality.h"

namespace parley::app {
namespace {

constexpr const char* kSelfKey = "self";

// A tile's status line: nothing once media flows.
std::string tile_status(const std::string& connection) {
  return connection == "connected" ? std::string() : connection;
}

// "14:05" in the browser's time zone.
std::string clock_time(std::int64_t ms_since_epoch) {
  const std::time_t seconds = static_cast<std::time_t>(ms_since_epoch / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[8];
  std::strftime(text, sizeof text, "%H:%M", &local);
  return text;
}

}  // namespace

CallSession::CallSession(call::Call::Options options, bindings::BrowserPlatform& platform,
                         bindings::VideoTextures& videos, std::function<Clock()> now)
    : room_(options.room),
      name_(options.name),
      platform_(platform),
      videos_(videos),
      now_(std::move(now)),
      remote_tracks_(
          [&media = platform.media()](const std::string& id) { media.forget_remote(id); }),
      call_(std::make_unique<call::Call>(
          std::move(options), platform.platform(),
          [this](const call::CallEvent& event) { on_event(event); })) {}

CallSession::~CallSession() {
  leave();
  videos_.remove_all();
}

void CallSession::join() {
  call_->join();
}

void CallSession::leave() {
  call_->leave();
}

void CallSession::on_event(const call::CallEvent& event) {
  presentation_.apply(event, now_());
  remote_tracks_.apply(event);
  std::visit(Overloaded{
                 [&](const call::events::Track& track) {
                   const auto stream = platform_.media().remote_stream(track.track.id);
                   if (stream.isNull()) return;
                   videos_.show(track.peer_id, stream, /*with_sound=*/true);
                   if (track.track.kind == ports::MediaKind::kAudio)
                     audio_levels_.meter(track.peer_id, stream);
                 },
                 [&](const call::events::PeerLeft& left) {
                   videos_.remove(left.peer_id);
                   audio_levels_.remove(left.peer_id);
                 },
                 [&](const call::events::LocalTracksChanged& local) {
                   if (local.tracks.audio)
                     audio_levels_.meter(kSelfKey, platform_.media().local_stream());
                   else
                     audio_levels_.remove(kSelfKey);
                   if (local.tracks.video)
                     videos_.show(kSelfKey, platform_.media().local_stream(), false);
                   else
                     videos_.remove(kSelfKey);
                 },
                 [&](const call::events::Transfer& transfer) { on_transfer(transfer.view); },
                 [](const auto&) {},
             },
             event);
}

std::string CallSession::name_of(const std::string& peer_id) const {
  for (const auto& person : presentation_.participants()) {
    if (person.peer_id == peer_id && !person.name.empty()) return person.name;
  }
  return peer_id;
}

void CallSession::on_transfer(const transfer::TransferView& view) {
  if (auto notice = view::notice_of(view, name_of(view.peer_id)))
    toasts_.push_back(std::move(*notice));
}

std::vector<ui::FileRow> CallSession::file_rows() const {
  std::vector<ui::FileRow> rows;
  for (const auto& view : call_->files().transfers())
    rows.push_back(view::row_of(view, name_of(view.peer_id)));
  return rows;
}

nlohmann::json CallSession::files_json() const {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& view : call_->files().transfers()) {
    files.push_back({{"key", view.key},
                     {"name", view.name},
                     {"peerId", view.peer_id},
                     {"outgoing", view.outgoing},
                     {"state", transfer::to_string(view.state)},
                     {"bytes", view.bytes},
                     {"size", view.size},
                     {"error", view.error}});
  }
  return files;
}

std::size_t CallSession::files_asking() const {
  std::size_t asking = 0;
  for (const auto& view : call_->files().transfers())
    asking += !view.outgoing && view.state == transfer::TransferState::kOffered;
  return asking;
}

bool CallSession::can_send_files() const {
  for (const auto& peer : call_->peers()) {
    if (call_->chat_ready(peer.peer_id)) return true;
  }
  return false;
}

std::vector<std::string> CallSession::send_file_to_everyone(const emscripten::val& file) {
  std::vector<std::string> problems;
  for (const auto& peer : call_->peers()) {
    auto sent = call_->send_file(peer.peer_id, std::make_unique<bindings::BrowserFileSource>(file));
    if (const auto* refused = std::get_if<transfer::TransferHub::Refused>(&sent))
      problems.push_back("Could not offer the file to " + name_of(peer.peer_id) + ": " +
                         refused->message);
  }
  return problems;
}

ui::VideoPicture picture_of(const bindings::VideoTextures& videos, const std::string& key) {
  const auto frame = videos.picture(key);
  if (frame.texture == 0) return {};
  return {reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(frame.texture)), frame.width,
          frame.height};
}

void CallSession::tick() {
  // 20 times a second is plenty for a level bar, and a third of the work at 60 fps.
  constexpr Clock kAudioSampleEvery{50};
  const Clock now = now_();
  if (last_audio_sample_ && now - *last_audio_sample_ < kAudioSampleEvery) return;
  last_audio_sample_ = now;
  speaker_.update(audio_levels_.sample(), now);
}

ui::CallScreen CallSession::screen() const {
  ui::CallScreen screen;
  screen.room = room_;
  const auto& media = call_->media();
  screen.microphone_on = media.microphone_on();
  screen.camera_on = media.camera_on();
  screen.sharing_screen = media.sharing_screen();
  screen.banner = presentation_.banner(now_());
  screen.chat_unread = call_->chat_log().unread();
  screen.files_asking = files_asking();

  ui::TileView self;
  self.id = kSelfKey;
  self.name = (name_.empty() ? std::string("You") : name_) + " (you)";
  // As the others see us (the same figures media-state tells them).
  self.microphone_muted = !media.sending_sound();
  self.camera_off = !media.sending_picture();
  self.picture = picture_of(videos_, kSelfKey);
  self.audio_level = speaker_.level(kSelfKey);
  self.speaking = speaker_.current() == kSelfKey;
  screen.tiles.push_back(std::move(self));

  for (const auto& person : presentation_.participants()) {
    ui::TileView tile;
    tile.id = person.peer_id;
    tile.name = person.name.empty() ? person.peer_id : person.name;
    tile.status = tile_status(person.connection);
    tile.picture = picture_of(videos_, person.peer_id);
    const call::StatsHistory* history = call_->stats(person.peer_id);
    const call::PeerFigures* latest = history ? history->latest() : nullptr;
    tile.quality = quality_of(person.peer_id);
    tile.relayed = latest && latest->relayed();
    tile.audio_level = speaker_.level(person.peer_id);
    tile.speaking = speaker_.current() == person.peer_id;
    tile.microphone_muted = !person.microphone_on;
    tile.camera_off = !person.camera_on;
    screen.tiles.push_back(std::move(tile));
  }
  return screen;
}

std::string CallSession::quality_of(const std::string& peer_id) const {
  const call::StatsHistory* history = call_->stats(peer_id);
  return call::to_string(call::rate_connection(history ? history->latest() : nullptr));
}

std::vector<ui::PeerStatsView> CallSession::stats() const {
  std::vector<ui::PeerStatsView> views;
  for (const auto& person : presentation_.participants()) {
    const call::StatsHistory* history = call_->stats(person.peer_id);
    views.push_back({person.peer_id, person.name.empty() ? person.peer_id : person.name,
                     history && history->latest() ? history : nullptr});
  }
  return views;
}

std::string CallSession::stats_json() const {
  nlohmann::json peers = nlohmann::json::object();
  for (const auto& view : stats()) {
    nlohmann::json samples = nlohmann::json::array();
    if (view.history) {
      for (const auto& sample : view.history->samples()) samples.push_back(call::to_json(sample));
    }
    peers[view.peer_id] = {{"name", view.name}, {"samples", std::move(samples)}};
  }
  return nlohmann::json(
             {{"room", room_}, {"selfId", presentation_.self_id()}, {"peers", std::move(peers)}})
      .dump(2);
}

void CallSession::act(ui::CallAction action) {
  auto& media = call_->media();
  switch (action) {
    case ui::CallAction::kToggleMicrophone:
      media.set_microphone(!media.microphone_on());
      break;
    case ui::CallAction::kToggleCamera:
      media.set_camera(!media.camera_on());
      break;
    case ui::CallAction::kToggleScreenShare:
      if (media.sharing_screen())
        media.stop_screen_share();
      else
        media.start_screen_share();
      break;
    case ui::CallAction::kNone:
    case ui::CallAction::kCopyInvite:
    case ui::CallAction::kToggleStats:
    case ui::CallAction::kToggleChat:
    case ui::CallAction::kToggleFiles:
    case ui::CallAction::kLeave:
      break;
  }
}

std::vector<ui::ChatLine> CallSession::chat_lines() const {
  std::vector<ui::ChatLine> lines;
  const auto& self = presentation_.self_id();
  for (const auto& message : call_->chat_log().messages()) {
    const bool own = message.sender == self;
    std::string name = own ? "You" : message.name;
    if (name.empty()) name = message.sender;
    lines.push_back({std::move(name), clock_time(message.sent_at_ms), message.text, own});
  }
  return lines;
}

std::optional<std::string> CallSession::send_chat(const std::string& text) {
  auto sent = call_->send_chat(text);
  if (const auto* error = std::get_if<chat::ChatError>(&sent)) return error->message;
  return std::nullopt;
}

void CallSession::mark_chat_read() {
  call_->chat_log().mark_read();
}

nlohmann::json CallSession::snapshot() const {
  nlohmann::json people = nlohmann::json::array();
  for (const auto& person : presentation_.participants()) {
    const auto frame = videos_.picture(person.peer_id);
    const call::StatsHistory* history = call_->stats(person.peer_id);
    people.push_back({{"peerId", person.peer_id},
                      {"name", person.name},
                      {"connection", person.connection},
                      {"microphoneOn", person.microphone_on},
                      {"cameraOn", person.camera_on},
                      {"quality", quality_of(person.peer_id)},
                      {"statsSamples", history ? history->samples().size() : 0},
                      {"video", {{"width", frame.width}, {"height", frame.height}}}});
  }
  const auto banner = presentation_.banner(now_());
  const auto& media = call_->media();
  return {
      {"room", room_},
      {"selfId", presentation_.self_id()},
      {"signaling", presentation_.signaling()},
      {"participants", std::move(people)},
      {"microphoneOn", media.microphone_on()},
      {"cameraOn", media.camera_on()},
      {"sharingScreen", media.sharing_screen()},
      {"files", files_json()},
      {"chat",
       {{"messages", call_->chat_log().messages().size()}, {"unread", call_->chat_log().unread()}}},
      {"banner", banner ? nlohmann::json(*banner) : nlohmann::json(nullptr)}};
}

}  // namespace parley::app
