// Keeps the GL state that Dear ImGui's backend reads back every frame on our side, so the
// reads do not wait for the GPU process (bindings/gl_state_cache.pre.js says why).
#pragma once

namespace parley::bindings {

// Once the app's WebGL context is current.
void cache_gl_state();

}  // namespace parley::bindings
