// The page around the app: its URL, the browser's randomness, and the ready signal
// tests and embedders wait on.
//
// After the first frame is drawn the app calls announce_ready(); the page then fires a
// `parley-ready` event on `document`, and `window.parley.snapshot()` / `.widgets()` (see
// shell/) return the JSON the given providers produce. Tests wait on that instead of
// sleeping.
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace parley::bindings {

// location.href of the page.
std::string page_url();

// The signaling server of this page: ws(s)://<host>/ - parley-server serves both.
std::string default_signaling_url();

// Puts `text` on the system clipboard (navigator.clipboard); `done(ok)` says whether the
// browser allowed it.
void copy_to_clipboard(const std::string& text, std::function<void(bool)> done);

// Offers `text` to the person as a file download named `file_name` (a Blob and a
// temporary <a download>).
void download_text(const std::string& file_name, const std::string& mime_type,
                   const std::string& text);

// Opens the browser's file picker (it needs the user's click a moment ago); `picked` gets
// the File, later, if the person chose one.
void pick_file(std::function<void(emscripten::val file)> picked);

// Offers the verified file of incoming transfer `key` as a download (bindings/files.pre.js).
void save_received_file(const std::string& key);

// Fills `out` from crypto.getRandomValues (a CSPRNG).
void fill_random(std::span<std::uint8_t> out);

// window.devicePixelRatio: device pixels per CSS pixel (2 on most HiDPI screens).
double device_pixel_ratio();

// What the person asked their system for: less motion (prefers-reduced-motion: reduce)
// and more contrast (prefers-contrast: more).
struct DisplayPreferences {
  bool reduced_motion = false;
  bool more_contrast = false;
  bool operator==(const DisplayPreferences&) const = default;
};
DisplayPreferences display_preferences();

// Sets the drawing-buffer size of the app's canvas and tells Emscripten's GLFW about it.
// (glfwSetWindowSize is not used: in Emscripten 3.1.6 a size equal to the screen's is
// taken as a fullscreen request, which the browser refuses without a user gesture.)
void set_canvas_size(int width, int height);

// Registers where snapshots and the widget list come from and fires `parley-ready`.
// Call once.
void announce_ready(std::function<std::string()> snapshot_json,
                    std::function<std::string()> widgets_json);

}  // namespace parley::bindings
