#include "bindings/accessible_mirror.h"

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <utility>

namespace parley::bindings {
namespace {

struct Handlers {
  std::function<void(const std::string&)> activate;
  std::function<void(const std::string&)> focus;
};

Handlers& handlers() {
  static Handlers all;
  return all;
}

// Exported to JS as Module.mirrorActivate(key) / Module.mirrorFocus(key).
void mirror_activate(const std::string& key) {
  if (handlers().activate) handlers().activate(key);
}
void mirror_focus(const std::string& key) {
  if (handlers().focus) handlers().focus(key);
}

}  // namespace

void show_in_mirror(const std::string& nodes_json) {
  emscripten::val::module_property("parleyMirror").call<void>("show", nodes_json);
}

void on_mirror_events(std::function<void(const std::string&)> activate,
                      std::function<void(const std::string&)> focus) {
  handlers() = {std::move(activate), std::move(focus)};
}

EMSCRIPTEN_BINDINGS(parley_accessible_mirror) {
  emscripten::function("mirrorActivate", &mirror_activate);
  emscripten::function("mirrorFocus", &mirror_focus);
}

}  // namespace parley::bindings
