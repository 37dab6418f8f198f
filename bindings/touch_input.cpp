#include "bindings/touch_input.h"

#include <emscripten/val.h>

namespace parley::bindings {

std::vector<TouchEvent> take_touch_events() {
  const emscripten::val flat =
      emscripten::val::module_property("parleyTouch").call<emscripten::val>("take");
  const auto length = flat["length"].as<unsigned>();
  std::vector<TouchEvent> events;
  events.reserve(length / 3);
  for (unsigned i = 0; i + 2 < length; i += 3) {
    TouchEvent event;
    event.kind = static_cast<TouchEvent::Kind>(flat[i].as<int>());
    event.x = flat[i + 1].as<float>();
    event.y = flat[i + 2].as<float>();
    events.push_back(event);
  }
  return events;
}

}  // namespace parley::bindings
