#include "app/app.h"

#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "bindings/accessible_mirror.h"
#include "bindings/gl_state_cache.h"
#include "bindings/page.h"
#include "bindings/text_input.h"
#include "bindings/touch_input.h"
#include "core/protocol/room_link.h"
#include "core/text/typed_text.h"
#include "ui/call_view.h"
#include "ui/icons.h"
#include "ui/shortcut_help.h"
#include "ui/theme.h"

namespace parley::app {

namespace {

int device_pixels(int css_pixels, float pixel_ratio) {
  return static_cast<int>(std::lround(static_cast<double>(css_pixels) * pixel_ratio));
}

// Where ImGui last put the caret of the field with the cursor (ImGui calls back with it).
ImVec2 ime_caret;
}  // namespace

std::string App::start(int width, int height) {
  glfwSetErrorCallback([](int code, const char* description) {
    std::fprintf(stderr, "GLFW error %d: %s\n", code, description);
  });
  if (!glfwInit()) return "GLFW could not start in this browser.";
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  css_width_ = width;
  css_height_ = height;
  pixel_ratio_ = static_cast<float>(bindings::device_pixel_ratio());
  window_ = glfwCreateWindow(device_pixels(width, pixel_ratio_),
                             device_pixels(height, pixel_ratio_), "Parley", nullptr, nullptr);
  if (window_ == nullptr) return "This browser could not create a WebGL2 context.";
  glfwMakeContextCurrent(window_);
  bindings::cache_gl_state();
  // Installed before ImGui's own callbacks, which chain to it.
  glfwSetWindowUserPointer(window_, this);
  glfwSetKeyCallback(window_, [](GLFWwindow* window, int key, int, int action, int mods) {
    auto* app = static_cast<App*>(glfwGetWindowUserPointer(window));
    if (action == GLFW_PRESS) app->key_taps_.press(key, mods != 0);
    if (action == GLFW_RELEASE) app->key_taps_.release(key);
  });

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // nothing persisted to a virtual file system
  ImGui::GetIO().ImeSetInputScreenPosFn = [](int x, int y) {
    ime_caret = ImVec2(static_cast<float>(x), static_cast<float>(y));
  };
  apply_display_preferences();
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  // Ctrl+C / Ctrl+X in a field: Emscripten's GLFW has no clipboard, the browser has one.
  // (Ctrl+V needs nothing: the paste reaches the field as text, bindings/text_input.h.)
  ImGui::GetIO().SetClipboardTextFn = [](void*, const char* text) {
    bindings::copy_to_clipboard(text, [](bool) {});
  };
  ImGui_ImplOpenGL3_Init("#version 300 es");

  bindings::on_mirror_events([this](const std::string& key) { activate_from_mirror(key); },
                             [this](const std::string& key) { focus_from_mirror(key); });

  platform_ = std::make_unique<bindings::BrowserPlatform>();
  platform_->on_network_back([this] {
    if (call_) call_->network_back();
  });
  videos_ = std::make_unique<bindings::VideoTextures>();
  preview_ = std::make_unique<LobbyPreview>(*platform_, *videos_);
  preview_->start();
  // While the person is in the lobby, so their first call runs compiled code
  // (core/call/connection_rehearsal.h); joining ends it if it is still going.
  platform_->rehearse_connection([](bool) {});
  if (auto room = room_from_url(bindings::page_url())) lobby_.set_room(*room);
  return {};
}

// Less motion: the text cursor does not blink. More contrast: the high-contrast theme.
void App::apply_display_preferences() {
  display_ = bindings::display_preferences();
  ui::apply_theme(display_.more_contrast);
  ImGui::GetIO().ConfigInputTextCursorBlink = !display_.reduced_motion;
}

App::Clock App::now() const {
  return Clock(static_cast<Clock::rep>(emscripten_get_now()));
}

void App::resize(int css_width, int css_height) {
  if (window_ == nullptr || css_width <= 0 || css_height <= 0) return;
  css_width_ = css_width;
  css_height_ = css_height;
  pixel_ratio_ = static_cast<float>(bindings::device_pixel_ratio());
  bindings::set_canvas_size(device_pixels(css_width, pixel_ratio_),
                            device_pixels(css_height, pixel_ratio_));
}

void App::apply_pixel_ratio() {
  ImGuiIO& io = ImGui::GetIO();
  int width = 0;
  int height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  const float ratio_x =
      css_width_ > 0 ? static_cast<float>(width) / static_cast<float>(css_width_) : 1.0f;
  const float ratio_y =
      css_height_ > 0 ? static_cast<float>(height) / static_cast<float>(css_height_) : 1.0f;
  io.DisplaySize = ImVec2(static_cast<float>(css_width_), static_cast<float>(css_height_));
  io.DisplayFramebufferScale = ImVec2(ratio_x, ratio_y);
  // GLFW reports the mouse in drawing-buffer pixels.
  if (io.MousePos.x != -FLT_MAX)
    io.MousePos = ImVec2(io.MousePos.x / ratio_x, io.MousePos.y / ratio_y);
}

void App::new_room() {
  std::array<std::uint8_t, kRoomIdRandomBytes> random{};
  bindings::fill_random(random);
  lobby_.set_room(room_id_from_random(random));
}

void App::join() {
  call::Call::Options options;
  options.signaling_url = bindings::default_signaling_url();
  options.room = std::string(lobby_.room_text());
  options.name = std::string(lobby_.name_text());
  // What the person picked in the lobby; "" is the browser's default device.
  const auto& choice = preview_->choice();
  options.audio = choice.microphone().has_value();
  options.video = choice.camera().has_value();
  if (choice.microphone() && !choice.microphone()->empty())
    options.audio_device_id = choice.microphone();
  if (choice.camera() && !choice.camera()->empty()) options.video_device_id = choice.camera();
  preview_->stop();
  lobby_problem_.clear();
  platform_->cancel_rehearsal();
  call_ = std::make_unique<CallSession>(std::move(options), *platform_, *videos_,
                                        [this] { return now(); });
  call_->join();
}

void App::end_call(std::string why) {
  call_.reset();  // leaves the room, stops camera and microphone, frees the textures
  side_panel_ = SidePanel::kNone;
  chat_draft_ = {};
  preview_->start();
  lobby_problem_ = std::move(why);
}

void App::copy_invite() {
  const std::string link = invite_link(bindings::page_url(), call_->room());
  bindings::copy_to_clipboard(link, [this, link](bool copied) {
    toasts_.push(copied ? "Invite link copied: " + link
                        : "The browser did not allow copying. The link is " + link,
                 now());
  });
}

void App::export_stats() {
  bindings::download_text("parley-stats-" + call_->room() + ".json", "application/json",
                          call_->stats_json());
  toasts_.push("Stats exported as parley-stats-" + call_->room() + ".json", now());
}

void App::draw_lobby() {
  const auto& choice = preview_->choice();
  ui::LobbyDevices devices;
  for (const auto& camera : choice.cameras())
    devices.cameras.push_back({camera.device_id, choice.label_of(camera.device_id)});
  for (const auto& microphone : choice.microphones())
    devices.microphones.push_back({microphone.device_id, choice.label_of(microphone.device_id)});
  devices.camera = choice.camera();
  devices.microphone = choice.microphone();
  devices.preview = preview_->capturing_video() ? picture_of(*videos_, LobbyPreview::kVideoKey)
                                                : ui::VideoPicture{};
  devices.problem = preview_->problem();

  const ui::LobbyAvailability availability{.can_join = true, .problem = lobby_problem_};
  const ui::LobbyRequest request = ui::draw_lobby(lobby_, availability, devices, trail_);
  switch (request.kind) {
    case ui::LobbyRequest::Kind::kNewRoom:
      return new_room();
    case ui::LobbyRequest::Kind::kJoin:
      return join();
    case ui::LobbyRequest::Kind::kPickCamera:
      return preview_->pick_camera(request.device);
    case ui::LobbyRequest::Kind::kPickMicrophone:
      return preview_->pick_microphone(request.device);
    case ui::LobbyRequest::Kind::kContinueWithout:
      return preview_->continue_without();
    case ui::LobbyRequest::Kind::kNone:
      return;
  }
}

void App::toggle(SidePanel panel) {
  side_panel_ = side_panel_ == panel ? SidePanel::kNone : panel;
  if (side_panel_ == SidePanel::kChat) chat_draft_.focus = true;
}

// What the call screen must know of the side panel: which is open, the width it keeps
// free of tiles (none on a narrow screen, where the panel covers them), and that the chat
// is read while it is open.
void App::show_side_panel_in(ui::CallScreen& screen) {
  screen.stats_open = side_panel_ == SidePanel::kStats;
  screen.chat_open = side_panel_ == SidePanel::kChat;
  screen.files_open = side_panel_ == SidePanel::kFiles;
  switch (side_panel_) {
    case SidePanel::kNone:
      return;
    case SidePanel::kStats:
      screen.side_panel_width = ui::kStatsPanelWidth + 8;
      break;
    case SidePanel::kFiles:
      screen.side_panel_width = ui::kFilesPanelWidth + 8;
      break;
    case SidePanel::kChat:
      screen.side_panel_width = ui::kChatPanelWidth + 8;
      call_->mark_chat_read();  // on screen: read
      screen.chat_unread = 0;
      break;
  }
  constexpr float kNarrowestTiles = 320.0f;
  if (static_cast<float>(css_width_) - screen.side_panel_width < kNarrowestTiles)
    screen.side_panel_width = 0;
}

// Drawn after the call screen, so that its controls come after the control bar's in the
// order Tab visits them (the accessible mirror follows the order drawn).
void App::draw_side_panel() {
  switch (side_panel_) {
    case SidePanel::kNone:
      return;
    case SidePanel::kStats:
      switch (ui::draw_stats_panel(call_->stats(), trail_)) {
        case ui::StatsAction::kExport:
          return export_stats();
        case ui::StatsAction::kClose:
          side_panel_ = SidePanel::kNone;
          return;
        case ui::StatsAction::kNone:
          return;
      }
      return;
    case SidePanel::kFiles:
      return act_on_files(
          ui::draw_files_panel(call_->file_rows(), call_->can_send_files(), trail_));
    case SidePanel::kChat: {
      const ui::ChatPanelAction action =
          ui::draw_chat_panel(call_->chat_lines(), chat_draft_, trail_);
      if (action.close) side_panel_ = SidePanel::kNone;
      if (action.send) {
        if (auto problem = call_->send_chat(*action.send)) toasts_.push(*problem, now());
      }
      return;
    }
  }
}

void App::act_on_files(const ui::FilesAction& action) {
  using Kind = ui::FilesAction::Kind;
  switch (action.kind) {
    case Kind::kNone:
      return;
    case Kind::kClose:
      side_panel_ = SidePanel::kNone;
      return;
    case Kind::kSendFile:
      // The picker answers later; the call may have ended by then.
      return bindings::pick_file([this](emscripten::val file) {
        if (!call_) return;
        for (const auto& problem : call_->send_file_to_everyone(file)) toasts_.push(problem, now());
      });
    case Kind::kAccept:
      return call_->files().accept(action.key);
    case Kind::kDecline:
      return call_->files().decline(action.key);
    case Kind::kCancel:
      return call_->files().cancel(action.key);
    case Kind::kSave:
      // The download holds the file now: the transfer is dismissed and its Blob released.
      bindings::save_received_file(action.key);
      call_->files().dismiss(action.key);
      return;
  }
}

void App::draw_screen() {
  if (call_) {
    for (auto& notice : call_->presentation().take_notices()) toasts_.push(notice.text, now());
    for (auto& text : call_->take_toasts()) toasts_.push(text, now());
    if (const auto& why = call_->presentation().ended_because()) return end_call(*why);
  }
  if (!call_) return draw_lobby();
  call_->tick();
  ui::CallScreen screen = call_->screen();
  show_side_panel_in(screen);
  const ui::CallAction action = ui::draw_call(screen, key_taps_, trail_);
  draw_side_panel();
  if (side_panel_ != SidePanel::kNone && take_escape()) side_panel_ = SidePanel::kNone;
  switch (action) {
    case ui::CallAction::kToggleStats:
      toggle(SidePanel::kStats);
      break;
    case ui::CallAction::kToggleChat:
      toggle(SidePanel::kChat);
      break;
    case ui::CallAction::kToggleFiles:
      toggle(SidePanel::kFiles);
      break;
    case ui::CallAction::kLeave:
      end_call({});
      break;
    case ui::CallAction::kCopyInvite:
      copy_invite();
      break;
    default:
      call_->act(action);
  }
}

namespace {
// As ImGui's GLFW backend sets them from io.KeysDown, after taps were replayed there.
void update_modifiers(ImGuiIO& io) {
  const auto down = [&io](int key) { return io.KeysDown[key]; };
  io.KeyCtrl = down(GLFW_KEY_LEFT_CONTROL) || down(GLFW_KEY_RIGHT_CONTROL);
  io.KeyShift = down(GLFW_KEY_LEFT_SHIFT) || down(GLFW_KEY_RIGHT_SHIFT);
  io.KeyAlt = down(GLFW_KEY_LEFT_ALT) || down(GLFW_KEY_RIGHT_ALT);
  io.KeySuper = down(GLFW_KEY_LEFT_SUPER) || down(GLFW_KEY_RIGHT_SUPER);
}
}  // namespace

// What the browser's text entry committed since the last frame (IME, paste, characters
// no key makes) joins what GLFW's keypress events queued: it came later. Not while Ctrl
// is down: ImGui drops characters then (Ctrl+letter is a command), and Ctrl+V's paste
// would be lost; it waits in the page until the key is up.
void App::take_committed_text(ImGuiIO& io) {
  if (io.KeyCtrl && !io.KeyAlt) return;  // (AltGr is Ctrl+Alt: its characters pass)
  for (const char32_t c : text::typed_characters(bindings::take_committed_text()))
    io.AddInputCharacter(static_cast<unsigned>(c));
}

// The browser's text entry follows the field with the cursor, if any, and the font gets
// the glyphs of the text on screen.
void App::after_frame() {
  const ui::WidgetRecord* field = nullptr;
  glyphs_.begin_frame();
  if (call_) {
    for (const char32_t icon : ui::icon::kAll) glyphs_.see(icon);  // the control bar's
  }
  for (const ui::WidgetRecord& widget : trail_.last_frame()) {
    glyphs_.see(widget.label);
    glyphs_.see(widget.text);
    if (widget.kind == "text-input" && widget.active) field = &widget;
  }
  bindings::follow_text_field(field != nullptr, field != nullptr ? field->label : std::string(),
                              ime_caret.x, ime_caret.y, ImGui::GetTextLineHeight());

  mirror_nodes_ = view::accessible_view(trail_.last_frame());
  std::string json = view::to_json(mirror_nodes_).dump();
  if (json != mirror_json_) {
    bindings::show_in_mirror(json);
    mirror_json_ = std::move(json);
  }
}

// Escape, tapped this frame and not yet used for something else.
bool App::take_escape() {
  if (escape_taken_ || !key_taps_.tapped(GLFW_KEY_ESCAPE)) return false;
  escape_taken_ = true;
  return true;
}

const view::AccessibleNode* App::mirror_node(const std::string& key) const {
  for (const auto& node : mirror_nodes_) {
    if (node.key == key) return &node;
  }
  return nullptr;
}

// A person activated an element of the accessible mirror: the app clicks its widget, in
// the middle, as the mouse would (pressed one frame, released the next).
void App::activate_from_mirror(const std::string& key) {
  const view::AccessibleNode* node = mirror_node(key);
  if (node == nullptr) return;
  synthetic_click_x_ = node->x + node->width / 2;
  synthetic_click_y_ = node->y + node->height / 2;
  synthetic_click_frames_ = 2;
}

// The keyboard focus moved in the mirror: the app draws its ring there, and a text field
// that had the cursor lets it go (typing now goes to the focused control).
void App::focus_from_mirror(const std::string& key) {
  mirror_focus_ = key;
  // (Only then: focusing nothing would also close an open picker's list.)
  if (!key.empty() && key.rfind("text-input:", 0) != 0 && ImGui::GetIO().WantTextInput)
    release_text_field_ = true;
}

// The canvas's touches as ImGui's mouse: taps press and release, drags scroll
// (core/view/touch_gestures.h).
void App::apply_touch(ImGuiIO& io) {
  using Kind = bindings::TouchEvent::Kind;
  for (const bindings::TouchEvent& event : bindings::take_touch_events()) {
    switch (event.kind) {
      case Kind::kDown:
        touch_.down(event.x, event.y);
        break;
      case Kind::kMove:
        touch_.move(event.x, event.y);
        break;
      case Kind::kUp:
        touch_.up();
        break;
      case Kind::kCancel:
        touch_.cancel();
        break;
    }
  }
  const view::TouchGestures::Frame touch = touch_.take_frame();
  if (touch.away) {
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    io.MouseDown[0] = false;
  } else if (touch.x && touch.y) {
    io.MousePos = ImVec2(*touch.x, *touch.y);
    io.MouseDown[0] = touch.pressed;
  }
  io.MouseWheel += touch.wheel_y;
  io.MouseWheelH += touch.wheel_x;
}

void App::apply_synthetic_click(ImGuiIO& io) {
  if (synthetic_click_frames_ == 0) return;
  io.MousePos = ImVec2(synthetic_click_x_, synthetic_click_y_);
  io.MouseDown[0] = synthetic_click_frames_ == 2;
  --synthetic_click_frames_;
}

// Around the widget whose mirror element has the keyboard focus.
void App::draw_focus_ring() {
  if (ImGui::GetIO().MouseClicked[0] && synthetic_click_frames_ == 0) mirror_focus_.clear();
  const view::AccessibleNode* node = mirror_focus_.empty() ? nullptr : mirror_node(mirror_focus_);
  if (node == nullptr) return;
  constexpr float kGap = 3.0f;
  ImGui::GetForegroundDrawList()->AddRect(
      ImVec2(node->x - kGap, node->y - kGap),
      ImVec2(node->x + node->width + kGap, node->y + node->height + kGap),
      IM_COL32(255, 196, 64, 255), 4.0f, 0, 2.0f);
}

// io.InputQueueCharacters (typed since the last frame), through type_ahead_ - every frame,
// also an empty one, so it never claims characters older than the last frame.
void App::pass_typed_characters(ImGuiIO& io) {
  const std::vector<ImWchar> typed(io.InputQueueCharacters.begin(), io.InputQueueCharacters.end());
  io.InputQueueCharacters.resize(0);
  // "?" typed while no field has the cursor shows or hides the keyboard help.
  if (!io.WantTextInput && std::count(typed.begin(), typed.end(), ui::kHelpCharacter) % 2 == 1)
    help_open_ = !help_open_;
  for (const ImWchar c : type_ahead_.pass(typed, io.WantTextInput))
    io.InputQueueCharacters.push_back(c);
}

void App::frame() {
  const double started = emscripten_get_now();
  videos_->upload_new_frames();
  const double uploaded = emscripten_get_now();
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();  // creates the GL objects (and a first font) once
  // The person may change them while the page is open (twice a second is soon enough).
  if (frames_ % 30 == 0 && bindings::display_preferences() != display_) {
    apply_display_preferences();
  }
  const bool new_glyphs = glyphs_.rebuild_due(now());
  if (new_glyphs) font_glyphs_ = glyphs_.take_atlas(now());
  const bool font_arrived = font_.waiting_for_font() && frames_ % 15 == 0;
  if (new_glyphs || font_arrived || font_.pixel_ratio() != pixel_ratio_) {
    font_.rebuild(pixel_ratio_, font_glyphs_);
  }
  ImGui_ImplGlfw_NewFrame();
  apply_pixel_ratio();
  ImGuiIO& io = ImGui::GetIO();
  apply_touch(io);
  apply_synthetic_click(io);
  const std::vector<int> held = key_taps_.hold_quick_taps(io.KeysDown, IM_ARRAYSIZE(io.KeysDown));
  if (!held.empty()) update_modifiers(io);
  take_committed_text(io);
  pass_typed_characters(io);
  ImGui::NewFrame();
  if (release_text_field_) {
    ImGui::SetWindowFocus(nullptr);  // also ends the text field's edit
    release_text_field_ = false;
  }
  trail_.begin_frame();
  escape_taken_ = false;
  if (help_open_ && take_escape()) help_open_ = false;  // Escape closes the help first
  draw_screen();
  if (help_open_ && !ui::draw_shortcut_help(call_ != nullptr, trail_)) help_open_ = false;
  // A field asked for the cursor (chat opened, or a message just sent): what is typed
  // until it has it waits for it.
  if (chat_draft_.focus && side_panel_ == SidePanel::kChat)
    type_ahead_.expect_field(/*claim_recent=*/!key_taps_.tapped(ui::kChatShortcut));
  toasts_.draw(now(), trail_);
  trail_.end_frame();
  after_frame();
  draw_focus_ring();
  key_taps_.end_frame(io.KeysDown, held);
  if (!held.empty()) update_modifiers(io);

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
  const double finished = emscripten_get_now();
  frame_times_.add(finished - started);
  draw_times_.add(finished - uploaded);
  ++frames_;

  if (!announced_ready_) {
    announced_ready_ = true;
    bindings::announce_ready([this] { return snapshot_json(); }, [this] { return widgets_json(); });
  }
}

std::string App::snapshot_json() const {
  int width = 0;
  int height = 0;
  if (window_ != nullptr) glfwGetFramebufferSize(window_, &width, &height);
  nlohmann::json snapshot = {
      {"frames", frames_},
      {"drawnVertices", last_vertices_},
      {"framebuffer", {{"width", width}, {"height", height}}},
      {"pixelRatio", pixel_ratio_},
      {"clearColour", {clear_.r, clear_.g, clear_.b}},
      {"screen", call_ ? "call" : "lobby"},
      {"lobby",
       {{"name", lobby_.name_text()},
        {"room", lobby_.room_text()},
        {"problem", lobby_problem_},
        {"devices", lobby_devices_json()}}},
      {"frameMs",
       {{"p50", frame_times_.percentile(50)},
        {"p95", frame_times_.percentile(95)},
        {"samples", frame_times_.count()},
        {"drawP50", draw_times_.percentile(50)},
        {"drawP95", draw_times_.percentile(95)}}},
      {"display",
       {{"reducedMotion", display_.reduced_motion}, {"moreContrast", display_.more_contrast}}},
      {"font",
       {{"extraGlyphs", font_.extra_glyphs()},
        {"failedGlyphs", font_.failed_glyphs()},
        {"refusedGlyphs", glyphs_.refused()}}},
      {"video",
       {{"framesReady", videos_ ? videos_->frames_ready() : 0},
        {"uploads", videos_ ? videos_->uploads() : 0}}},
  };
  if (call_) snapshot["call"] = call_->snapshot();
  return snapshot.dump();
}

nlohmann::json App::lobby_devices_json() const {
  const auto& choice = preview_->choice();
  const auto label = [&](const std::optional<std::string>& picked) {
    return picked ? nlohmann::json(choice.label_of(*picked)) : nlohmann::json(nullptr);
  };
  nlohmann::json cameras = nlohmann::json::array();
  for (const auto& camera : choice.cameras()) cameras.push_back(choice.label_of(camera.device_id));
  nlohmann::json microphones = nlohmann::json::array();
  for (const auto& microphone : choice.microphones())
    microphones.push_back(choice.label_of(microphone.device_id));
  return {{"camera", label(choice.camera())},
          {"microphone", label(choice.microphone())},
          {"cameras", std::move(cameras)},
          {"microphones", std::move(microphones)},
          {"previewing",
           preview_->capturing_video() && videos_->picture(LobbyPreview::kVideoKey).texture != 0},
          {"problem", preview_->problem()}};
}

std::string App::widgets_json() const {
  return trail_.to_json().dump();
}

}  // namespace parley::app
