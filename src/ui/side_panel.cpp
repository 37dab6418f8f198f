#include "ui/side_panel.h"

#include <imgui.h>

#include <algorithm>

namespace parley::ui {
namespace {
float bar_height = kControlBarHeight;
}  // namespace

void set_control_bar_height(float height) {
  bar_height = height;
}

float control_bar_height() {
  return bar_height;
}

bool begin_side_panel(const char* title, float width) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  width = std::min(width, viewport->WorkSize.x - 16);
  ImGui::SetNextWindowPos(
      {viewport->WorkPos.x + viewport->WorkSize.x - width - 8, viewport->WorkPos.y + 8});
  ImGui::SetNextWindowSize({width, viewport->WorkSize.y - bar_height - 16});
  bool open = true;
  ImGui::Begin(title, &open,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings);
  return open;
}

}  // namespace parley::ui
