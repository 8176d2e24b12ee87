#pragma once
// A blocking host driver for one register line: opens it the way a user would (a serial
// or pty path with termios set to raw 115200 8N1, or a TCP connection) and talks to it
// with the real host_link in a small synchronous poll loop. Every wait is bounded by a
// deadline. Used by kkt-cli and by the tests; the farm itself drives lines from actors.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "emulator/pty_port.hpp"
#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/commands.hpp"
#include "protocol/shtrih/host_link.hpp"

namespace ws::host_driver {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using clock_type = std::chrono::steady_clock;

class line_client {
 public:
  /// Opens a serial device path: O_RDWR|O_NOCTTY, raw 115200 8N1, queues flushed unless
  /// told not to (as a careless driver would).
  static line_client open_serial(const std::string& path, bool flush = true) {
    emulator::unique_fd fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!fd) throw std::system_error(errno, std::generic_category(), "open " + path);
    termios tio{};
    if (::tcgetattr(fd.get(), &tio) != 0) throw std::system_error(errno, std::generic_category(), "tcgetattr");
    ::cfmakeraw(&tio);
    tio.c_cflag &= ~static_cast<tcflag_t>(PARENB | CSTOPB | CSIZE);
    tio.c_cflag |= CS8 | CLOCAL | CREAD;
    ::cfsetispeed(&tio, B115200);
    ::cfsetospeed(&tio, B115200);
    if (::tcsetattr(fd.get(), TCSANOW, &tio) != 0) throw std::system_error(errno, std::generic_category(), "tcsetattr");
    if (flush) ::tcflush(fd.get(), TCIOFLUSH);
    return line_client(std::move(fd));
  }

  /// Connects to 127.0.0.1:port.
  static line_client connect_tcp(std::uint16_t port) {
    emulator::unique_fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) throw std::system_error(errno, std::generic_category(), "socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
      throw std::system_error(errno, std::generic_category(), "connect 127.0.0.1:" + std::to_string(port));
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
    return line_client(std::move(fd));
  }

  int fd() const { return fd_.get(); }

  /// One command through host_link. nullopt only if the link itself never finished
  /// within `limit` (a bug: it has its own timeouts).
  std::optional<shtrih::link_outcome> exchange(const bytes& command, milliseconds answer_timeout = 3000ms,
                                               milliseconds limit = 30000ms) {
    const auto deadline = clock_type::now() + limit;
    link_.send(command, answer_timeout, clock_type::now());
    while (clock_type::now() < deadline) {
      write_all(link_.take_output());
      if (auto outcome = link_.take_outcome()) return outcome;
      auto wake = deadline;
      if (auto due = link_.next_deadline()) wake = std::min(wake, *due);
      const bytes in = read_for(std::chrono::duration_cast<milliseconds>(wake - clock_type::now()) + 1ms);
      const auto now = clock_type::now();
      if (!in.empty()) link_.on_bytes(in.data(), in.size(), now);
      if (auto due = link_.next_deadline(); due && *due <= now) link_.on_timer(now);
    }
    link_.reset();
    return link_.take_outcome();
  }

  /// The reply payload of a command, or an empty buffer if there was none.
  bytes ask(const bytes& command, milliseconds answer_timeout = 3000ms) {
    auto outcome = exchange(command, answer_timeout);
    if (!outcome || outcome->what != shtrih::link_outcome::kind::reply) return {};
    return outcome->reply;
  }

  /// Writes raw bytes, then gathers everything that arrives within `window`.
  bytes raw(const bytes& out, milliseconds window) {
    write_all(out);
    return collect(window);
  }

  /// Everything that arrives within `window` (reads until the window ends).
  bytes collect(milliseconds window) {
    const auto deadline = clock_type::now() + window;
    bytes all;
    for (;;) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - clock_type::now());
      if (left.count() <= 0) break;
      const bytes in = read_for(left);
      all.insert(all.end(), in.begin(), in.end());
      if (hung_up_) break;
    }
    return all;
  }

  /// Reads until `count` bytes arrived or `limit` passed.
  bytes read_bytes(std::size_t count, milliseconds limit) {
    const auto deadline = clock_type::now() + limit;
    bytes all;
    while (all.size() < count && !hung_up_) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - clock_type::now());
      if (left.count() <= 0) break;
      const bytes in = read_for(left);
      all.insert(all.end(), in.begin(), in.end());
    }
    return all;
  }

  /// True once a read saw the line hang up (EIO, EOF or POLLHUP).
  bool hung_up() const { return hung_up_; }

  void write_all(const bytes& data) {
    std::size_t done = 0;
    const auto deadline = clock_type::now() + 2s;
    while (done < data.size() && clock_type::now() < deadline) {
      const ssize_t n = ::write(fd_.get(), data.data() + done, data.size() - done);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
      } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        hung_up_ = true;
        return;
      } else {
        std::this_thread::sleep_for(1ms);
      }
    }
  }

 private:
  explicit line_client(emulator::unique_fd fd) : fd_(std::move(fd)) {}

  /// Waits up to `timeout` for input and returns what one read gives (maybe nothing).
  bytes read_for(milliseconds timeout) {
    pollfd p{fd_.get(), POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::max<long long>(0, timeout.count())));
    if (ready <= 0) return {};
    byte_t buffer[512];
    const ssize_t n = ::read(fd_.get(), buffer, sizeof buffer);
    if (n > 0) return bytes(buffer, buffer + n);
    if (n == 0 || (errno != EAGAIN && errno != EINTR) || (p.revents & (POLLHUP | POLLERR))) {
      hung_up_ = true;
      std::this_thread::sleep_for(std::min(timeout, milliseconds(10)));
    }
    return {};
  }

  emulator::unique_fd fd_;
  shtrih::host_link link_;
  bool hung_up_ = false;
};

/// 11h full status with the administrator's password 30: 11 1E 00 00 00.
inline bytes status_command() { return shtrih::full_status_request{shtrih::default_admin_password}.encode(); }

}  // namespace ws::host_driver
