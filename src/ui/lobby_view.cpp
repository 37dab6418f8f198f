#include "ui/lobby_view.h"

#include <imgui.h>

#include <algorithm>
#include <cstring>

#include "core/room_link.h"

namespace parley::ui {
namespace {

template <std::size_t N>
void copy_into(std::array<char, N>& buffer, std::string_view value) {
  const std::size_t n = std::min(value.size(), N - 1);
  std::memcpy(buffer.data(), value.data(), n);
  buffer[n] = '\0';
}

const ImVec2 kLobbySize{440.0f, 0.0f};  // height follows the content
const ImVec4 kHintColour{0.95f, 0.65f, 0.35f, 1.0f};

}  // namespace

void LobbyForm::set_name(std::string_view value) {
  copy_into(name, value);
}
void LobbyForm::set_room(std::string_view value) {
  copy_into(room, value);
}

LobbyAction draw_lobby(LobbyForm& form, const LobbyAvailability& availability, WidgetTrail& trail) {
  LobbyAction action = LobbyAction::kNone;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(kLobbySize, ImGuiCond_Always);
  ImGui::Begin("Parley - join a call", nullptr,
               ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings);

  ImGui::TextUnformatted("Your name");
  ImGui::SetNextItemWidth(-1.0f);
  ImGui::InputTextWithHint("##name", "How others see you", form.name.data(), form.name.size());
  trail.record_item("Your name", "text-input");

  ImGui::TextUnformatted("Room");
  ImGui::SetNextItemWidth(-110.0f);
  ImGui::InputTextWithHint("##room", "e.g. team-sync", form.room.data(), form.room.size());
  trail.record_item("Room", "text-input");
  ImGui::SameLine();
  if (ImGui::Button("New room", ImVec2(-1.0f, 0.0f))) action = LobbyAction::kNewRoom;
  trail.record_item("New room", "button");

  const bool room_ok = is_valid_room_id(form.room_text());
  if (!form.room_text().empty() && !room_ok) {
    ImGui::TextColored(kHintColour, "Room names use 1-64 letters, digits, '-' or '_'.");
  }

  ImGui::Spacing();
  const bool can_join = availability.can_join && room_ok;
  ImGui::BeginDisabled(!can_join);
  if (ImGui::Button("Join", ImVec2(-1.0f, 0.0f))) action = LobbyAction::kJoin;
  trail.record_item("Join", "button", can_join);
  ImGui::EndDisabled();
  if (!availability.can_join && !availability.why_join_unavailable.empty()) {
    ImGui::TextWrapped("%s", availability.why_join_unavailable.c_str());
  }

  if (!availability.problem.empty()) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, kHintColour);
    ImGui::TextWrapped("%s", availability.problem.c_str());
    ImGui::PopStyleColor();
    trail.record_item(availability.problem, "message");
  }

  ImGui::End();
  return action;
}

}  // namespace parley::ui
