#pragma once

#include <filesystem>

namespace chronotrail::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction, so
// every server a test starts gets its own database and signing key.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace chronotrail::testing
