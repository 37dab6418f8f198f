#include "ui/toasts.h"

#include <imgui.h>

#include <algorithm>

#include "ui/side_panel.h"

namespace parley::ui {
namespace {
constexpr float kWidth = 360.0f;
constexpr float kMargin = 12.0f;
const ImVec4 kToastColour{0.20f, 0.22f, 0.28f, 0.96f};
}  // namespace

void Toasts::push(std::string text, Clock now) {
  toasts_.push_back({std::move(text), now});
  while (toasts_.size() > kMaxShown) toasts_.pop_front();
}

void Toasts::draw(Clock now, WidgetTrail& trail) {
  while (!toasts_.empty() && now - toasts_.front().shown_at >= kShowFor) toasts_.pop_front();
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  float bottom = viewport->WorkPos.y + viewport->WorkSize.y - control_bar_height() - 8.0f;
  int index = 0;
  for (auto it = toasts_.rbegin(); it != toasts_.rend(); ++it, ++index) {
    ImGui::SetNextWindowPos({viewport->WorkPos.x + viewport->WorkSize.x - kMargin, bottom},
                            ImGuiCond_Always, {1.0f, 1.0f});
    ImGui::SetNextWindowSize({std::min(kWidth, viewport->WorkSize.x - 2 * kMargin), 0.0f});
    ImGui::PushStyleColor(ImGuiCol_WindowBg, kToastColour);
    const std::string id = "##toast" + std::to_string(index);
    ImGui::Begin(id.c_str(), nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                     ImGuiWindowFlags_NoNav);
    ImGui::TextWrapped("%s", it->text.c_str());
    const ImVec2 position = ImGui::GetWindowPos();
    const ImVec2 size = ImGui::GetWindowSize();
    bottom -= size.y + 6.0f;
    ImGui::End();
    ImGui::PopStyleColor();
    trail.record_box(it->text, "toast", position.x, position.y, size.x, size.y);
  }
}

}  // namespace parley::ui
