#include "bindings/js_function.h"

#include <emscripten/bind.h>

#include <memory>
#include <unordered_map>

#include "bindings/js_string.h"

namespace parley::bindings {
using emscripten::val;

namespace {

using Body = std::function<void(val)>;

struct Registry {
  std::uint32_t next_id = 1;
  std::unordered_map<std::uint32_t, std::shared_ptr<Body>> bodies;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

std::uint32_t add(Body body) {
  auto& r = registry();
  const std::uint32_t id = r.next_id++;
  r.bodies.emplace(id, std::make_shared<Body>(std::move(body)));
  return id;
}

// Exported as Module.invokeJsFunction. The body is held by a copy of its pointer while it
// runs, so it may unregister (destroy) its own JsFunction.
void invoke_js_function(std::uint32_t id, val argument) {
  const auto& bodies = registry().bodies;
  const auto it = bodies.find(id);
  if (it == bodies.end()) return;  // released: a late event
  const std::shared_ptr<Body> body = it->second;
  (*body)(std::move(argument));
}

// A body that runs once and releases itself.
std::uint32_t add_once(Body body) {
  auto id = std::make_shared<std::uint32_t>(0);
  *id = add([id, body = std::move(body)](val argument) {
    registry().bodies.erase(*id);  // `body` lives on in this running lambda's copy
    body(std::move(argument));
  });
  return *id;
}

}  // namespace

JsFunction::JsFunction(std::function<void(val)> body)
    : id_(add(std::move(body))), function_(val::module_property("makeJsFunction")(id_)) {}

JsFunction::~JsFunction() {
  registry().bodies.erase(id_);
}

void then(const val& promise, std::function<void(val)> fulfilled,
          std::function<void(val)> rejected) {
  const std::uint32_t id =
      add_once([fulfilled = std::move(fulfilled), rejected = std::move(rejected)](val outcome) {
        if (outcome["ok"].as<bool>()) {
          fulfilled(outcome["value"]);
        } else {
          rejected(outcome["error"]);
        }
      });
  val::module_property("thenJsFunction")(promise, id);
}

void later(std::function<void()> body) {
  const std::uint32_t id = add_once([body = std::move(body)](val) { body(); });
  val::module_property("laterJsFunction")(id);
}

std::string string_or(const val& value, std::string fallback) {
  return value.isString() ? utf8_of(value) : fallback;
}

ports::Failure failure_of(const val& error) {
  if (error.isNull() || error.isUndefined()) return {"Error", "unknown error"};
  if (error.isString()) return {"Error", error.as<std::string>()};
  return {string_or(error["name"], "Error"),
          string_or(error["message"], val::global("String")(error).as<std::string>())};
}

EMSCRIPTEN_BINDINGS(parley_js_function) {
  emscripten::function("invokeJsFunction", &invoke_js_function);
}

}  // namespace parley::bindings
