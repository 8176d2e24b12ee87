#pragma once
// A new empty folder /tmp/ws-XXXXXX for one test, removed with everything in it at the end.
// Kept short: Unix socket paths under it (the emulator's control.sock) are limited to 107 bytes.

#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace ws::test {

class temp_dir {
 public:
  temp_dir() {
    char pattern[] = "/tmp/ws-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::system_error(errno, std::generic_category(), "mkdtemp");
    path_ = pattern;
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace ws::test
