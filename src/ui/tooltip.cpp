#include "ui/tooltip.h"

#include <imgui.h>

#include <algorithm>

namespace parley::ui {

void tooltip_above_item(const char* text, WidgetTrail& trail) {
  constexpr float kGap = 6.0f;
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 item_min = ImGui::GetItemRectMin();
  const ImVec2 item_max = ImGui::GetItemRectMax();
  const ImVec2 size{ImGui::CalcTextSize(text).x + 2 * style.WindowPadding.x,
                    ImGui::GetTextLineHeight() + 2 * style.WindowPadding.y};
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float right_most = viewport->WorkPos.x + viewport->WorkSize.x - size.x - kGap;
  const float x = std::clamp((item_min.x + item_max.x - size.x) / 2, viewport->WorkPos.x + kGap,
                             std::max(viewport->WorkPos.x + kGap, right_most));
  // Above the item; below it if there is no room above.
  const float y = item_min.y - kGap - size.y >= viewport->WorkPos.y ? item_min.y - kGap - size.y
                                                                    : item_max.y + kGap;
  ImGui::SetNextWindowPos({x, y}, ImGuiCond_Always);
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(text);
  const ImVec2 at = ImGui::GetWindowPos();
  const ImVec2 drawn = ImGui::GetWindowSize();
  ImGui::EndTooltip();
  trail.record_box(text, "tooltip", at.x, at.y, drawn.x, drawn.y);
}

}  // namespace parley::ui
