// Entry point of the wasm app: starts the App and hands its frame to the browser's
// requestAnimationFrame loop. main() returns; the runtime stays alive for the loop.
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdio>

#include "app/app.h"

namespace {

parley::app::App& the_app() {
  static parley::app::App app;
  return app;
}

struct CssSize {
  int width = 0;
  int height = 0;
};

// The canvas fills the page (see shell/parley.html); its drawing buffer follows it.
CssSize canvas_css_size() {
  double width = 0;
  double height = 0;
  emscripten_get_element_css_size("#canvas", &width, &height);
  return {static_cast<int>(std::lround(width)), static_cast<int>(std::lround(height))};
}

void fit_canvas_to_page() {
  const CssSize size = canvas_css_size();
  the_app().resize(size.width, size.height);
}

}  // namespace

int main() {
  const CssSize size = canvas_css_size();
  if (const std::string error = the_app().start(size.width, size.height); !error.empty()) {
    std::fprintf(stderr, "Parley cannot start: %s\n", error.c_str());
    return 1;
  }
  emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false,
                                 [](int, const EmscriptenUiEvent*, void*) -> EM_BOOL {
                                   fit_canvas_to_page();
                                   return EM_FALSE;
                                 });
  emscripten_set_main_loop([] { the_app().frame(); }, 0, false);
  return 0;
}
