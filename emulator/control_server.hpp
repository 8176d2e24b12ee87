#pragma once
// Serves the control commands (control_protocol.hpp) on a Unix stream socket, one
// command per line, on a thread of its own: a command may wait for a device's thread,
// so it must not run on one.

#include <filesystem>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>

namespace ws::emulator {

class emulator_farm;

class control_server {
 public:
  /// Listens on `socket_path`, replacing a stale socket file left by a killed emulator
  /// (but throws if a live one still answers there).
  control_server(emulator_farm& farm, std::filesystem::path socket_path);
  ~control_server();
  control_server(const control_server&) = delete;
  control_server& operator=(const control_server&) = delete;

  /// Stops serving and removes the socket file. Idempotent.
  void stop();
  const std::filesystem::path& path() const { return path_; }

 private:
  class session;
  void accept_next();

  emulator_farm& farm_;
  std::filesystem::path path_;
  boost::asio::io_context io_;
  boost::asio::local::stream_protocol::acceptor acceptor_;
  std::thread thread_;
  bool stopped_ = false;
};

}  // namespace ws::emulator
