// The chat panel: the call's messages with sender and time, newest at the bottom, and a
// box to write in (Enter sends). The control bar's "Chat" button shows the unread count.
//
//   ChatDraft draft;                                          // lives as long as the call
//   const ChatPanelAction action = draw_chat_panel(lines, draft, trail);   // per frame
//   if (action.send) call.send_chat(*action.send);
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "ui/widget_trail.h"

namespace parley::ui {

struct ChatLine {
  std::string name;  // who wrote it ("You" for our own)
  std::string time;  // "14:05", the sender's clock in local time
  std::string text;
  bool own = false;
};

// What the person is typing, kept between frames.
struct ChatDraft {
  std::array<char, 4'001> text{};  // chat::kMaxTextBytes + NUL
  bool focus = true;               // give the box the keyboard on the next frame
  std::size_t lines_seen = 0;      // to scroll to the bottom when a message comes
};

struct ChatPanelAction {
  std::optional<std::string> send;  // the text to send (the draft is cleared)
  bool close = false;
};

inline constexpr float kChatPanelWidth = 340.0f;

ChatPanelAction draw_chat_panel(const std::vector<ChatLine>& lines, ChatDraft& draft,
                                WidgetTrail& trail);

}  // namespace parley::ui
