// The call screen: a grid of video tiles (self-view first) and the control bar. It draws
// what it is given and returns what the person asked for; the app does the asking.
//
//   const CallAction action = draw_call(screen, trail);   // once per ImGui frame
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "core/view/key_taps.h"
#include "ui/video_picture.h"
#include "ui/widget_trail.h"

namespace parley::ui {

using view::KeyTaps;

struct TileView {
  std::string id;  // the peer id, or "self"
  std::string name;
  std::string status;  // shown on the tile unless empty ("connecting", "failed", ...)
  VideoPicture picture;
  bool microphone_muted = false;  // a red "muted" badge
  bool camera_off = false;        // no picture, and a "camera off" badge
  std::string quality;            // "Good", "Fair", "Poor" or empty (not known yet)
  bool relayed = false;           // media goes through a TURN relay
  double audio_level = 0;         // 0..1 (smoothed RMS), drawn as a bar
  bool speaking = false;          // the active speaker: highlighted
};

struct CallScreen {
  std::string room;
  std::vector<TileView> tiles;
  bool microphone_on = true;
  bool camera_on = true;
  bool sharing_screen = false;
  bool stats_open = false;
  bool chat_open = false;
  std::size_t chat_unread = 0;  // a badge on the Chat button
  bool files_open = false;
  std::size_t files_asking = 0;       // offers waiting for an answer: a badge on Files
  float side_panel_width = 0;         // kept free of tiles on the right (an open panel)
  std::optional<std::string> banner;  // reconnecting / reconnected
};

enum class CallAction {
  kNone,
  kToggleMicrophone,
  kToggleCamera,
  kToggleScreenShare,
  kCopyInvite,
  kToggleStats,
  kToggleChat,
  kToggleFiles,
  kLeave,
};

// `keys`: shortcut keys tapped since the last frame.
CallAction draw_call(const CallScreen& screen, const KeyTaps& keys, WidgetTrail& trail);

// The key that opens and closes the chat (a GLFW key code: the ASCII capital).
inline constexpr int kChatShortcut = 'C';

}  // namespace parley::ui
