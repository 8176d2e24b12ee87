#pragma once
// The httplib::Stream a handler thread serves one request through: it reads the request
// from what the connection gate buffered (so a pipelined request that follows stays for
// the next round) and writes the answer to the connection. It also notes what the gate
// must act on afterwards: an answer that says `Connection: close`.

#include <chrono>
#include <cstddef>
#include <string>

#include <httplib.h>

#include "http/server/gate_connection.hpp"

namespace ws::http::server {

class gate_stream final : public httplib::Stream {
 public:
  gate_stream(gate_connection& connection, std::chrono::milliseconds read_limit, std::chrono::milliseconds write_limit)
      : connection_(connection), read_limit_(read_limit), write_limit_(write_limit) {}

  bool is_readable() const override;
  bool is_writable() const override { return true; }  ///< write() itself waits, within its limit
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  /// httplib 0.11.4 (built for select()) answers 500 to any request on a socket numbered
  /// FD_SETSIZE or above, a check meant for its own select() calls. This stream never
  /// selects (the gate uses epoll, the waits here poll), so it reports no socket number.
  socket_t socket() const override { return INVALID_SOCKET; }

  /// Bytes of the gate's buffer this request used.
  std::size_t consumed() const { return consumed_; }
  /// The answer written carried `Connection: close`.
  bool answer_closes() const { return answer_closes_; }

 private:
  gate_connection& connection_;
  std::chrono::milliseconds read_limit_;
  std::chrono::milliseconds write_limit_;
  std::size_t consumed_ = 0;
  bool answer_closes_ = false;
};

}  // namespace ws::http::server
