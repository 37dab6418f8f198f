// The lobby: the first thing a person sees. A self-preview, name, room, camera and
// microphone pickers, then Join.
//
//   LobbyForm form;                                   // lives as long as the lobby
//   const LobbyRequest request = draw_lobby(form, availability, devices, trail);  // per frame
//   if (request.kind == LobbyRequest::Kind::kJoin) ...
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ui/video_picture.h"
#include "ui/widget_trail.h"

namespace parley::ui {

// Text buffers ImGui edits in place, plus what the lobby says about them.
struct LobbyForm {
  std::array<char, 64> name{};
  // A room id (up to kMaxRoomIdLength), or for a moment a pasted invite link.
  std::array<char, 1024> room{};

  void set_name(std::string_view value);
  void set_room(std::string_view value);
  std::string_view name_text() const { return name.data(); }
  std::string_view room_text() const { return room.data(); }
};

struct LobbyAvailability {
  bool can_join = false;             // false while a join is under way
  std::string why_join_unavailable;  // shown under a disabled Join
  std::string problem;               // why the last attempt ended (server unreachable, ...)
};

struct DeviceOption {
  std::string id;
  std::string label;
};

// The pickers and the self-preview. A picked id of "" is the browser's default; none:
// the person goes without.
struct LobbyDevices {
  std::vector<DeviceOption> cameras;
  std::vector<DeviceOption> microphones;
  std::optional<std::string> camera;
  std::optional<std::string> microphone;
  VideoPicture preview;
  std::string problem;  // why camera/microphone cannot be used (denied, none, busy)
};

struct LobbyRequest {
  enum class Kind { kNone, kNewRoom, kJoin, kPickCamera, kPickMicrophone, kContinueWithout };
  Kind kind = Kind::kNone;
  std::optional<std::string> device;  // for the picks: the id, or none
};

LobbyRequest draw_lobby(LobbyForm& form, const LobbyAvailability& availability,
                        const LobbyDevices& devices, WidgetTrail& trail);

}  // namespace parley::ui
