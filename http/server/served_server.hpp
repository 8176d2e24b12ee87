#pragma once
// One cpp-httplib server serving on its own thread: bind, serve, stop. Its connections go
// through a connection gate (connection_gate.hpp): httplib's listening thread accepts,
// the gate holds each connection until a whole request is here, and a gate handler
// thread has httplib serve it. Also the workarounds cpp-httplib 0.11.4 needs (a wider
// listen backlog; a stop() that waits until the listening thread runs). The front has
// two: the API address and, when configured, the operations address.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <httplib.h>

#include "http/server/connection_gate.hpp"
#include "http/server/tls_context.hpp"

namespace ws::http::server {

class served_server {
 public:
  /// Plain HTTP, or HTTPS with `tls`. Throws std::runtime_error naming the files when
  /// they cannot be loaded.
  explicit served_server(gate_options gate, const std::optional<tls_files>& tls = std::nullopt);
  ~served_server();  ///< stop()s
  served_server(const served_server&) = delete;
  served_server& operator=(const served_server&) = delete;

  /// Routes and handlers; its thread and timeout settings are the gate's (gate_options).
  httplib::Server& http();

  /// Binds host:port (0: any free port) and serves on its own thread; returns the bound
  /// port. Throws std::runtime_error naming host:port when it cannot bind.
  std::uint16_t start(const std::string& host, std::uint16_t port);
  /// Stops accepting and waits for the handlers in flight. Idempotent.
  void stop();
  std::uint16_t port() const { return bound_port_; }
  ops::connection_counters counters() const;

 private:
  class gated_http_server;

  std::unique_ptr<tls_context> tls_;
  std::unique_ptr<gated_http_server> http_;
  std::unique_ptr<connection_gate> gate_;
  std::thread thread_;
  std::atomic<bool> listener_returned_{false};  ///< set by thread_ when listen_after_bind() returns
  std::uint16_t bound_port_ = 0;
  bool running_ = false;
  int listen_socket_ = -1;  ///< captured when httplib creates it (see start())
};

}  // namespace ws::http::server
