#include "actors/cluster/tcp_probe.hpp"

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ws::actors::cluster {

tcp_probe::tcp_probe(const std::string& address, std::uint16_t port) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    length = sizeof *v4;
  } else if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    length = sizeof *v6;
  } else {
    settle(state::failed, "cannot resolve " + address);
    return;
  }
  fd_ = socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    settle(state::failed, std::string("socket: ") + std::strerror(errno));
    return;
  }
  if (connect(fd_, reinterpret_cast<sockaddr*>(&storage), length) == 0) {
    settle(state::open, {});
  } else if (errno != EINPROGRESS) {
    settle(state::failed, std::strerror(errno));
  }
}

tcp_probe::~tcp_probe() {
  if (fd_ >= 0) close(fd_);
}

void tcp_probe::settle(state result, std::string why) {
  state_ = result;
  error_ = std::move(why);
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

tcp_probe::state tcp_probe::check() {
  if (state_ != state::pending) return state_;
  pollfd p{fd_, POLLOUT, 0};
  const int ready = poll(&p, 1, 0);
  if (ready == 0) return state_;
  if (ready < 0) {
    settle(state::failed, std::string("poll: ") + std::strerror(errno));
    return state_;
  }
  int error = 0;
  socklen_t size = sizeof error;
  if (getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &size) != 0) error = errno;
  if (error == 0)
    settle(state::open, {});
  else
    settle(state::failed, std::strerror(error));
  return state_;
}

std::string resolve_numeric(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) return host;
  char text[INET6_ADDRSTRLEN] = {};
  const void* where = found->ai_family == AF_INET
                          ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr)
                          : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(found->ai_addr)->sin6_addr);
  const bool ok = inet_ntop(found->ai_family, where, text, sizeof text) != nullptr;
  freeaddrinfo(found);
  return ok ? std::string(text) : host;
}

}  // namespace ws::actors::cluster
