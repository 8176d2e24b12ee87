#include "http/server/served_server.hpp"

#include <sys/socket.h>

#include <chrono>
#include <stdexcept>

namespace ws::http::server {

namespace {

std::unique_ptr<httplib::Server> make_server(const std::optional<tls_files>& tls) {
  if (!tls) return std::make_unique<httplib::Server>();
  auto secure = std::make_unique<httplib::SSLServer>(tls->certificate.c_str(), tls->key.c_str());
  if (!secure->is_valid())
    throw std::runtime_error("cannot load the TLS certificate " + tls->certificate + " with its key " + tls->key +
                             " (PEM files, the key matching the certificate)");
  return secure;
}

}  // namespace

served_server::served_server(const std::optional<tls_files>& tls) : http_(make_server(tls)) {
  http_->set_socket_options([this](socket_t socket) {
    int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_socket_ = socket;
  });
}

served_server::~served_server() { stop(); }

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
  // overflows the accept queue, and a connection whose request bytes were dropped there
  // can miss the server's first-request wait and be closed unanswered. Listening again
  // on the bound socket raises the backlog (Linux allows it).
  if (listen_socket_ >= 0) ::listen(listen_socket_, SOMAXCONN);
  bound_port_ = static_cast<std::uint16_t>(bound);
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
  running_ = false;
}

}  // namespace ws::http::server
