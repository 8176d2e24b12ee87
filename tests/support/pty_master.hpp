#pragma once
// Reading what a program under test writes to a pty, from the master side the test holds.

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>

#include "emulator/pty_port.hpp"
#include "protocol/common/bytes.hpp"

namespace ws::test {

/// Reads the master side of `pty` until at least `count` bytes came or `limit` passed;
/// returns all that came (possibly more than `count`, or fewer at the limit).
inline bytes read_pty_master(const emulator::pty_pair& pty, std::size_t count, std::chrono::milliseconds limit) {
  bytes got;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (got.size() < count && std::chrono::steady_clock::now() < deadline) {
    pollfd p{pty.master.get(), POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    byte_t buffer[64];
    const auto n = ::read(pty.master.get(), buffer, sizeof buffer);
    if (n > 0) got.insert(got.end(), buffer, buffer + n);
  }
  return got;
}

}  // namespace ws::test
