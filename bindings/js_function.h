// C++ functions as JavaScript functions: event handlers and promise callbacks.
//
//   JsFunction on_message([](emscripten::val event) { ... });   // lives as long as this
//   socket.set("onmessage", on_message.function());
//   then(pc.call<val>("setLocalDescription"),
//        [](val value) { ... }, [](val error) { ... });          // once, then released
//
// Embind in Emscripten 3.1.6 cannot turn a lambda into a JS function, so each body is
// registered under an id and a shim (js_function.pre.js) makes a JS function that calls
// Module.invokeJsFunction(id, argument). A JsFunction that is gone leaves a JS function
// that does nothing, so late browser events are harmless. A body may destroy its own
// JsFunction (a socket closed from its own handler).
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <functional>
#include <string>

#include "core/ports/peer_connection.h"

namespace parley::bindings {

class JsFunction {
 public:
  explicit JsFunction(std::function<void(emscripten::val)> body);
  ~JsFunction();
  JsFunction(const JsFunction&) = delete;
  JsFunction& operator=(const JsFunction&) = delete;

  const emscripten::val& function() const { return function_; }

 private:
  std::uint32_t id_;
  emscripten::val function_;
};

// Calls `fulfilled` or `rejected` once when `promise` settles.
void then(const emscripten::val& promise, std::function<void(emscripten::val)> fulfilled,
          std::function<void(emscripten::val)> rejected);

// Runs `body` on a later turn of the event loop (setTimeout 0).
void later(std::function<void()> body);

// A rejected promise's reason (a DOMException, an Error or anything) as name + message.
ports::Failure failure_of(const emscripten::val& error);

// A JS value read as a string, or `fallback` when it is not one.
std::string string_or(const emscripten::val& value, std::string fallback = "");

}  // namespace parley::bindings
