#include "bindings/page.h"

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <utility>

#include "bindings/js_function.h"

namespace parley::bindings {
namespace {

using emscripten::val;

struct Providers {
  std::function<std::string()> snapshot;
  std::function<std::string()> widgets;
};

Providers& providers() {
  static Providers all;
  return all;
}

// Exported to JS as Module.appSnapshot(); "{}" until the app is ready.
std::string app_snapshot() {
  const auto& provider = providers().snapshot;
  return provider ? provider() : std::string("{}");
}

// Exported to JS as Module.appWidgets(); "[]" until the app is ready.
std::string app_widgets() {
  const auto& provider = providers().widgets;
  return provider ? provider() : std::string("[]");
}

}  // namespace

std::string page_url() {
  return val::global("location")["href"].as<std::string>();
}

std::string default_signaling_url() {
  const val location = val::global("location");
  const bool secure = location["protocol"].as<std::string>() == "https:";
  return std::string(secure ? "wss://" : "ws://") + location["host"].as<std::string>() + "/";
}

void copy_to_clipboard(const std::string& text, std::function<void(bool)> done) {
  const val clipboard = val::global("navigator")["clipboard"];
  if (clipboard.isUndefined() || clipboard.isNull()) {  // insecure context
    done(false);
    return;
  }
  then(
      clipboard.call<val>("writeText", text), [done](val) { done(true); },
      [done](val) { done(false); });
}

void download_text(const std::string& file_name, const std::string& mime_type,
                   const std::string& text) {
  val parts = val::array();
  parts.call<void>("push", text);
  val options = val::object();
  options.set("type", mime_type);
  const val blob = val::global("Blob").new_(parts, options);
  val url_api = val::global("URL");
  const val url = url_api.call<val>("createObjectURL", blob);
  val document = val::global("document");
  val link = document.call<val>("createElement", std::string("a"));
  link.set("href", url);
  link.set("download", file_name);
  document["body"].call<void>("appendChild", link);
  link.call<void>("click");
  link.call<void>("remove");
  // The download has its own reference by now; the URL can go on a later turn.
  val::global("setTimeout")(url_api["revokeObjectURL"].call<val>("bind", url_api, url), 10'000);
}

void pick_file(std::function<void(val file)> picked) {
  // One picker at a time; a picker the person closed without choosing is replaced.
  static std::unique_ptr<JsFunction> on_pick;
  on_pick = std::make_unique<JsFunction>([picked](val file) {
    if (!file.isNull() && !file.isUndefined()) picked(file);
  });
  val::module_property("pickFile")(on_pick->function());
}

void save_received_file(const std::string& key) {
  val::module_property("saveReceived")(key);
}

void fill_random(std::span<std::uint8_t> out) {
  // getRandomValues fills a JS array; copy it into wasm memory.
  val bytes = val::global("Uint8Array").new_(out.size());
  val::global("crypto").call<void>("getRandomValues", bytes);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = bytes[i].as<std::uint8_t>();
  }
}

double device_pixel_ratio() {
  const val ratio = val::global("devicePixelRatio");
  return ratio.isNumber() && ratio.as<double>() > 0 ? ratio.as<double>() : 1.0;
}

DisplayPreferences display_preferences() {
  const val match_media = val::global("matchMedia");
  if (match_media.isUndefined()) return {};
  const auto matches = [&](const char* query) {
    return match_media(std::string(query))["matches"].as<bool>();
  };
  return {.reduced_motion = matches("(prefers-reduced-motion: reduce)"),
          .more_contrast = matches("(prefers-contrast: more)")};
}

void set_canvas_size(int width, int height) {
  val::module_property("setCanvasSize")(width, height);
}

void announce_ready(std::function<std::string()> snapshot_json,
                    std::function<std::string()> widgets_json) {
  providers() = {std::move(snapshot_json), std::move(widgets_json)};
  val event = val::global("Event").new_(std::string("parley-ready"));
  val::global("document").call<bool>("dispatchEvent", event);
}

EMSCRIPTEN_BINDINGS(parley_page) {
  emscripten::function("appSnapshot", &app_snapshot);
  emscripten::function("appWidgets", &app_widgets);
}

}  // namespace parley::bindings
