# Third-party libraries, all from Debian packages (see README.md, "Dependencies").
#   parley::json   nlohmann/json 3.11 (header-only; native and wasm)
#   GTest::gtest   GoogleTest 1.12 built from /usr/src/googletest (native and wasm)
#   Boost, OpenSSL native only, found by the server's CMakeLists.

# nlohmann/json is header-only. For wasm the system include dir cannot be added as a
# whole (its libc headers would shadow Emscripten's), so a link to just nlohmann/ is used.
set(PARLEY_JSON_INCLUDE "${CMAKE_BINARY_DIR}/_include")
if(NOT EXISTS /usr/include/nlohmann/json.hpp)
  message(FATAL_ERROR "nlohmann/json not found: run tools/install-deps")
endif()
file(MAKE_DIRECTORY "${PARLEY_JSON_INCLUDE}")
file(CREATE_LINK /usr/include/nlohmann "${PARLEY_JSON_INCLUDE}/nlohmann" SYMBOLIC)
add_library(parley_json INTERFACE)
add_library(parley::json ALIAS parley_json)
target_include_directories(parley_json SYSTEM INTERFACE "${PARLEY_JSON_INCLUDE}")

# GoogleTest from Debian's sources, so native, sanitizer and wasm builds use one version
# compiled with the same flags as the code under test.
set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
set(BUILD_GMOCK ON CACHE BOOL "" FORCE)
add_subdirectory(/usr/src/googletest "${CMAKE_BINARY_DIR}/_googletest" EXCLUDE_FROM_ALL SYSTEM)
