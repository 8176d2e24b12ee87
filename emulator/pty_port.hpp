#pragma once
// A pseudo-terminal pair standing in for a register's serial port.
//
// The host opens the slave side (/dev/pts/N) as it would /dev/ttyUSB0; the emulator reads
// and writes the master side. The emulator also keeps a slave descriptor of its own open:
// when the last slave descriptor closes, the master reads EIO until someone opens the
// slave again, so without it every host disconnect would look like a broken device.

#include <string>

namespace ws::emulator {

/// Owns one file descriptor; closes it on destruction.
class unique_fd {
 public:
  unique_fd() = default;
  explicit unique_fd(int fd) : fd_(fd) {}
  ~unique_fd() { reset(); }
  unique_fd(unique_fd&& other) noexcept : fd_(other.release()) {}
  unique_fd& operator=(unique_fd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

struct pty_pair {
  unique_fd master;
  unique_fd slave;          ///< kept open by the emulator, see above
  std::string slave_path;   ///< e.g. /dev/pts/7
};

/// Opens a pty with the slave in raw mode, 115200 baud, 8N1 (a host driver may change
/// that; it only matters to software that reads the settings back). The master is
/// non-blocking and close-on-exec. Throws std::system_error on failure.
pty_pair open_raw_pty();

/// Sets `fd` (a tty) to raw 8N1 at 115200 baud, no flow control.
void set_raw_115200_8n1(int fd);

}  // namespace ws::emulator
