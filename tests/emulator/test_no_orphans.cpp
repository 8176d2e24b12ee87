// A test process that is killed (a timeout's SIGKILL) takes the processes it started with
// it: the children that child_process starts, by exec (kkt-emulator) or by fork, ask for
// PR_SET_PDEATHSIG (tests/support/die_with_parent.hpp), and so do the benchmarks' children.

#include <catch2/catch.hpp>

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace ws::test;

namespace {

/// Gone: no such process, or a zombie waiting for init to reap it (it runs no more).
bool gone(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const auto close_paren = line.rfind(')');
  return close_paren != std::string::npos && close_paren + 2 < line.size() && line[close_paren + 2] == 'Z';
}

bool read_exact(int fd, void* out, std::size_t size, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  auto* at = static_cast<char*>(out);
  while (size > 0 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const ssize_t n = ::read(fd, at, size);
    if (n <= 0) return false;
    at += n;
    size -= static_cast<std::size_t>(n);
  }
  return size == 0;
}

}  // namespace

TEST_CASE("Processes a killed test started die with it", "[process][orphans]") {
  temp_dir dir;
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  // The "test": starts a kkt-emulator (exec) and a forked helper the way tests do, tells
  // us their pids, then waits to be killed.
  auto test_process = child_process::forked([&] {
    ::close(pipe_fds[0]);
    child_process emulator(WS_KKT_EMULATOR_PATH, {"--count", "1", "--dir", (dir.path() / "farm").string()});
    auto helper = child_process::forked([] {
      for (;;) ::pause();
      return 0;
    });
    const pid_t pids[2] = {emulator.pid(), helper->pid()};
    if (::write(pipe_fds[1], pids, sizeof pids) != static_cast<ssize_t>(sizeof pids)) return 1;
    for (;;) ::pause();
    return 0;
  });
  ::close(pipe_fds[1]);
  pid_t pids[2] = {-1, -1};
  const bool told = read_exact(pipe_fds[0], pids, sizeof pids, std::chrono::seconds(10));
  ::close(pipe_fds[0]);
  REQUIRE(told);
  REQUIRE(pids[0] > 0);
  REQUIRE(pids[1] > 0);
  CHECK_FALSE(gone(pids[0]));
  CHECK_FALSE(gone(pids[1]));

  test_process->kill_hard();  // SIGKILL, as a time limit does

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((!gone(pids[0]) || !gone(pids[1])) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const bool emulator_gone = gone(pids[0]);
  const bool helper_gone = gone(pids[1]);
  // Leave nothing behind even when the check fails.
  if (!emulator_gone) ::kill(pids[0], SIGKILL);
  if (!helper_gone) ::kill(pids[1], SIGKILL);
  CHECK(emulator_gone);
  CHECK(helper_gone);
}
