#include "emulator/pty_symlink.hpp"

#include <stdexcept>
#include <system_error>

namespace ws::emulator {

namespace fs = std::filesystem;

void point_symlink(const fs::path& link, const fs::path& target) {
  std::error_code ec;
  const auto status = fs::symlink_status(link, ec);
  if (fs::exists(status) && !fs::is_symlink(status))
    throw std::runtime_error(link.string() + " exists and is not a symlink; not replacing it");
  fs::path temporary = link;
  temporary += ".new";
  fs::remove(temporary, ec);
  fs::create_symlink(target, temporary);
  fs::rename(temporary, link);
}

void remove_symlink(const fs::path& link) noexcept {
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(link, ec))) fs::remove(link, ec);
}

}  // namespace ws::emulator
