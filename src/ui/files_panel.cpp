#include "ui/files_panel.h"

#include <imgui.h>

#include "ui/side_panel.h"
#include "ui/tooltip.h"

namespace parley::ui {
namespace {

const ImVec4 kProblem{0.95f, 0.45f, 0.40f, 1.0f};

bool small_button(const std::string& verb, const FileRow& row, WidgetTrail& trail) {
  const std::string label = verb + " " + row.name;  // what tests and screen readers see
  const bool pressed = ImGui::SmallButton((verb + "##" + row.key).c_str());
  trail.record_item(label, "button");
  return pressed;
}

}  // namespace

FilesAction draw_files_panel(const std::vector<FileRow>& rows, bool can_send, WidgetTrail& trail) {
  FilesAction action;
  if (!begin_side_panel("Files", kFilesPanelWidth)) action.kind = FilesAction::Kind::kClose;

  ImGui::BeginDisabled(!can_send);
  if (ImGui::Button("Send a file to everyone")) action.kind = FilesAction::Kind::kSendFile;
  ImGui::EndDisabled();
  trail.record_item("Send a file to everyone", "button", can_send);
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    tooltip_above_item(can_send ? "Pick a file; each person in the call is asked to accept it"
                                : "Nobody in the call can receive files yet",
                       trail);
  }
  if (rows.empty()) ImGui::TextDisabled("No files yet.");

  for (const FileRow& row : rows) {
    ImGui::Separator();
    ImGui::PushID(row.key.c_str());
    ImGui::TextUnformatted(row.title.c_str());
    ImGui::ProgressBar(row.fraction, ImVec2(-1, 0));
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    trail.record_box(row.title, "progress", min.x, min.y, max.x - min.x, max.y - min.y, row.key,
                     row.fraction);
    if (row.problem) ImGui::PushStyleColor(ImGuiCol_Text, kProblem);
    ImGui::TextWrapped("%s", row.detail.c_str());
    if (row.problem) ImGui::PopStyleColor();
    if (row.asks) {
      if (small_button("Accept", row, trail)) action = {FilesAction::Kind::kAccept, row.key};
      ImGui::SameLine();
      if (small_button("Decline", row, trail)) action = {FilesAction::Kind::kDecline, row.key};
    }
    if (row.cancellable && small_button("Cancel", row, trail))
      action = {FilesAction::Kind::kCancel, row.key};
    if (row.saveable && small_button("Save", row, trail))
      action = {FilesAction::Kind::kSave, row.key};
    ImGui::PopID();
  }
  ImGui::End();
  return action;
}

}  // namespace parley::ui
