// The lobby: the first thing a person sees. Name, room and (later) devices, then Join.
//
//   LobbyForm form;                                  // lives as long as the lobby
//   switch (draw_lobby(form, {.can_join = true}, trail)) {  // once per ImGui frame
//     case LobbyAction::kNewRoom: form.set_room(new_room_id()); break;
//     ...
//   }
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "ui/widget_trail.h"

namespace parley::ui {

// Text buffers ImGui edits in place, plus what the lobby says about them.
struct LobbyForm {
  std::array<char, 64> name{};
  std::array<char, 65> room{};  // kMaxRoomIdLength + NUL

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

enum class LobbyAction { kNone, kNewRoom, kJoin };

LobbyAction draw_lobby(LobbyForm& form, const LobbyAvailability& availability, WidgetTrail& trail);

}  // namespace parley::ui
