#include "bindings/gl_state_cache.h"

#include <emscripten/val.h>

namespace parley::bindings {

void cache_gl_state() {
  emscripten::val::module_property("cacheGlState")();
}

}  // namespace parley::bindings
