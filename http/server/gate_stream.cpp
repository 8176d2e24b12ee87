#include "http/server/gate_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <string_view>

namespace ws::http::server {

namespace {

constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";

/// Whether an answer's head (all of it comes in the first write: httplib builds the status
/// line and headers in one buffer) says the connection closes after it.
bool head_says_close(std::string_view written) {
  if (written.rfind("HTTP/1.", 0) != 0) return false;
  const std::size_t head_end = written.find("\r\n\r\n");
  const std::string_view head = written.substr(0, head_end == std::string_view::npos ? written.size() : head_end + 2);
  return head.find("\r\nConnection: close\r\n") != std::string_view::npos;
}

/// One end of `fd` as getpeername or getsockname (`ask`) gives it; empty if it fails.
gate_connection::endpoint endpoint_of(int fd, int (*ask)(int, sockaddr*, socklen_t*)) {
  gate_connection::endpoint out;
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (ask(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return out;
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

bool gate_stream::is_readable() const { return consumed_ < connection_.buffer.size(); }

ssize_t gate_stream::read(char* ptr, size_t size) {
  const std::size_t buffered = connection_.buffer.size() - consumed_;
  if (buffered > 0) {
    const std::size_t n = std::min(size, buffered);
    std::memcpy(ptr, connection_.buffer.data() + consumed_, n);
    consumed_ += n;
    return static_cast<ssize_t>(n);
  }
  // Past what the gate judged to be the request (a handler reading more than announced):
  // bytes not in the buffer are not the next request's, as that one starts after this.
  return connection_.read_waiting(ptr, size, read_limit_);
}

ssize_t gate_stream::write(const char* ptr, size_t size) {
  const std::string_view data(ptr, size);
  // The gate already told the client to send its body; the library's own 100 Continue
  // would be a second one.
  if (connection_.continue_sent && data == continue_line) return static_cast<ssize_t>(size);
  if (head_says_close(data)) answer_closes_ = true;
  return connection_.write_all(ptr, size, write_limit_) ? static_cast<ssize_t>(size) : -1;
}

void gate_stream::get_remote_ip_and_port(std::string& ip, int& port) const {
  if (!connection_.remote_end) connection_.remote_end = endpoint_of(connection_.fd(), ::getpeername);
  ip = connection_.remote_end->ip;
  port = connection_.remote_end->port;
}

void gate_stream::get_local_ip_and_port(std::string& ip, int& port) const {
  if (!connection_.local_end) connection_.local_end = endpoint_of(connection_.fd(), ::getsockname);
  ip = connection_.local_end->ip;
  port = connection_.local_end->port;
}

}  // namespace ws::http::server
