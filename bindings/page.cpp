#include "bindings/page.h"

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <utility>

namespace parley::bindings {
namespace {

using emscripten::val;

std::function<std::string()>& snapshot_provider() {
  static std::function<std::string()> provider;
  return provider;
}

// Exported to JS as Module.appSnapshot(); "{}" until the app is ready.
std::string app_snapshot() {
  const auto& provider = snapshot_provider();
  return provider ? provider() : std::string("{}");
}

}  // namespace

std::string page_url() {
  return val::global("location")["href"].as<std::string>();
}

void fill_random(std::span<std::uint8_t> out) {
  // getRandomValues fills a JS array; copy it into wasm memory.
  val bytes = val::global("Uint8Array").new_(out.size());
  val::global("crypto").call<void>("getRandomValues", bytes);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = bytes[i].as<std::uint8_t>();
  }
}

void set_canvas_size(int width, int height) {
  val::module_property("setCanvasSize")(width, height);
}

void announce_ready(std::function<std::string()> snapshot_json) {
  snapshot_provider() = std::move(snapshot_json);
  val event = val::global("Event").new_(std::string("parley-ready"));
  val::global("document").call<bool>("dispatchEvent", event);
}

EMSCRIPTEN_BINDINGS(parley_page) {
  emscripten::function("appSnapshot", &app_snapshot);
}

}  // namespace parley::bindings
