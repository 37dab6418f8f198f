// The running app: owns the GLFW window and ImGui context and draws one frame at a time.
// main.cpp creates it and hands App::frame to Emscripten's main loop; nothing here blocks.
#pragma once

#include <cstdint>
#include <string>

#include "ui/lobby_view.h"

struct GLFWwindow;

namespace parley::app {

struct ClearColour {
  float r = 0.09f, g = 0.10f, b = 0.12f;
};

class App {
 public:
  // Creates the window (a WebGL2 context on #canvas, `width` x `height` CSS pixels) and
  // ImGui. Returns an error message, leaving the App unusable, when the browser cannot
  // give a WebGL2 context.
  std::string start(int width, int height);
  void frame();
  void resize(int css_width, int css_height);

  // A JSON snapshot for tests and embedders: frame count, what was drawn, lobby state.
  std::string snapshot_json() const;

 private:
  void new_room();

  GLFWwindow* window_ = nullptr;
  ClearColour clear_;
  ui::LobbyForm lobby_;
  std::uint64_t frames_ = 0;
  int last_vertices_ = 0;
  bool announced_ready_ = false;
};

}  // namespace parley::app
