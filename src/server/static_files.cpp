#include "server/static_files.h"

#include <algorithm>
#include <array>
#include <system_error>
#include <utility>

#include "core/base/percent_decode.h"

namespace parley::server {
namespace fs = std::filesystem;

namespace {

// A decoded path segment must not smuggle a separator or NUL in through an escape.
bool is_plain_segment(std::string_view segment) {
  return segment.find_first_of(std::string_view("/\\\0", 3)) == std::string_view::npos;
}

}  // namespace

std::optional<fs::path> resolve_static_file(const fs::path& web_root, std::string_view target) {
  const std::string_view path = target.substr(0, target.find_first_of("?#"));
  if (path.empty() || path.front() != '/') return std::nullopt;

  // Split first, decode each segment after, so "%2F" can never become a separator.
  fs::path relative;
  std::string_view rest = path.substr(1);
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const auto segment = percent_decode(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (!segment || !is_plain_segment(*segment)) return std::nullopt;
    if (segment->empty() || *segment == ".") continue;
    // "..", and every dotfile or dot-folder (.git, .env, .htpasswd): never served.
    if (segment->front() == '.') return std::nullopt;
    relative /= *segment;
  }

  fs::path file = web_root / relative;
  std::error_code error;
  if (fs::is_directory(file, error)) file /= "index.html";
  if (!fs::is_regular_file(file, error)) return std::nullopt;
  // A symlink in the root may point anywhere: what is served must really be inside it.
  const fs::path real_root = fs::canonical(web_root, error);
  if (error) return std::nullopt;
  const fs::path real_file = fs::canonical(file, error);
  if (error) return std::nullopt;
  const auto [root_end, file_at] =
      std::mismatch(real_root.begin(), real_root.end(), real_file.begin(), real_file.end());
  if (root_end != real_root.end()) return std::nullopt;
  return real_file;  // opened as checked, not through the link again
}

std::string_view mime_type_for(const fs::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},  // the control bar's icons
      {".txt", "text/plain; charset=utf-8"},
      {".ts", "text/plain; charset=utf-8"},  // parley.d.ts, readable in the browser
  }};
  const std::string extension = file.extension().string();
  for (const auto& [known, type] : kTypes) {
    if (extension == known) return type;
  }
  return "application/octet-stream";
}

}  // namespace parley::server
