#pragma once
// The connection gate: what stands between the API's clients and its handler threads.
// cpp-httplib 0.11.4 gives each connection a pool thread for as long as it lives, so 64
// clients trickling their headers stop the server. Here one thread (epoll) holds every
// connection while its request arrives (the TLS handshake included), under a deadline
// for the whole request and caps on connections in all and per peer; a handler thread
// gets a connection only when a whole request is buffered, serves it, and gives the
// connection back. An idle keep-alive connection costs a socket and a few hundred bytes.
//
// Refusals the gate answers itself, then closes: 408 (the request did not arrive within
// its deadline), 431 (no end of head within max_head_bytes), 503 (a connection cap).
// Everything about the request itself stays with the handlers (httplib and the routes).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <httplib.h>

#include "http/server/gate_connection.hpp"
#include "http/ops/connection_counters.hpp"
#include "http/server/tls_context.hpp"

namespace ws::http::server {

struct gate_options {
  int threads = 64;                           ///< handler threads: requests served at once
  std::size_t max_head_bytes = 32 * 1024;     ///< request line and headers
  std::size_t max_body_bytes = 1 << 20;       ///< bodies announced larger are not waited for
  std::chrono::milliseconds request_timeout{10'000};  ///< first byte to whole request (and a TLS handshake)
  std::chrono::milliseconds idle_timeout{2'000};      ///< keep-alive wait for the next request
  std::chrono::milliseconds write_timeout{10'000};    ///< an answer's writing
  std::size_t max_connections = 16'384;
  std::size_t max_connections_per_peer = 4'096;
};

class connection_gate {
 public:
  /// Serves one whole request from `stream`; sets `connection_closed` when the request
  /// asked to close; false when the connection broke.
  using serve_function = std::function<bool(httplib::Stream& stream, bool& connection_closed)>;

  /// `tls` (may be null: plain HTTP) must outlive the gate.
  connection_gate(gate_options options, serve_function serve, const tls_context* tls);
  ~connection_gate();  ///< stop()s
  connection_gate(const connection_gate&) = delete;
  connection_gate& operator=(const connection_gate&) = delete;

  void start();
  /// Closes every connection not being served, lets the requests being served finish
  /// (each bounded by its job's deadline), then closes those too. Idempotent.
  void stop();
  /// Takes an accepted socket (from the listening thread); never blocks on the client.
  void admit(int fd);
  ops::connection_counters counters() const;

 private:
  void run_events();
  void run_handler();
  void take_inbox();
  void on_admitted(int fd);
  void on_event(gate_connection* connection);
  void on_bytes(gate_connection& connection);
  void serve(gate_connection& connection);
  void give_back(gate_connection& connection, bool close);
  void arm(gate_connection& connection);
  void queue(gate_connection& connection);
  void refuse(gate_connection& connection, int status, const std::string& message);
  void close(gate_connection& connection);
  void expire_deadlines();
  void close_all_unserved();

  gate_options options_;
  serve_function serve_;
  const tls_context* tls_;
  int epoll_ = -1;
  int wake_ = -1;  ///< eventfd: the inbox has something
  std::thread events_thread_;
  std::vector<std::thread> handlers_;
  std::atomic<bool> stopping_{false};
  bool started_ = false;

  // Owned by the events thread.
  std::unordered_map<gate_connection*, std::unique_ptr<gate_connection>> connections_;
  std::unordered_map<std::string, std::size_t> per_peer_;
  std::size_t serving_ = 0;  ///< queued or serving: out of the events thread's hands

  // The inbox: what other threads hand the events thread.
  std::mutex inbox_mutex_;
  std::vector<int> admitted_;
  std::vector<std::pair<gate_connection*, bool>> returned_;  ///< connection, close it

  // Whole requests waiting for a handler thread.
  std::mutex work_mutex_;
  std::condition_variable work_ready_;
  std::deque<gate_connection*> work_;
  bool work_closed_ = false;

  mutable std::mutex counters_mutex_;
  ops::connection_counters counters_;
};

}  // namespace ws::http::server
