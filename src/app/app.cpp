#include "app/app.h"

#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <array>
#include <nlohmann/json.hpp>

#include "bindings/page.h"
#include "core/room_link.h"

namespace parley::app {

std::string App::start(int width, int height) {
  glfwSetErrorCallback([](int code, const char* description) {
    std::fprintf(stderr, "GLFW error %d: %s\n", code, description);
  });
  if (!glfwInit()) return "GLFW could not start in this browser.";
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  window_ = glfwCreateWindow(width, height, "Parley", nullptr, nullptr);
  if (window_ == nullptr) return "This browser could not create a WebGL2 context.";
  glfwMakeContextCurrent(window_);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // nothing persisted to a virtual file system
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  if (auto room = room_from_url(bindings::page_url())) lobby_.set_room(*room);
  return {};
}

void App::resize(int css_width, int css_height) {
  if (window_ != nullptr && css_width > 0 && css_height > 0) {
    bindings::set_canvas_size(css_width, css_height);
  }
}

void App::new_room() {
  std::array<std::uint8_t, kRoomIdRandomBytes> random{};
  bindings::fill_random(random);
  lobby_.set_room(room_id_from_random(random));
}

void App::frame() {
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();

  const ui::LobbyAvailability availability{
      .can_join = false,
      .why_join_unavailable = "Calling is not available in this build yet.",
  };
  if (ui::draw_lobby(lobby_, availability) == ui::LobbyAction::kNewRoom) new_room();

  ImGui::Render();
  int width = 0;
  int height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(clear_.r, clear_.g, clear_.b, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImDrawData* draw_data = ImGui::GetDrawData();
  ImGui_ImplOpenGL3_RenderDrawData(draw_data);
  last_vertices_ = draw_data->TotalVtxCount;
  ++frames_;

  if (!announced_ready_) {
    announced_ready_ = true;
    bindings::announce_ready([this] { return snapshot_json(); });
  }
}

std::string App::snapshot_json() const {
  int width = 0;
  int height = 0;
  if (window_ != nullptr) glfwGetFramebufferSize(window_, &width, &height);
  const nlohmann::json snapshot = {
      {"frames", frames_},
      {"drawnVertices", last_vertices_},
      {"framebuffer", {{"width", width}, {"height", height}}},
      {"clearColour", {clear_.r, clear_.g, clear_.b}},
      {"lobby", {{"name", lobby_.name_text()}, {"room", lobby_.room_text()}}},
  };
  return snapshot.dump();
}

}  // namespace parley::app
