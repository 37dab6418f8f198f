#include "bindings/text_input.h"

#include <emscripten/val.h>

#include "bindings/js_string.h"

namespace parley::bindings {

using emscripten::val;

void follow_text_field(bool has_cursor, const std::string& label, float caret_x, float caret_y,
                       float line_height) {
  val::module_property("parleyTextInput")
      .call<void>("follow", has_cursor, label, caret_x, caret_y, line_height);
}

std::string take_committed_text() {
  return utf8_of(val::module_property("parleyTextInput").call<val>("take"));
}

}  // namespace parley::bindings
