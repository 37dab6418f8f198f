#include "ui/lobby_view.h"

#include <imgui.h>

#include <algorithm>
#include <cstring>

#include "core/protocol/room_link.h"
#include "core/view/tile_grid.h"

namespace parley::ui {
namespace {

template <std::size_t N>
void copy_into(std::array<char, N>& buffer, std::string_view value) {
  const std::size_t n = std::min(value.size(), N - 1);
  std::memcpy(buffer.data(), value.data(), n);
  buffer[n] = '\0';
}

const ImVec2 kLobbySize{440.0f, 0.0f};  // height follows the content

// The room field takes a pasted invite link as the room it names.
int room_from_pasted_link(ImGuiInputTextCallbackData* data) {
  if (auto room = room_from_typed_link(std::string_view(data->Buf, data->BufTextLen))) {
    data->DeleteChars(0, data->BufTextLen);
    data->InsertChars(0, room->c_str());
  }
  return 0;
}
const ImVec4 kHintColour{0.95f, 0.65f, 0.35f, 1.0f};

}  // namespace

void LobbyForm::set_name(std::string_view value) {
  copy_into(name, value);
}
void LobbyForm::set_room(std::string_view value) {
  copy_into(room, value);
}

namespace {

const char* const kNoCamera = "None - join without camera";
const char* const kNoMicrophone = "None - join without microphone";

std::string picked_label(const std::vector<DeviceOption>& options,
                         const std::optional<std::string>& picked, const char* none) {
  if (!picked) return none;
  for (const auto& option : options) {
    if (option.id == *picked) return option.label;
  }
  return "Default";
}

// A device picker; returns true and sets `chosen` when the person picked something.
bool device_combo(const char* label, const std::vector<DeviceOption>& options,
                  const std::optional<std::string>& picked, const char* none,
                  std::optional<std::string>& chosen, WidgetTrail& trail) {
  bool changed = false;
  const std::string current = picked_label(options, picked, none);
  ImGui::SetNextItemWidth(-1.0f);
  const std::string id = std::string("##") + label;
  const bool open = ImGui::BeginCombo(id.c_str(), current.c_str());
  trail.record_item(label, "combo").text = current;
  if (open) {
    for (const auto& option : options) {
      if (ImGui::Selectable(option.label.c_str(), picked && *picked == option.id)) {
        chosen = option.id;
        changed = true;
      }
      trail.record_item(option.label, "option");
    }
    if (ImGui::Selectable(none, !picked)) {
      chosen.reset();
      changed = true;
    }
    trail.record_item(none, "option");
    ImGui::EndCombo();
  }
  return changed;
}

// `waiting`: what the empty preview says.
void draw_preview(const VideoPicture& preview, const char* waiting, WidgetTrail& trail) {
  const float width = ImGui::GetContentRegionAvail().x;
  const ImVec2 size{width, width * 9.0f / 16.0f};
  const ImVec2 min = ImGui::GetCursorScreenPos();
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.AddRectFilled(min, {min.x + size.x, min.y + size.y}, IM_COL32(32, 35, 43, 255), 6.0f);
  if (preview.ready()) {
    const view::Box fitted =
        view::fit_aspect({min.x, min.y, size.x, size.y},
                         static_cast<float>(preview.width) / static_cast<float>(preview.height));
    draw.AddImage(preview.texture, {fitted.x, fitted.y},
                  {fitted.x + fitted.width, fitted.y + fitted.height});
  } else {
    const ImVec2 text_size = ImGui::CalcTextSize(waiting);
    draw.AddText({min.x + (size.x - text_size.x) / 2, min.y + (size.y - text_size.y) / 2},
                 IM_COL32(200, 200, 200, 255), waiting);
  }
  ImGui::Dummy(size);
  trail.record_item("Self-preview", preview.ready() ? "preview" : "preview-empty");
}

}  // namespace

LobbyRequest draw_lobby(LobbyForm& form, const LobbyAvailability& availability,
                        const LobbyDevices& devices, WidgetTrail& trail) {
  LobbyRequest request;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  // A phone's screen is narrower than the lobby: it takes the width there is.
  ImGui::SetNextWindowSize({std::min(kLobbySize.x, viewport->WorkSize.x - 16.0f), kLobbySize.y},
                           ImGuiCond_Always);
  ImGui::Begin("Parley - join a call", nullptr,
               ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings);

  const char* waiting = !devices.camera            ? "No camera"
                        : !devices.problem.empty() ? "Camera unavailable"
                                                   : "Starting the camera...";
  draw_preview(devices.preview, waiting, trail);

  ImGui::TextUnformatted("Your name");
  ImGui::SetNextItemWidth(-1.0f);
  ImGui::InputTextWithHint("##name", "How others see you", form.name.data(), form.name.size());
  trail.record_item("Your name", "text-input").text = form.name_text();

  ImGui::TextUnformatted("Room");
  ImGui::SetNextItemWidth(-110.0f);
  ImGui::InputTextWithHint("##room", "e.g. team-sync", form.room.data(), form.room.size(),
                           ImGuiInputTextFlags_CallbackEdit, room_from_pasted_link);
  trail.record_item("Room", "text-input").text = form.room_text();
  ImGui::SameLine();
  if (ImGui::Button("New room", ImVec2(-1.0f, 0.0f))) request.kind = LobbyRequest::Kind::kNewRoom;
  trail.record_item("New room", "button");

  const bool room_ok = is_valid_room_id(form.room_text());
  if (!form.room_text().empty() && !room_ok) {
    ImGui::TextColored(kHintColour, "Room names use 1-64 letters, digits, '-' or '_'.");
  }

  ImGui::TextUnformatted("Camera");
  std::optional<std::string> chosen;
  if (device_combo("Camera", devices.cameras, devices.camera, kNoCamera, chosen, trail)) {
    request = {LobbyRequest::Kind::kPickCamera, chosen};
  }
  ImGui::TextUnformatted("Microphone");
  if (device_combo("Microphone", devices.microphones, devices.microphone, kNoMicrophone, chosen,
                   trail)) {
    request = {LobbyRequest::Kind::kPickMicrophone, chosen};
  }
  if (!devices.problem.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kHintColour);
    ImGui::TextWrapped("%s", devices.problem.c_str());
    ImGui::PopStyleColor();
    trail.record_item(devices.problem, "message");
    if (ImGui::Button("Continue without camera and microphone", ImVec2(-1.0f, 0.0f))) {
      request.kind = LobbyRequest::Kind::kContinueWithout;
    }
    trail.record_item("Continue without camera and microphone", "button");
  }

  ImGui::Spacing();
  const bool can_join = availability.can_join && room_ok;
  ImGui::BeginDisabled(!can_join);
  if (ImGui::Button("Join", ImVec2(-1.0f, 0.0f))) request.kind = LobbyRequest::Kind::kJoin;
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
  return request;
}

}  // namespace parley::ui
