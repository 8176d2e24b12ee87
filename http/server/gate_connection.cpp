#include "http/server/gate_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace ws::http::server {

namespace {

/// What a TLS call that did not succeed asks for: wait to read, wait to write, or give up.
enum class tls_wait { read, write, broken };

tls_wait tls_wait_of(SSL* tls, int result) {
  switch (SSL_get_error(tls, result)) {
    case SSL_ERROR_WANT_READ: return tls_wait::read;
    case SSL_ERROR_WANT_WRITE: return tls_wait::write;
    default:
      ERR_clear_error();  // the error queue is per thread: leave it clean for the next user
      return tls_wait::broken;
  }
}

int milliseconds_until(gate_clock::time_point until) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - gate_clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(left);
}

/// One end of `fd` as getpeername or getsockname (`ask`) gives it.
std::optional<socket_end> end_of(int fd, int (*ask)(int, sockaddr*, socklen_t*)) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (ask(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return std::nullopt;
  socket_end out;
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    out.port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    out.port = ntohs(v6.sin6_port);
  }
  out.ip = text;
  return out;
}

}  // namespace

std::optional<socket_end> remote_end_of(int fd) { return end_of(fd, ::getpeername); }
std::optional<socket_end> local_end_of(int fd) { return end_of(fd, ::getsockname); }

gate_connection::gate_connection(int fd, ssl_st* tls, std::optional<socket_end> remote)
    : fd_(fd), tls_(tls), remote_(std::move(remote)), peer_(peer_of(remote_)), handshaken_(tls == nullptr) {}

const std::optional<socket_end>& gate_connection::local_end() {
  if (!local_asked_) {
    local_ = local_end_of(fd_);
    local_asked_ = true;
  }
  return local_;
}

gate_connection::~gate_connection() {
  if (tls_) {
    if (handshaken_) SSL_shutdown(tls_);  // non-blocking: sends close_notify if it fits
    SSL_free(tls_);
    ERR_clear_error();
  }
  ::shutdown(fd_, SHUT_RDWR);
  ::close(fd_);
}

bool gate_connection::advance_handshake(bool& failed) {
  failed = false;
  if (handshaken_) return true;
  ERR_clear_error();  // OpenSSL reads the thread's error queue after the call
  const int result = SSL_do_handshake(tls_);
  if (result == 1) {
    handshaken_ = true;
    return true;
  }
  failed = tls_wait_of(tls_, result) == tls_wait::broken;
  return false;
}

read_outcome gate_connection::read_available(std::size_t cap) {
  read_outcome outcome;
  if (tls_) ERR_clear_error();
  char chunk[16 * 1024];
  while (buffer.size() < cap) {
    const std::size_t want = std::min(sizeof chunk, cap - buffer.size());
    long got = 0;
    if (tls_) {
      got = SSL_read(tls_, chunk, static_cast<int>(want));
      if (got <= 0) {
        const auto wait = tls_wait_of(tls_, static_cast<int>(got));
        outcome.ended = wait == tls_wait::broken;
        break;
      }
    } else {
      got = ::recv(fd_, chunk, want, 0);
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        outcome.ended = true;
        break;
      }
      if (got < 0) {
        if (errno == EINTR) continue;
        break;
      }
    }
    buffer.append(chunk, static_cast<std::size_t>(got));
    outcome.bytes += static_cast<std::size_t>(got);
  }
  return outcome;
}

bool gate_connection::wait_ready(bool for_write, gate_clock::time_point until) const {
  pollfd p{fd_, static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
  for (;;) {
    const int ready = ::poll(&p, 1, milliseconds_until(until));
    if (ready > 0) return (p.revents & (for_write ? POLLOUT : POLLIN)) != 0 || (p.revents & (POLLHUP | POLLERR)) != 0;
    if (ready == 0) return false;
    if (errno != EINTR) return false;
  }
}

long gate_connection::read_waiting(char* into, std::size_t size, std::chrono::milliseconds limit) {
  const auto until = gate_clock::now() + limit;
  if (tls_) ERR_clear_error();
  for (;;) {
    if (tls_) {
      const int got = SSL_read(tls_, into, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
      if (got > 0) return got;
      const auto wait = tls_wait_of(tls_, got);
      if (wait == tls_wait::broken || !wait_ready(wait == tls_wait::write, until)) return -1;
    } else {
      const long got = ::recv(fd_, into, size, 0);
      if (got > 0) return got;
      if (got == 0) return 0;
      if (errno == EINTR) continue;
      if ((errno != EAGAIN && errno != EWOULDBLOCK) || !wait_ready(false, until)) return -1;
    }
  }
}

bool gate_connection::write_all(const char* data, std::size_t size, std::chrono::milliseconds limit) {
  const auto until = gate_clock::now() + limit;
  if (tls_) ERR_clear_error();
  std::size_t done = 0;
  while (done < size) {
    if (tls_) {
      const int put = SSL_write(tls_, data + done, static_cast<int>(std::min<std::size_t>(size - done, 1 << 30)));
      if (put > 0) {
        done += static_cast<std::size_t>(put);
        continue;
      }
      const auto wait = tls_wait_of(tls_, put);
      if (wait == tls_wait::broken || !wait_ready(wait == tls_wait::write, until)) return false;
    } else {
      const long put = ::send(fd_, data + done, size - done, MSG_NOSIGNAL);
      if (put > 0) {
        done += static_cast<std::size_t>(put);
        continue;
      }
      if (put < 0 && errno == EINTR) continue;
      if (put == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) || !wait_ready(true, until)) return false;
    }
  }
  return true;
}

void gate_connection::write_now(const std::string& data) {
  if (tls_) {
    ERR_clear_error();
    if (handshaken_ && SSL_write(tls_, data.data(), static_cast<int>(data.size())) <= 0) ERR_clear_error();
  } else {
    [[maybe_unused]] const auto sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  }
}

}  // namespace ws::http::server
