#include "emulator/sd_card.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "emulator/durable_file.hpp"

namespace ws::emulator {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

/// Closes the descriptor on every path out.
struct file_descriptor {
  int fd;
  ~file_descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

sd_card::sd_card(std::filesystem::path dir, bool durable) : dir_(std::move(dir)), durable_(durable) {}

std::filesystem::path sd_card::path_of(shtrih::firmware_file file) const {
  return dir_ / (file == shtrih::firmware_file::loader ? "sd-loader.bin" : "sd-firmware.bin");
}

void sd_card::write_block(shtrih::firmware_file file, std::uint16_t block_number,
                          const std::array<std::uint8_t, shtrih::firmware_block_size>& data) const {
  const auto path = path_of(file);
  const file_descriptor out{::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600)};
  if (out.fd < 0) fail("cannot open", path);
  const auto offset = static_cast<off_t>(block_number) * static_cast<off_t>(shtrih::firmware_block_size);
  std::size_t written = 0;
  while (written < data.size()) {
    const auto n = ::pwrite(out.fd, data.data() + written, data.size() - written, offset + static_cast<off_t>(written));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write", path);
    written += static_cast<std::size_t>(n);
  }
  if (durable_ && ::fdatasync(out.fd) != 0) fail("cannot flush", path);
}

bytes sd_card::contents(shtrih::firmware_file file) const {
  auto content = read_whole_file(path_of(file));
  return content ? std::move(*content) : bytes{};
}

}  // namespace ws::emulator
