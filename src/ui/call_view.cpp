#include "ui/call_view.h"

#include <algorithm>

#include "core/view/bar_layout.h"
#include "core/view/tile_grid.h"
#include "ui/icons.h"
#include "ui/side_panel.h"
#include "ui/theme.h"
#include "ui/tooltip.h"

namespace parley::ui {
namespace {

constexpr float kBannerHeight = 28.0f;
constexpr float kButtonHeight = kControlBarHeight - 20;
constexpr float kRowGap = 8.0f;
constexpr float kTileGap = 8.0f;
constexpr float kTileAspect = 16.0f / 9.0f;
const ImU32 kTileBackground = IM_COL32(32, 35, 43, 255);
const ImU32 kLabelBackground = IM_COL32(0, 0, 0, 150);
const ImU32 kLabelText = IM_COL32(240, 240, 240, 255);
const ImU32 kStatusText = IM_COL32(245, 170, 90, 255);
const ImVec4 kBannerColour{0.55f, 0.38f, 0.08f, 1.0f};
const ImVec4 kOffColour{0.55f, 0.16f, 0.16f, 1.0f};
const ImU32 kBadgeRed = IM_COL32(176, 40, 40, 230);
const ImU32 kBadgeGreen = IM_COL32(30, 120, 60, 230);
const ImU32 kBadgeBlue = IM_COL32(40, 80, 160, 230);
const ImU32 kLevelColour = IM_COL32(90, 220, 120, 255);
const ImU32 kSpeakerColour = IM_COL32(90, 220, 120, 255);

ImU32 quality_colour(const std::string& quality) {
  if (quality == "Good") return kBadgeGreen;
  if (quality == "Fair") return kBadgeAmber;
  return kBadgeRed;
}

// A small badge in the tile's upper right corner, stacked leftwards from `right`;
// returns where the next one ends.
float draw_badge(ImDrawList& draw, const char* text, ImU32 colour, float right, float top,
                 const std::string& tile_id, WidgetTrail& trail) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 min{right - size.x - 12, top};
  const ImVec2 max{right, top + size.y + 6};
  draw.AddRectFilled(min, max, colour, 4.0f);
  draw.AddText({min.x + 6, min.y + 3}, kLabelText, text);
  trail.record_box(text, "badge", min.x, min.y, max.x - min.x, max.y - min.y, tile_id);
  return min.x - 6;
}

void draw_tile(ImDrawList& draw, const TileView& tile, const view::Box& box, WidgetTrail& trail) {
  const ImVec2 min{box.x, box.y};
  const ImVec2 max{box.x + box.width, box.y + box.height};
  draw.AddRectFilled(min, max, kTileBackground, 6.0f);
  const bool has_picture = !tile.camera_off && tile.picture.texture != nullptr &&
                           tile.picture.width > 0 && tile.picture.height > 0;
  if (has_picture) {
    const view::Box fitted = view::fit_aspect(
        box, static_cast<float>(tile.picture.width) / static_cast<float>(tile.picture.height));
    draw.AddImage(tile.picture.texture, {fitted.x, fitted.y},
                  {fitted.x + fitted.width, fitted.y + fitted.height});
  } else {
    const ImVec2 text = ImGui::CalcTextSize(tile.name.c_str());
    draw.AddText({box.x + (box.width - text.x) / 2, box.y + (box.height - text.y) / 2}, kLabelText,
                 tile.name.c_str());
  }
  // Name (and status) in the lower left corner, on a dark strip to stay readable.
  const std::string label = tile.status.empty() ? tile.name : tile.name + "  (" + tile.status + ")";
  const ImVec2 text = ImGui::CalcTextSize(label.c_str());
  const ImVec2 label_min{min.x + 6, max.y - text.y - 10};
  draw.AddRectFilled(label_min, {label_min.x + text.x + 12, max.y - 4}, kLabelBackground, 4.0f);
  draw.AddText({label_min.x + 6, label_min.y + 3}, tile.status.empty() ? kLabelText : kStatusText,
               label.c_str());

  float badge_right = max.x - 6;
  if (tile.microphone_muted)
    badge_right = draw_badge(draw, "Muted", kBadgeRed, badge_right, min.y + 6, tile.id, trail);
  if (tile.camera_off)
    badge_right = draw_badge(draw, "Camera off", kBadgeRed, badge_right, min.y + 6, tile.id, trail);

  if (tile.relayed)
    badge_right = draw_badge(draw, "TURN", kBadgeBlue, badge_right, min.y + 6, tile.id, trail);
  if (!tile.quality.empty())
    draw_badge(draw, tile.quality.c_str(), quality_colour(tile.quality), badge_right, min.y + 6,
               tile.id, trail);

  // The audio level along the bottom edge (RMS 0.2 is a loud voice: full bar).
  const float level = static_cast<float>(std::min(tile.audio_level * 5.0, 1.0));
  const float bar_width = (box.width - 12) * level;
  draw.AddRectFilled({min.x + 6, max.y - 4}, {min.x + 6 + bar_width, max.y - 1}, kLevelColour,
                     1.0f);
  trail.record_box(tile.name, "level", min.x + 6, max.y - 4, box.width - 12, 3, tile.id,
                   tile.audio_level);
  if (tile.speaking) {
    draw.AddRect(min, max, kSpeakerColour, 6.0f, 0, 3.0f);
    trail.record_box(tile.name, "speaker", box.x, box.y, box.width, box.height, tile.id);
  }

  trail.record_box(tile.name, "tile", box.x, box.y, box.width, box.height, tile.id).text =
      tile.status;
}

// What a control-bar button shows: its icon, then its words (`label` may end in an
// ImGui "##id").
std::string with_icon(const char* icon, const std::string& label) {
  return std::string(icon) + "  " + label;
}

// A control-bar button that is on or off; `shortcut` is a key (GLFW code = ASCII
// capital) tapped while no text field has focus. The trail records its words alone.
// `warn_when_off`: off is drawn red (a muted microphone); otherwise on is drawn lit (an
// open panel) and off plain.
bool toggle_button(const char* icon, const std::string& label, bool on, const char* tooltip,
                   int shortcut, const KeyTaps& keys, WidgetTrail& trail,
                   bool warn_when_off = true) {
  const bool coloured = warn_when_off ? !on : on;
  if (coloured) {
    ImGui::PushStyleColor(ImGuiCol_Button, warn_when_off
                                               ? kOffColour
                                               : ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  }
  const bool pressed = ImGui::Button(with_icon(icon, label).c_str(), ImVec2(0, kButtonHeight));
  if (coloured) ImGui::PopStyleColor();
  trail.record_item(label, "toggle", true, on);
  if (ImGui::IsItemHovered()) tooltip_above_item(tooltip, trail);
  return pressed || (!ImGui::GetIO().WantTextInput && keys.tapped(shortcut));
}

bool plain_button(const char* icon, const char* label, const char* tooltip, WidgetTrail& trail) {
  const bool pressed = ImGui::Button(with_icon(icon, label).c_str(), ImVec2(0, kButtonHeight));
  trail.record_item(label, "button");
  if (ImGui::IsItemHovered()) tooltip_above_item(tooltip, trail);
  return pressed;
}

// A count on the last button's upper right corner (unread messages, files offered).
void count_badge(std::size_t count, const char* id, WidgetTrail& trail) {
  if (count == 0) return;
  const std::string text = std::to_string(count);
  const ImVec2 corner = ImGui::GetItemRectMax();
  const float top = ImGui::GetItemRectMin().y - 4;
  draw_badge(*ImGui::GetWindowDrawList(), text.c_str(), kBadgeRed, corner.x + 6, top, id, trail);
}

// The control bar's items in order: its buttons' labels, then the room's name.
// (As drawn: with their icons.)
std::vector<std::string> bar_labels(const CallScreen& screen) {
  return {with_icon(screen.microphone_on ? icon::kMicrophone : icon::kMicrophoneOff,
                    screen.microphone_on ? "Microphone on##mic" : "Microphone off##mic"),
          with_icon(icon::kCamera, screen.camera_on ? "Camera on##camera" : "Camera off##camera"),
          with_icon(screen.sharing_screen ? icon::kStopSharing : icon::kScreen,
                    screen.sharing_screen ? "Stop sharing##share" : "Share screen##share"),
          with_icon(icon::kChat, "Chat"),
          with_icon(icon::kFiles, "Files"),
          with_icon(icon::kStats, "Stats"),
          with_icon(icon::kLink, "Copy invite link"),
          with_icon(icon::kLeave, "Leave"),
          "Room " + screen.room};
}

view::BarLayout bar_layout(const CallScreen& screen, float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  std::vector<float> widths;
  for (const std::string& label : bar_labels(screen)) {
    widths.push_back(ImGui::CalcTextSize(label.c_str(), nullptr, true).x +
                     2 * style.FramePadding.x);
  }
  return view::wrap_in_rows(widths, style.ItemSpacing.x, width - 2 * kTileGap);
}

float bar_height_of(const view::BarLayout& layout) {
  const auto rows = static_cast<float>(std::max<std::size_t>(layout.rows, 1));
  return kControlBarHeight + (rows - 1) * (kButtonHeight + kRowGap);
}

// Puts the cursor where control `index` of the bar goes: after the last on its row, or
// at the start of the next row.
class BarCursor {
 public:
  BarCursor(view::BarLayout layout, ImVec2 origin) : layout_(std::move(layout)), origin_(origin) {
    ImGui::SetCursorScreenPos(origin_);
  }
  void next() {
    ++index_;
    if (index_ < layout_.row_of.size() && layout_.row_of[index_] == layout_.row_of[index_ - 1]) {
      ImGui::SameLine();
      return;
    }
    const auto row =
        static_cast<float>(index_ < layout_.row_of.size() ? layout_.row_of[index_] : 0);
    ImGui::SetCursorScreenPos({origin_.x, origin_.y + row * (kButtonHeight + kRowGap)});
  }

 private:
  view::BarLayout layout_;
  ImVec2 origin_;
  std::size_t index_ = 0;
};

CallAction draw_controls(const CallScreen& screen, const KeyTaps& keys, BarCursor& place,
                         WidgetTrail& trail) {
  CallAction action = CallAction::kNone;
  if (toggle_button(screen.microphone_on ? icon::kMicrophone : icon::kMicrophoneOff,
                    screen.microphone_on ? "Microphone on##mic" : "Microphone off##mic",
                    screen.microphone_on, "Mute or unmute your microphone (M)", 'M', keys, trail)) {
    action = CallAction::kToggleMicrophone;
  }
  place.next();
  if (toggle_button(icon::kCamera, screen.camera_on ? "Camera on##camera" : "Camera off##camera",
                    screen.camera_on, "Turn your camera off or on (V)", 'V', keys, trail)) {
    action = CallAction::kToggleCamera;
  }
  place.next();
  if (toggle_button(screen.sharing_screen ? icon::kStopSharing : icon::kScreen,
                    screen.sharing_screen ? "Stop sharing##share" : "Share screen##share",
                    !screen.sharing_screen, "Share your screen instead of your camera (S)", 'S',
                    keys, trail)) {
    action = CallAction::kToggleScreenShare;
  }
  place.next();
  if (toggle_button(icon::kChat, "Chat", screen.chat_open, "Show the chat (C)", kChatShortcut, keys,
                    trail,
                    /*warn_when_off=*/false)) {
    action = CallAction::kToggleChat;
  }
  count_badge(screen.chat_unread, "chat", trail);
  place.next();
  if (toggle_button(icon::kFiles, "Files", screen.files_open, "Send and receive files (F)", 'F',
                    keys, trail,
                    /*warn_when_off=*/false)) {
    action = CallAction::kToggleFiles;
  }
  count_badge(screen.files_asking, "files", trail);
  place.next();
  if (toggle_button(icon::kStats, "Stats", screen.stats_open, "Show connection statistics (T)", 'T',
                    keys, trail,
                    /*warn_when_off=*/false)) {
    action = CallAction::kToggleStats;
  }
  place.next();
  if (plain_button(icon::kLink, "Copy invite link", "Copy a link that opens this room", trail)) {
    action = CallAction::kCopyInvite;
  }
  place.next();
  ImGui::PushStyleColor(ImGuiCol_Button, kOffColour);
  if (plain_button(icon::kLeave, "Leave", "Hang up and return to the lobby", trail)) {
    action = CallAction::kLeave;
  }
  ImGui::PopStyleColor();
  return action;
}

}  // namespace

CallAction draw_call(const CallScreen& screen, const KeyTaps& keys, WidgetTrail& trail) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("##call", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
  ImGui::PopStyleVar();

  float top = viewport->WorkPos.y + kTileGap;
  if (screen.banner) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, kBannerColour);
    ImGui::BeginChild("##banner", ImVec2(-1, kBannerHeight));
    ImGui::SetCursorPos({10, 6});
    ImGui::TextUnformatted(screen.banner->c_str());
    ImGui::EndChild();
    ImGui::PopStyleColor();
    trail.record_item(*screen.banner, "banner");
    top += kBannerHeight;
  }

  view::BarLayout layout = bar_layout(screen, viewport->WorkSize.x);
  const float bar_height = bar_height_of(layout);
  set_control_bar_height(bar_height);
  const view::Box area{viewport->WorkPos.x + kTileGap, top,
                       viewport->WorkSize.x - 2 * kTileGap - screen.side_panel_width,
                       viewport->WorkPos.y + viewport->WorkSize.y - bar_height - top};
  const auto boxes = view::layout_tiles(screen.tiles.size(), area, kTileAspect, kTileGap);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < boxes.size(); ++i) draw_tile(draw, screen.tiles[i], boxes[i], trail);

  BarCursor place(std::move(layout),
                  {viewport->WorkPos.x + kTileGap,
                   viewport->WorkPos.y + viewport->WorkSize.y - bar_height + 10});
  const CallAction action = draw_controls(screen, keys, place, trail);
  place.next();
  ImGui::TextDisabled("Room %s", screen.room.c_str());
  ImGui::End();
  return action;
}

}  // namespace parley::ui
