# Dear ImGui 1.86 compiled from the sources tools/fetch-imgui unpacked into the build
# tree (Debian's libimgui-dev is native-only). Backends: Emscripten's GLFW (JS) and
# OpenGL ES 3 = WebGL2.
set(PARLEY_IMGUI_DIR "${PARLEY_DEPS_DIR}/imgui")
if(NOT EXISTS "${PARLEY_IMGUI_DIR}/imgui.h")
  message(FATAL_ERROR "Dear ImGui sources not found in ${PARLEY_IMGUI_DIR}: run tools/install-deps")
endif()

add_library(imgui STATIC
  "${PARLEY_IMGUI_DIR}/imgui.cpp"
  "${PARLEY_IMGUI_DIR}/imgui_draw.cpp"
  "${PARLEY_IMGUI_DIR}/imgui_tables.cpp"
  "${PARLEY_IMGUI_DIR}/imgui_widgets.cpp"
  "${PARLEY_IMGUI_DIR}/backends/imgui_impl_glfw.cpp"
  "${PARLEY_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp"
)
target_include_directories(imgui SYSTEM PUBLIC "${PARLEY_IMGUI_DIR}" "${PARLEY_IMGUI_DIR}/backends")
# The backend would pick GLES2 on Emscripten by default; WebGL2 is GLES3.
# ImWchar of 32 bits: text fields hold emoji and other characters beyond U+FFFF.
target_compile_definitions(imgui PUBLIC IMGUI_IMPL_OPENGL_ES3 IMGUI_DISABLE_OBSOLETE_FUNCTIONS
                                        IMGUI_USE_WCHAR32)
target_link_options(imgui INTERFACE -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sFULL_ES3=1)
