#include "ui/shortcut_help.h"

#include <imgui.h>

#include <string>

namespace parley::ui {
namespace {

struct Shortcut {
  const char* keys;
  const char* what;
};

constexpr Shortcut kEverywhere[] = {
    {"Tab, Shift+Tab", "move to the next or previous control"},
    {"Enter, Space", "press the control with the focus ring"},
    {"Escape", "close this help, or the open panel"},
    {"?", "show or hide this help"},
};

constexpr Shortcut kInCall[] = {
    {"M", "microphone on or off"},
    {"V", "camera on or off"},
    {"S", "share your screen"},
    {"C", "chat"},
    {"F", "files"},
    {"T", "connection statistics"},
};

void list(const Shortcut* shortcuts, std::size_t count, WidgetTrail& trail) {
  for (std::size_t i = 0; i < count; ++i) {
    ImGui::TextUnformatted(shortcuts[i].keys);
    ImGui::SameLine(130.0f);
    ImGui::TextUnformatted(shortcuts[i].what);
    trail.record_item(std::string(shortcuts[i].keys) + ": " + shortcuts[i].what, "help");
  }
}

}  // namespace

bool draw_shortcut_help(bool in_call, WidgetTrail& trail) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(380.0f, 0.0f));
  bool open = true;
  ImGui::Begin("Keyboard shortcuts", &open,
               ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings);
  list(kEverywhere, std::size(kEverywhere), trail);
  if (in_call) {
    ImGui::Separator();
    ImGui::TextDisabled("In a call, while no text field has the cursor:");
    list(kInCall, std::size(kInCall), trail);
  }
  ImGui::Spacing();
  if (ImGui::Button("Close##help", ImVec2(-1.0f, 0.0f))) open = false;
  trail.record_item("Close##help", "button");
  ImGui::End();
  return open;
}

}  // namespace parley::ui
