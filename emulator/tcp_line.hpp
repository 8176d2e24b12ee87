#pragma once
// A device's line over TCP, as Shtrih-M registers with an Ethernet port offer it: the
// same byte protocol on one listening port at 127.0.0.1. One host at a time: a new
// connection replaces the old one (a host that died without closing must not lock the
// device out). Not thread-safe: use it from its io_context's thread only.

#include <array>
#include <cstdint>
#include <functional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "protocol/common/bytes.hpp"

namespace ws::emulator {

class tcp_line {
 public:
  using bytes_handler = std::function<void(const byte_t* data, std::size_t size)>;

  tcp_line(boost::asio::io_context& io, std::uint16_t port, bytes_handler on_bytes);
  ~tcp_line();
  tcp_line(const tcp_line&) = delete;
  tcp_line& operator=(const tcp_line&) = delete;

  /// Listens on 127.0.0.1:port. Throws if the port is taken.
  void open();
  /// Closes the connection and stops listening (connects are refused until open()).
  void close();
  bool is_open() const { return acceptor_.is_open(); }
  bool connected() const { return socket_.is_open(); }

  void write(const bytes& data);
  std::uint16_t port() const { return port_; }

 private:
  void accept_next();
  void read_more();
  void drop_connection();

  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::ip::tcp::socket socket_;
  bytes_handler on_bytes_;
  std::uint16_t port_;
  std::uint32_t generation_ = 0;  ///< of the connection: completions of older ones are ignored
  std::array<byte_t, 128> buffer_{};
};

}  // namespace ws::emulator
