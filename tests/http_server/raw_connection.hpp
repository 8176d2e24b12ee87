#pragma once
// A TCP connection to the front written and read byte by byte, as a hostile client would.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace ws::http::test {

/// A TCP connection written and read byte by byte, as a hostile client would.
class raw_connection {
 public:
  explicit raw_connection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect");
    }
  }
  ~raw_connection() {
    if (fd_ >= 0) ::close(fd_);
  }
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  int fd() const { return fd_; }

  /// False when the server closed its end first.
  bool send(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::send(fd_, text.data() + done, text.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

  /// Reads until `count` occurrences of `text` arrived, the server closed, or `limit`.
  std::string read_until(const std::string& text, int count, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (occurrences(text) < count && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      received_.append(buffer, static_cast<std::size_t>(n));
    }
    return received_;
  }

  /// True once the server closed the connection (waits up to `limit` for it).
  bool closed_by_server(std::chrono::milliseconds limit) {
    read_until("\x01never\x01", 1, limit);
    return closed_;
  }

 private:
  int occurrences(const std::string& text) const {
    int n = 0;
    for (auto at = received_.find(text); at != std::string::npos; at = received_.find(text, at + text.size())) ++n;
    return n;
  }

  int fd_ = -1;
  std::string received_;
  bool closed_ = false;
};

/// The status line of an answer ("HTTP/1.1 200 OK").
inline std::string status_line(const std::string& response) { return response.substr(0, response.find("\r\n")); }

}  // namespace ws::http::test
