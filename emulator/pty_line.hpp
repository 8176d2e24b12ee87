#pragma once
// A device's serial line on a pty: reads the master side on an Asio io_context, writes to
// it without blocking, and keeps DIR/<name> pointing at the current /dev/pts/N.
// Not thread-safe: use it from its io_context's thread only.

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "emulator/pty_port.hpp"
#include "protocol/common/bytes.hpp"

namespace ws::emulator {

class pty_open_watch;

class pty_line {
 public:
  using bytes_handler = std::function<void(const byte_t* data, std::size_t size)>;

  /// `link_path` may be empty: then no symlink is kept.
  pty_line(boost::asio::io_context& io, std::filesystem::path link_path, bytes_handler on_bytes);
  ~pty_line();
  pty_line(const pty_line&) = delete;
  pty_line& operator=(const pty_line&) = delete;

  /// Opens a fresh pty, points the symlink at it and starts reading. Throws on failure.
  void open();
  /// Hangs the line up: the host's open slave sees EIO/POLLHUP; the symlink is removed.
  void close();
  bool is_open() const { return master_.is_open(); }

  /// Writes what the line takes now. While no host has the port open, or when its
  /// buffer is full (nobody reading), the bytes are lost, as on a real serial line.
  void write(const bytes& data);
  /// False while no process but the emulator has the slave open (when known).
  bool host_present() const { return watch_handle_ < 0 || host_opens_ > 0; }

  /// The slave's path (/dev/pts/N), empty while closed.
  const std::string& slave_path() const { return slave_path_; }
  const std::filesystem::path& link_path() const { return link_path_; }

 private:
  void read_more();
  void on_host_open_change(int change);

  boost::asio::posix::stream_descriptor master_;
  pty_open_watch& watch_;
  unique_fd slave_;
  std::string slave_path_;
  std::filesystem::path link_path_;
  bytes_handler on_bytes_;
  std::uint32_t generation_ = 0;
  int watch_handle_ = -1;  ///< pty_open_watch handle of the current pty, -1 if unknown
  int host_opens_ = 0;     ///< host descriptors open on the slave
  std::array<byte_t, 128> buffer_{};
};

}  // namespace ws::emulator
