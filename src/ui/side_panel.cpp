#include "ui/side_panel.h"

#include <imgui.h>

namespace parley::ui {

bool begin_side_panel(const char* title, float width) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(
      {viewport->WorkPos.x + viewport->WorkSize.x - width - 8, viewport->WorkPos.y + 8});
  ImGui::SetNextWindowSize({width, viewport->WorkSize.y - kControlBarHeight - 16});
  bool open = true;
  ImGui::Begin(title, &open,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings);
  return open;
}

}  // namespace parley::ui
