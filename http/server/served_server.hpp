#pragma once
// One cpp-httplib server serving on its own thread: bind, serve, stop, with the
// workarounds cpp-httplib 0.11.4 needs (a wider listen backlog; a stop() that waits until
// the listening thread runs). The front has two: the API address and, when configured,
// the operations address.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <httplib.h>

namespace ws::http::server {

/// A certificate (chain) and its private key, PEM files: the server speaks HTTPS.
struct tls_files {
  std::string certificate;
  std::string key;
};

class served_server {
 public:
  /// Plain HTTP, or HTTPS with `tls` (cpp-httplib's SSLServer: Debian's library is built
  /// with OpenSSL). Throws std::runtime_error naming the files when they cannot be loaded.
  explicit served_server(const std::optional<tls_files>& tls = std::nullopt);
  ~served_server();  ///< stop()s
  served_server(const served_server&) = delete;
  served_server& operator=(const served_server&) = delete;

  httplib::Server& http() { return *http_; }

  /// Binds host:port (0: any free port) and serves on its own thread; returns the bound
  /// port. Throws std::runtime_error naming host:port when it cannot bind.
  std::uint16_t start(const std::string& host, std::uint16_t port);
  /// Stops accepting and waits for the handlers in flight. Idempotent.
  void stop();
  std::uint16_t port() const { return bound_port_; }

 private:
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  std::atomic<bool> listener_returned_{false};  ///< set by thread_ when listen_after_bind() returns
  std::uint16_t bound_port_ = 0;
  bool running_ = false;
  int listen_socket_ = -1;  ///< captured when httplib creates it (see start())
};

}  // namespace ws::http::server
