#include "bindings/js_string.h"

#include <emscripten/val.h>

#include <cstddef>

namespace parley::bindings {
namespace {

using emscripten::val;

// Below this many UTF-16 units embind's loop is as quick as the calls TextEncoder takes.
constexpr int kLongString = 256;

}  // namespace

std::string utf8_of(const val& js_string) {
  if (js_string["length"].as<int>() < kLongString) return js_string.as<std::string>();
  static const val encoder = val::global("TextEncoder").new_();
  const val bytes = encoder.call<val>("encode", js_string);
  std::string out(bytes["length"].as<std::size_t>(), '\0');
  // A view of `out`'s own bytes in the wasm heap, made after the allocation above, so a
  // memory growth cannot have detached it.
  val(emscripten::typed_memory_view(out.size(), reinterpret_cast<unsigned char*>(out.data())))
      .call<void>("set", bytes);
  return out;
}

}  // namespace parley::bindings
