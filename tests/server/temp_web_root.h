// A throwaway web root for server tests: a temp folder with files, removed afterwards.
#pragma once

#include <filesystem>
#include <string_view>

namespace parley::server::testing {

class TempWebRoot {
 public:
  TempWebRoot();
  ~TempWebRoot();
  TempWebRoot(const TempWebRoot&) = delete;
  TempWebRoot& operator=(const TempWebRoot&) = delete;

  // Writes `contents` to `relative` (folders created as needed).
  void add(const std::filesystem::path& relative, std::string_view contents) const;
  const std::filesystem::path& path() const { return root_; }

 private:
  std::filesystem::path base_;  // holds root_ and a sibling "secret" file outside it
  std::filesystem::path root_;
};

}  // namespace parley::server::testing
