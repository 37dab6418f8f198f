#include "ui/chat_panel.h"

#include <imgui.h>

#include "ui/side_panel.h"

namespace parley::ui {
namespace {

const ImVec4 kOwnName{0.55f, 0.80f, 1.0f, 1.0f};
const ImVec4 kOtherName{0.95f, 0.80f, 0.45f, 1.0f};

void draw_line(const ChatLine& line, WidgetTrail& trail) {
  ImGui::PushStyleColor(ImGuiCol_Text, line.own ? kOwnName : kOtherName);
  ImGui::TextUnformatted(line.name.c_str());
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::TextDisabled("%s", line.time.c_str());
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(line.text.c_str());
  ImGui::PopTextWrapPos();
  trail.record_item(line.name + ": " + line.text, "chat-message");
}

// The height draw_line will take at `wrap_width` (a name row, then the wrapped text).
float line_height(const ChatLine& line, float wrap_width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float text = ImGui::CalcTextSize(line.text.c_str(), nullptr, false, wrap_width).y;
  return ImGui::GetTextLineHeight() + style.ItemSpacing.y + text + style.ItemSpacing.y;
}

// Every kept line (up to ChatLog::kMaxMessages) is laid out, but only the visible ones are
// drawn: a line off screen is an empty box of its height. (ImGuiListClipper needs equal
// heights; wrapped chat lines are not.)
void draw_lines(const std::vector<ChatLine>& lines, WidgetTrail& trail) {
  const float wrap_width = ImGui::GetContentRegionAvail().x;
  for (const ChatLine& line : lines) {
    const ImVec2 size{wrap_width, line_height(line, wrap_width)};
    if (ImGui::IsRectVisible(size)) {
      draw_line(line, trail);
    } else {
      ImGui::Dummy({size.x, size.y - ImGui::GetStyle().ItemSpacing.y});
    }
  }
}

}  // namespace

ChatPanelAction draw_chat_panel(const std::vector<ChatLine>& lines, ChatDraft& draft,
                                WidgetTrail& trail) {
  ChatPanelAction action;
  if (!begin_side_panel("Chat", kChatPanelWidth)) action.close = true;

  const float input_height = ImGui::GetFrameHeightWithSpacing() + 4;
  ImGui::BeginChild("##messages", ImVec2(0, -input_height));
  if (lines.empty()) ImGui::TextDisabled("No messages yet. Say hello!");
  draw_lines(lines, trail);
  if (lines.size() != draft.lines_seen) {
    ImGui::SetScrollHereY(1.0f);  // a new message: show it
    draft.lines_seen = lines.size();
  }
  ImGui::EndChild();

  if (draft.focus) {
    ImGui::SetKeyboardFocusHere();
    draft.focus = false;
  }
  ImGui::SetNextItemWidth(-70);
  const bool entered =
      ImGui::InputTextWithHint("##chat-input", "Write a message", draft.text.data(),
                               draft.text.size(), ImGuiInputTextFlags_EnterReturnsTrue);
  trail.record_item("Message", "text-input").text = draft.text.data();
  ImGui::SameLine();
  const bool clicked = ImGui::Button("Send", ImVec2(-1, 0));
  trail.record_item("Send", "button");
  if ((entered || clicked) && draft.text[0] != '\0') {
    action.send = std::string(draft.text.data());
    draft.text[0] = '\0';
    draft.focus = true;  // Enter took the focus away; keep typing
  }
  ImGui::End();
  return action;
}

}  // namespace parley::ui
