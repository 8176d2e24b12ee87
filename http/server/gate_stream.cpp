#include "http/server/gate_stream.hpp"

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

// An end the kernel could not tell leaves the library's defaults ("" and -1), as before.
void gate_stream::get_remote_ip_and_port(std::string& ip, int& port) const {
  if (const auto& end = connection_.remote_end()) {
    ip = end->ip;
    port = end->port;
  }
}

void gate_stream::get_local_ip_and_port(std::string& ip, int& port) const {
  if (const auto& end = connection_.local_end()) {
    ip = end->ip;
    port = end->port;
  }
}

}  // namespace ws::http::server
