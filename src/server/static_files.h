// Maps request targets to files under the web root, safely.
//
// Only plain paths below the root resolve: "..", backslashes, NUL, encoded slashes and
// absolute tricks are refused, as are dotfiles and dot-folders (.git, .env) and files
// that a symlink takes outside the root. "/" and folder paths map to their index.html.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace parley::server {

// The file `target` (an HTTP request-target, query ignored) names under `web_root`,
// or nothing when the target is not a safe relative path or the file does not exist.
std::optional<std::filesystem::path> resolve_static_file(const std::filesystem::path& web_root,
                                                         std::string_view target);

// Content-Type for a file name, by extension. wasm must be application/wasm so that
// browsers compile it while it streams.
std::string_view mime_type_for(const std::filesystem::path& file);

}  // namespace parley::server
