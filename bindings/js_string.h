// A JavaScript string as UTF-8 bytes in a std::string, fast for long ones.
//
//   std::string message = utf8_of(event["data"]);   // a 10 KB offer: one native copy
//
// Embind's own conversion (val::as<std::string>) walks the string twice in JavaScript,
// once to measure and once to encode. Until V8 has optimised that loop - and on a fresh
// page it has not - a 10 KB session description costs milliseconds, on the call's
// critical path (tools/bench/call-setup with TRACE_DIR showed 3-5 ms per page). Long
// strings go through TextEncoder instead, which encodes natively.
#pragma once

#include <emscripten/val.h>

#include <string>

namespace parley::bindings {

// `js_string` must be a JavaScript string. Lone surrogates (which cannot come from the
// network: WebSocket and data channel text is valid UTF-8) become U+FFFD in long
// strings, as TextEncoder does; short ones keep embind's conversion.
std::string utf8_of(const emscripten::val& js_string);

}  // namespace parley::bindings
