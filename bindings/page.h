// The page around the app: its URL, the browser's randomness, and the ready signal
// tests and embedders wait on.
//
// After the first frame is drawn the app calls announce_ready(); the page then fires a
// `parley-ready` event on `document`, and `window.parley.snapshot()` (see shell/) returns
// the JSON the given provider produces. Tests wait on that instead of sleeping.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace parley::bindings {

// location.href of the page.
std::string page_url();

// Fills `out` from crypto.getRandomValues (a CSPRNG).
void fill_random(std::span<std::uint8_t> out);

// Sets the drawing-buffer size of the app's canvas and tells Emscripten's GLFW about it.
// (glfwSetWindowSize is not used: in Emscripten 3.1.6 a size equal to the screen's is
// taken as a fullscreen request, which the browser refuses without a user gesture.)
void set_canvas_size(int width, int height);

// Registers where snapshots come from and fires `parley-ready`. Call once.
void announce_ready(std::function<std::string()> snapshot_json);

}  // namespace parley::bindings
