#include "ui/theme.h"

namespace parley::ui {

void apply_theme(bool more_contrast) {
  ImGuiStyle& style = ImGui::GetStyle();
  ImGui::StyleColorsDark(&style);
  ImVec4* colours = style.Colors;
  // Contrast against the dark frames and windows (relative luminance, WCAG 2.1):
  colours[ImGuiCol_TextDisabled] = ImVec4(0.70f, 0.70f, 0.70f, 1.0f);   // 4.6:1 on a hovered field
  colours[ImGuiCol_ButtonHovered] = ImVec4(0.20f, 0.42f, 0.72f, 1.0f);  // white on it: 5.3:1
  colours[ImGuiCol_ButtonActive] = ImVec4(0.12f, 0.33f, 0.62f, 1.0f);   // 7.4:1
  colours[ImGuiCol_HeaderHovered] = colours[ImGuiCol_ButtonHovered];
  colours[ImGuiCol_HeaderActive] = colours[ImGuiCol_ButtonActive];
  style.FrameBorderSize = 0.0f;
  if (!more_contrast) return;
  colours[ImGuiCol_Text] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  colours[ImGuiCol_TextDisabled] = ImVec4(0.85f, 0.85f, 0.85f, 1.0f);
  colours[ImGuiCol_WindowBg] = ImVec4(0.0f, 0.0f, 0.0f, 1.0f);
  colours[ImGuiCol_ChildBg] = ImVec4(0.0f, 0.0f, 0.0f, 1.0f);
  colours[ImGuiCol_PopupBg] = ImVec4(0.0f, 0.0f, 0.0f, 1.0f);
  colours[ImGuiCol_FrameBg] = ImVec4(0.08f, 0.08f, 0.08f, 1.0f);
  colours[ImGuiCol_Border] = ImVec4(1.0f, 1.0f, 1.0f, 0.85f);
  colours[ImGuiCol_Button] = ImVec4(0.06f, 0.22f, 0.45f, 1.0f);
  colours[ImGuiCol_ButtonHovered] = ImVec4(0.10f, 0.30f, 0.60f, 1.0f);
  colours[ImGuiCol_ButtonActive] = ImVec4(0.04f, 0.16f, 0.36f, 1.0f);
  style.FrameBorderSize = 1.0f;
}

}  // namespace parley::ui
