# Settings for every wasm target, included before targets are defined.

# Debian's emcc finds its JS tools (acorn) only with NODE_PATH set; set it for every
# compile and link so a plain `cmake --build` works from any shell.
set(PARLEY_EMSCRIPTEN_ENV ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
set(CMAKE_CXX_COMPILER_LAUNCHER ${PARLEY_EMSCRIPTEN_ENV})
set(CMAKE_CXX_LINKER_LAUNCHER ${PARLEY_EMSCRIPTEN_ENV})

# Programs run under node by ctest (the wasm lane). Node 20's fetch() cannot load a wasm
# file by path with 3.1.6's loader, so node's experimental fetch is turned off.
find_program(PARLEY_NODE node REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR "${PARLEY_NODE};--no-experimental-fetch")

add_link_options(-sALLOW_MEMORY_GROWTH=1)
# No eval or new Function in the generated JavaScript (embind then uses closures), so the
# pages run under a Content-Security-Policy without 'unsafe-eval' (src/server/security_headers.h).
add_link_options(-sDYNAMIC_EXECUTION=0)
