#pragma once
// A small tmpfs the test mounts itself on a fresh folder (it runs as root), unmounted at
// the end: a disk that fills up ("size=512k") or is read-only ("ro,size=64k") on demand.

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "tests/support/temp_dir.hpp"

namespace ws::test {

class small_tmpfs {
 public:
  /// `options` as mount(8) takes them; a leading "ro" mounts it read-only.
  explicit small_tmpfs(const std::string& options) {
    mounted_ = ::mount("tmpfs", dir_.path().c_str(), "tmpfs", options.find("ro") == 0 ? MS_RDONLY : 0,
                       options.c_str()) == 0;
    if (!mounted_) why_ = std::strerror(errno);
  }
  ~small_tmpfs() {
    if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
  }
  small_tmpfs(const small_tmpfs&) = delete;
  small_tmpfs& operator=(const small_tmpfs&) = delete;

  bool mounted() const { return mounted_; }
  /// Why it could not be mounted.
  const std::string& why() const { return why_; }
  std::string file(const std::string& name) const { return (dir_.path() / name).string(); }
  /// Fills what is left of it with one file, so the next write that needs room fails.
  void fill() const {
    std::ofstream filler(file("filler"), std::ios::binary);
    const std::string block(4096, 'x');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) {
    }
  }

 private:
  temp_dir dir_;
  bool mounted_ = false;
  std::string why_;
};

}  // namespace ws::test
