#pragma once
// Register lines on one Asio io_context thread. CAF's multiplexer cannot drive tty
// descriptors, so every line (a serial port, a pty standing in for one, or a TCP socket)
// lives here and reports to its register actor with messages (part of the register_actor
// interface in farm_messages.hpp, so the compiler checks them):
//   (line_up_atom, generation)                 the line is open
//   (line_bytes_atom, generation, bytes)       bytes arrived
//   (line_down_atom, generation, reason)       open failed, or the line broke; it is closed
// Each open() starts a new generation, so the actor can ignore what an older opening of
// the line still had in flight. A line is touched only on its strand; the actor only
// posts to it, never waits. Shutdown: exit the actors (their lines close) -> line_io::stop().

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "actors/farm_messages.hpp"

#include "protocol/common/bytes.hpp"

namespace ws::actors {

/// One io_context on its own thread, shared by every line of the process.
class line_io {
 public:
  line_io();
  ~line_io();
  line_io(const line_io&) = delete;
  line_io& operator=(const line_io&) = delete;

  boost::asio::io_context& context() { return io_; }
  /// Lets the thread finish the work already posted (closing lines), then joins it.
  /// Idempotent. Call after the actors owning lines have exited.
  void stop();

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread thread_;
};

/// Where a port string points.
struct port_address {
  bool tcp = false;
  std::string path;       ///< serial device path when !tcp
  std::string host;       ///< tcp
  std::uint16_t port = 0; ///< tcp
};

/// "tcp://host:port" or a device path; throws std::invalid_argument on a bad tcp address.
port_address parse_port(const std::string& text);

/// The line of one register. Create with line::create; every method may be called from
/// the owner's thread and only posts work to the io thread.
class line {
 public:
  static std::shared_ptr<line> create(line_io& io, std::string port, std::uint32_t baud, register_actor owner);
  ~line();
  line(const line&) = delete;
  line& operator=(const line&) = delete;

  /// (Re)opens the line; the answer is line_up or line_down with the returned generation.
  std::uint64_t open();
  /// Writes bytes if the line is still at `generation` (else they are dropped).
  void write(std::uint64_t generation, bytes data);
  /// Closes the line; nothing more is reported about the current generation.
  void close();
  /// Closes the line and never reports to the owner again (the owner is exiting).
  void detach();

  const std::string& port() const;

 private:
  struct impl;
  explicit line(std::shared_ptr<impl> impl);
  std::shared_ptr<impl> impl_;
  std::uint64_t generation_ = 0;
};

}  // namespace ws::actors
