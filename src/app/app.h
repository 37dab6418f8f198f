// The running app: owns the GLFW window and ImGui context and draws one frame at a time -
// the lobby, or the call screen while a CallSession exists. main.cpp creates it and hands
// App::frame to Emscripten's main loop; nothing here blocks.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/call_session.h"
#include "app/lobby_preview.h"
#include "app/ui_font.h"
#include "bindings/browser_platform.h"
#include "bindings/page.h"
#include "bindings/video_textures.h"
#include "core/view/accessible_view.h"
#include "core/view/frame_times.h"
#include "core/view/glyph_demand.h"
#include "core/view/key_taps.h"
#include "core/view/touch_gestures.h"
#include "core/view/type_ahead.h"
#include "ui/chat_panel.h"
#include "ui/lobby_view.h"
#include "ui/toasts.h"
#include "ui/widget_trail.h"

struct GLFWwindow;
struct ImGuiIO;

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
  // The page resized the canvas to `css_width` x `css_height` CSS pixels: its drawing
  // buffer follows at the device pixel ratio, so the UI stays crisp on HiDPI screens.
  void resize(int css_width, int css_height);

  // A JSON snapshot for tests and embedders: frames, what was drawn, lobby or call state,
  // UI frame times and video upload counts.
  std::string snapshot_json() const;
  // The widgets of the last frame (ui::WidgetTrail) as JSON.
  std::string widgets_json() const;

 private:
  using Clock = std::chrono::milliseconds;
  // The panel beside the tiles (one at a time).
  enum class SidePanel { kNone, kStats, kChat, kFiles };
  Clock now() const;
  void draw_screen();
  void take_committed_text(ImGuiIO& io);
  void pass_typed_characters(ImGuiIO& io);
  void after_frame();
  void apply_display_preferences();
  bool take_escape();
  const view::AccessibleNode* mirror_node(const std::string& key) const;
  void activate_from_mirror(const std::string& key);
  void focus_from_mirror(const std::string& key);
  void apply_touch(ImGuiIO& io);
  void apply_synthetic_click(ImGuiIO& io);
  void draw_focus_ring();
  void draw_lobby();
  nlohmann::json lobby_devices_json() const;
  void new_room();
  void join();
  void copy_invite();
  void export_stats();
  void show_side_panel_in(ui::CallScreen& screen);
  void draw_side_panel();
  void toggle(SidePanel panel);
  void act_on_files(const ui::FilesAction& action);
  void end_call(std::string why);
  // ImGui works in CSS pixels; the drawing buffer and GLFW in device pixels.
  void apply_pixel_ratio();

  GLFWwindow* window_ = nullptr;
  ClearColour clear_;
  ui::LobbyForm lobby_;
  std::string lobby_problem_;  // why the last call ended, shown in the lobby
  ui::WidgetTrail trail_;
  view::KeyTaps key_taps_;
  view::TouchGestures touch_;
  view::TypeAhead type_ahead_;  // characters typed while a field takes the cursor
  ui::Toasts toasts_;
  std::unique_ptr<bindings::BrowserPlatform> platform_;
  std::unique_ptr<bindings::VideoTextures> videos_;
  std::unique_ptr<LobbyPreview> preview_;  // stopped while in a call
  std::unique_ptr<CallSession> call_;
  SidePanel side_panel_ = SidePanel::kNone;
  ui::ChatDraft chat_draft_;
  view::FrameTimes frame_times_;  // uploads + NewFrame..RenderDrawData
  view::FrameTimes draw_times_;   // NewFrame..RenderDrawData alone
  std::uint64_t frames_ = 0;
  int last_vertices_ = 0;
  bool announced_ready_ = false;
  float pixel_ratio_ = 1.0f;  // of the drawing buffer now
  UiFont font_;
  view::GlyphDemand glyphs_;           // what the font needs beyond its own glyphs
  std::vector<char32_t> font_glyphs_;  // what it has
  // The accessible mirror (bindings/accessible_mirror.h): the last frame's nodes, what the
  // page shows, the key of the focused element, and a click the mirror asked for.
  std::vector<view::AccessibleNode> mirror_nodes_;
  std::string mirror_json_;
  std::string mirror_focus_;
  float synthetic_click_x_ = 0;  // CSS pixels
  float synthetic_click_y_ = 0;
  int synthetic_click_frames_ = 0;  // 2: press next frame, 1: release
  bool release_text_field_ = false;
  bindings::DisplayPreferences display_;
  bool help_open_ = false;     // the keyboard help ("?")
  bool escape_taken_ = false;  // this frame's Escape closed something already
  int css_width_ = 0;
  int css_height_ = 0;
};

}  // namespace parley::app
