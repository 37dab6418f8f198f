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

}  // namespace

ChatPanelAction draw_chat_panel(const std::vector<ChatLine>& lines, ChatDraft& draft,
                                WidgetTrail& trail) {
  ChatPanelAction action;
  if (!begin_side_panel("Chat", kChatPanelWidth)) action.close = true;

  const float input_height = ImGui::GetFrameHeightWithSpacing() + 4;
  ImGui::BeginChild("##messages", ImVec2(0, -input_height));
  if (lines.empty()) ImGui::TextDisabled("No messages yet. Say hello!");
  for (const ChatLine& line : lines) draw_line(line, trail);
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
  trail.record_item("Message", "text-input");
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
