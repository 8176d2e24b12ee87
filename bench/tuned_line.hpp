#pragma once
// A host side for one pty with a host_link whose timing the benchmark chooses. The
// project's line_client always uses the protocol's timing (byte_timeout 50 ms); this one
// exists only so bench_link_roundtrip can show what that quiet time costs by running the
// same exchange with a shorter one on both sides. Not a driver: no retries of its own,
// no TCP, no flags beyond raw 8N1.

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

#include "emulator/pty_port.hpp"
#include "protocol/shtrih/host_link.hpp"

namespace ws::bench {

class tuned_line {
 public:
  tuned_line(const std::string& path, shtrih::link_timing timing) : link_(timing) {
    fd_ = emulator::unique_fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!fd_) throw std::system_error(errno, std::generic_category(), "open " + path);
    termios tio{};
    if (::tcgetattr(fd_.get(), &tio) != 0) throw std::system_error(errno, std::generic_category(), "tcgetattr");
    ::cfmakeraw(&tio);
    if (::tcsetattr(fd_.get(), TCSANOW, &tio) != 0) throw std::system_error(errno, std::generic_category(), "tcsetattr");
    ::tcflush(fd_.get(), TCIOFLUSH);
  }

  /// The reply to `command`, or an empty buffer when the link gave up or `limit` passed.
  bytes ask(const bytes& command, std::chrono::milliseconds answer_timeout,
            std::chrono::milliseconds limit = std::chrono::milliseconds(30000)) {
    using clock = shtrih::link_clock;
    const auto deadline = clock::now() + limit;
    link_.send(command, answer_timeout, clock::now());
    while (clock::now() < deadline) {
      write_all(link_.take_output());
      if (auto outcome = link_.take_outcome())
        return outcome->what == shtrih::link_outcome::kind::reply ? outcome->reply : bytes{};
      auto wake = deadline;
      if (auto due = link_.next_deadline()) wake = std::min(wake, *due);
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(wake - clock::now()) +
                        std::chrono::milliseconds(1);
      pollfd p{fd_.get(), POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(std::max<long long>(0, wait.count()))) > 0) {
        byte_t buffer[512];
        const ssize_t n = ::read(fd_.get(), buffer, sizeof buffer);
        if (n > 0) link_.on_bytes(buffer, static_cast<std::size_t>(n), clock::now());
      }
      const auto now = clock::now();
      if (auto due = link_.next_deadline(); due && *due <= now) link_.on_timer(now);
    }
    link_.reset();
    return {};
  }

 private:
  /// Writes everything, waiting for room at most 2 s in all (a stuck pty fails the run).
  void write_all(const bytes& data) {
    std::size_t done = 0;
    const auto deadline = shtrih::link_clock::now() + std::chrono::seconds(2);
    while (done < data.size()) {
      const ssize_t n = ::write(fd_.get(), data.data() + done, data.size() - done);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EINTR)
        throw std::system_error(errno, std::generic_category(), "write to the pty");
      if (shtrih::link_clock::now() >= deadline) throw std::runtime_error("the pty took no bytes for 2 s");
      pollfd p{fd_.get(), POLLOUT, 0};
      ::poll(&p, 1, 10);
    }
  }

  emulator::unique_fd fd_;
  shtrih::host_link link_;
};

}  // namespace ws::bench
