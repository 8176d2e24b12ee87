#pragma once
// Loopback TCP ports for tests that serve or connect over TCP (the emulator's --tcp-port,
// register lines at tcp://127.0.0.1:N). Free when asked; a test binds them soon after.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <stdexcept>

namespace ws::test {

/// The first of `count` consecutive loopback ports that are free right now (a random
/// base in 20000..49999, so parallel test processes rarely pick the same one).
inline std::uint16_t free_port_range(int count) {
  std::mt19937 random(static_cast<unsigned>(::getpid()) ^
                      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count()));
  for (int attempt = 0; attempt < 50; ++attempt) {
    const auto base = static_cast<std::uint16_t>(20000 + random() % 30000);
    bool all_free = true;
    for (int i = 0; i < count && all_free; ++i) {
      const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (fd < 0) throw std::runtime_error("socket() failed while looking for a free port");
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_port = htons(static_cast<std::uint16_t>(base + i));
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      all_free = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
      ::close(fd);
    }
    if (all_free) return base;
  }
  throw std::runtime_error("no free TCP port range");
}

}  // namespace ws::test
