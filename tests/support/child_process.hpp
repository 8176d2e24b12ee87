#pragma once
// A program started by a test, its standard output collected through a pipe. Every wait
// is bounded; the destructor kills the child (by its own pid) if it still runs, so a
// failed test leaves nothing behind, and the child dies with this process if the test
// binary itself is killed (die_with_parent.hpp).

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "emulator/pty_port.hpp"
#include "tests/support/die_with_parent.hpp"

extern char** environ;

namespace ws::test {

#define CHILD_REQUIRE(condition) \
  do {                           \
    if (!(condition)) throw std::runtime_error("child_process: " #condition); \
  } while (false)

class child_process {
 public:
  child_process(const std::string& program, const std::vector<std::string>& arguments) {
    int pipe_fds[2];
    CHILD_REQUIRE(::pipe2(pipe_fds, O_CLOEXEC) == 0);
    ws::emulator::unique_fd read_end(pipe_fds[0]);
    ws::emulator::unique_fd write_end(pipe_fds[1]);
    std::vector<std::string> all{program};
    all.insert(all.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    // fork + exec rather than posix_spawn: the child must ask for PR_SET_PDEATHSIG
    // before exec, so that it dies with this process (die_with_parent.hpp).
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    CHILD_REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      die_with_parent(parent);
      if (::dup2(write_end.get(), STDOUT_FILENO) < 0) ::_exit(126);
      ::execve(program.c_str(), argv.data(), environ);
      ::_exit(127);
    }
    output_fd_ = std::move(read_end);
    ::fcntl(output_fd_.get(), F_SETFL, ::fcntl(output_fd_.get(), F_GETFL) | O_NONBLOCK);
  }
  /// Runs `body` (returning the exit code) in a forked copy of this process: for code that
  /// may hang, so that a hang is a bounded wait_exit() of -1 instead of a hung test. Its
  /// standard output is not collected.
  template <class Body>
  static std::unique_ptr<child_process> forked(Body body) {
    std::unique_ptr<child_process> child(new child_process);
    const pid_t parent = ::getpid();
    child->pid_ = ::fork();
    CHILD_REQUIRE(child->pid_ >= 0);
    if (child->pid_ == 0) {
      die_with_parent(parent);
      ::_exit(body());
    }
    return child;
  }
  ~child_process() {
    if (pid_ > 0) kill_hard();
  }
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  /// Reads its standard output until a line contains `text` or `limit` passes.
  bool wait_for_output(const std::string& text, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (output_.find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{output_fd_.get(), POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(output_fd_.get(), buffer, sizeof buffer);
      if (n > 0) output_.append(buffer, static_cast<std::size_t>(n));
      if (n == 0) break;  // it exited
    }
    return output_.find(text) != std::string::npos;
  }
  const std::string& output() const { return output_; }
  /// Its process id while it runs (-1 once waited for).
  pid_t pid() const { return pid_; }

  void kill_hard() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  /// SIGTERM, then waits (bounded) for the exit; returns the exit code, -1 if it had to be killed.
  int terminate(std::chrono::milliseconds limit) {
    ::kill(pid_, SIGTERM);
    return wait_exit(limit);
  }

  /// Waits (bounded) for it to exit by itself; returns the exit code or -1.
  int wait_exit(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill_hard();
    return -1;
  }

 private:
  child_process() = default;

  pid_t pid_ = -1;
  ws::emulator::unique_fd output_fd_;
  std::string output_;
};

#undef CHILD_REQUIRE

}  // namespace ws::test
