#pragma once
// Fixtures of the hosting tests: a fresh short folder under /tmp (Unix socket paths are
// limited to 107 bytes), farm options for fast tests, a free TCP port range, and a
// control-socket client.

#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <random>
#include <string>

#include "tests/support/free_port.hpp"
#include "tests/support/temp_dir.hpp"
#include "apps/host_driver/line_client.hpp"
#include "emulator/emulator_farm.hpp"
#include "emulator/pty_port.hpp"

namespace ws::test {

using host_driver::line_client;
using host_driver::status_command;
using host_driver::clock_type;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

/// Polls `done` every 10 ms until it holds or `limit` passes; returns its last value.
inline bool wait_until(const std::function<bool()>& done, milliseconds limit) {
  const auto deadline = clock_type::now() + limit;
  for (;;) {
    if (done()) return true;
    if (clock_type::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
}



/// Farm options for tests: a short reboot so reboot tests stay quick, long enough that
/// a loaded machine still sees the silence.
inline emulator::farm_options test_farm(const std::filesystem::path& dir, int count) {
  emulator::farm_options options;
  options.dir = dir;
  options.count = count;
  options.reboot_time = 1500ms;
  return options;
}

/// Sends one control command and reads the reply up to its final ok/error line.
inline std::string control_command(const std::filesystem::path& socket_path, const std::string& command,
                                   milliseconds limit = 10000ms) {
  emulator::unique_fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string path = socket_path.string();
  path.copy(address.sun_path, sizeof address.sun_path - 1);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    throw std::system_error(errno, std::generic_category(), "connect " + path);
  const std::string line = command + "\n";
  if (::write(fd.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size()))
    throw std::runtime_error("short write to the control socket");
  std::string reply;
  const auto deadline = clock_type::now() + limit;
  while (clock_type::now() < deadline) {
    pollfd p{fd.get(), POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n <= 0) break;
    reply.append(buffer, static_cast<std::size_t>(n));
    const auto last_line_start = reply.rfind('\n', reply.size() >= 2 ? reply.size() - 2 : 0);
    const std::string last = reply.substr(last_line_start == std::string::npos ? 0 : last_line_start + 1);
    if (!reply.empty() && reply.back() == '\n' && (last == "ok\n" || last.rfind("error:", 0) == 0)) break;
  }
  return reply;
}

}  // namespace ws::test
