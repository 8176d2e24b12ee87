#include "emulator/pty_port.hpp"

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace ws::emulator {

namespace {

[[noreturn]] void throw_errno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

void add_fd_flags(int fd, int fd_flags, int status_flags) {
  if (fd_flags != 0) {
    const int current = ::fcntl(fd, F_GETFD);
    if (current < 0 || ::fcntl(fd, F_SETFD, current | fd_flags) < 0) throw_errno("fcntl(F_SETFD)");
  }
  if (status_flags != 0) {
    const int current = ::fcntl(fd, F_GETFL);
    if (current < 0 || ::fcntl(fd, F_SETFL, current | status_flags) < 0) throw_errno("fcntl(F_SETFL)");
  }
}

}  // namespace

void unique_fd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

void set_raw_115200_8n1(int fd) {
  termios tio{};
  if (::tcgetattr(fd, &tio) != 0) throw_errno("tcgetattr");
  ::cfmakeraw(&tio);
  tio.c_cflag &= ~static_cast<tcflag_t>(PARENB | CSTOPB | CSIZE | CRTSCTS);
  tio.c_cflag |= CS8 | CLOCAL | CREAD;
  tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
  tio.c_cc[VMIN] = 1;
  tio.c_cc[VTIME] = 0;
  if (::cfsetispeed(&tio, B115200) != 0 || ::cfsetospeed(&tio, B115200) != 0) throw_errno("cfsetspeed");
  if (::tcsetattr(fd, TCSANOW, &tio) != 0) throw_errno("tcsetattr");
}

pty_pair open_raw_pty() {
  int master = -1;
  int slave = -1;
  if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) throw_errno("openpty");
  pty_pair pair;
  pair.master.reset(master);
  pair.slave.reset(slave);
  add_fd_flags(master, FD_CLOEXEC, O_NONBLOCK);
  add_fd_flags(slave, FD_CLOEXEC, 0);
  set_raw_115200_8n1(slave);
  char name[128] = {};
  if (::ptsname_r(master, name, sizeof name) != 0) throw_errno("ptsname_r");
  pair.slave_path = name;
  return pair;
}

}  // namespace ws::emulator
