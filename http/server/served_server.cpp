#include "http/server/served_server.hpp"

#include <sys/socket.h>

#include <chrono>
#include <stdexcept>

namespace ws::http::server {

namespace {

/// httplib's listening thread runs its per-connection task itself: the task only hands the
/// socket to the gate.
class inline_task_queue final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> task) override { task(); }
  void shutdown() override {}
};

}  // namespace

/// An httplib::Server whose accepted sockets go to the gate, and which serves one whole
/// request at a time from the stream the gate gives it.
class served_server::gated_http_server final : public httplib::Server {
 public:
  explicit gated_http_server(connection_gate& gate) : gate_(gate) {
    new_task_queue = [] { return new inline_task_queue; };
  }

  bool serve_request(httplib::Stream& stream, bool& connection_closed) {
    // Whether the connection stays open after the answer is the gate's to decide (its
    // idle deadline), so the answer never announces a close the client did not ask for.
    return process_request(stream, false, connection_closed, nullptr);
  }

 private:
  /// Called on the listening thread for each accepted socket (see inline_task_queue).
  bool process_and_close_socket(socket_t sock) override {
    gate_.admit(sock);
    return true;
  }

  connection_gate& gate_;
};

served_server::served_server(gate_options gate, const std::optional<tls_files>& tls)
    : tls_(tls ? std::make_unique<tls_context>(*tls) : nullptr) {
  gate_ = std::make_unique<connection_gate>(
      gate, [this](httplib::Stream& stream, bool& closed) { return http_->serve_request(stream, closed); },
      tls_.get());
  http_ = std::make_unique<gated_http_server>(*gate_);
  http_->set_socket_options([this](socket_t socket) {
    int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_socket_ = socket;
  });
}

served_server::~served_server() { stop(); }

httplib::Server& served_server::http() { return *http_; }

ops::connection_counters served_server::counters() const { return gate_->counters(); }

std::uint16_t served_server::start(const std::string& host, std::uint16_t port) {
  if (running_) return bound_port_;
  int bound = 0;
  if (port == 0) {
    bound = http_->bind_to_any_port(host);
  } else if (http_->bind_to_port(host, port)) {
    bound = port;
  }
  if (bound <= 0) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port));
  // cpp-httplib 0.11.4 is built with a listen backlog of 5: a burst of clients then
  // overflows the accept queue. Listening again on the bound socket raises the backlog
  // (Linux allows it).
  if (listen_socket_ >= 0) ::listen(listen_socket_, SOMAXCONN);
  bound_port_ = static_cast<std::uint16_t>(bound);
  gate_->start();
  running_ = true;
  listener_returned_ = false;
  thread_ = std::thread([this] {
    http_->listen_after_bind();
    listener_returned_ = true;
  });
  return bound_port_;
}

void served_server::stop() {
  if (!running_) return;
  // httplib::Server::stop() does nothing until the listening thread has set its running
  // flag, which it does on entering listen_after_bind(): a stop right after start() (a stop
  // signal during start-up) would leave that thread in accept() for good. So wait until it
  // runs, then stop it once (a second stop() trips httplib's assertion on the socket).
  while (!listener_returned_) {
    if (http_->is_running()) {
      http_->stop();
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  if (thread_.joinable()) thread_.join();
  gate_->stop();  // nothing is admitted any more: close the idle, let the served finish
  running_ = false;
}

}  // namespace ws::http::server
