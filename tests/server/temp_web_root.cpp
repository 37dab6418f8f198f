#include "temp_web_root.h"

#include <fstream>
#include <random>
#include <string>

namespace parley::server::testing {
namespace fs = std::filesystem;

TempWebRoot::TempWebRoot() {
  std::random_device random;
  base_ = fs::temp_directory_path() / ("parley-web-" + std::to_string(random()));
  root_ = base_ / "root";
  fs::create_directories(root_);
  // Something a path-traversal bug would leak.
  std::ofstream(base_ / "secret.txt") << "must never be served";
}

TempWebRoot::~TempWebRoot() {
  std::error_code ignored;
  fs::remove_all(base_, ignored);
}

void TempWebRoot::add(const fs::path& relative, std::string_view contents) const {
  const fs::path file = root_ / relative;
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << contents;
}

}  // namespace parley::server::testing
